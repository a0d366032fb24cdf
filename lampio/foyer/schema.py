"""Every WebSocket message of the foyer, in one place, in both directions.

Client → server messages are pydantic models; anything else (not JSON, too large, an unknown
type, a missing or wrong field, text a database cannot store) becomes an `error` event and
changes nothing. Server → client events are pydantic models too: `events.py` builds every
frame from them, so a frame that does not match its model is never sent, and the tests
validate every frame a client receives against `ServerEvent`.
"""

from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
)

from lampio.core.refusals import RefusedError

from .reactions import REACTION_KINDS

MAX_FRAME_BYTES = 4096
MAX_MESSAGE_CHARS = 500
MAX_QUESTION_CHARS = 300
Reaction = Literal[REACTION_KINDS]  # type: ignore[valid-type]


class _Event(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _storable(text: str) -> str:
    """PostgreSQL cannot store NUL, and no database can store a lone surrogate."""
    if "\x00" in text or any("\ud800" <= ch <= "\udfff" for ch in text):
        raise ValueError("text a database cannot store")
    return text


Text = Annotated[str, Field(min_length=1, max_length=MAX_MESSAGE_CHARS), AfterValidator(_storable)]
Id = Annotated[int, Field(ge=1, lt=2**53)]


class Hello(_Event):
    type: Literal["hello"]
    last_event_id: Annotated[int, Field(ge=0, lt=2**53)] = 0


class Heartbeat(_Event):
    type: Literal["heartbeat"]


class Clock(_Event):
    type: Literal["clock"]
    client_time: Annotated[float, Field(ge=0, lt=1e13)]


class Chat(_Event):
    type: Literal["chat"]
    text: Text


class React(_Event):
    type: Literal["react"]
    kind: Reaction
    # Clicks are gathered in the browser and sent at most a few times a second.
    count: Annotated[int, Field(ge=1, le=20)] = 1


class Ask(_Event):
    type: Literal["ask"]
    text: Annotated[
        str, Field(min_length=1, max_length=MAX_QUESTION_CHARS), AfterValidator(_storable)
    ]


class Second(_Event):
    type: Literal["second"]
    question_id: Id


class ReportMessage(_Event):
    type: Literal["report"]
    message_id: Id


class MoveTable(_Event):
    type: Literal["move_table"]
    table: Annotated[int, Field(ge=1, le=100000)] | None = None
    code: Annotated[str, Field(min_length=4, max_length=8, pattern=r"^[A-Za-z0-9]+$")] | None = None


class HostAnnounce(_Event):
    type: Literal["host_announce"]
    text: Text


class HostPin(_Event):
    type: Literal["host_pin"]
    message_id: Id | None = None


class HostHide(_Event):
    type: Literal["host_hide"]
    message_id: Id


class HostMute(_Event):
    type: Literal["host_mute"]
    user_id: Id
    minutes: Annotated[int, Field(ge=1, le=240)]


class HostRemove(_Event):
    type: Literal["host_remove"]
    user_id: Id


class HostSlowMode(_Event):
    type: Literal["host_slow_mode"]
    seconds: Annotated[int, Field(ge=0, le=600)]


class HostChat(_Event):
    type: Literal["host_chat"]
    open: bool


class HostAnswer(_Event):
    type: Literal["host_answer"]
    question_id: Id


class HostPremiere(_Event):
    type: Literal["host_premiere"]
    action: Literal["pause", "resume"]


ClientEvent = Annotated[
    Hello
    | Heartbeat
    | Clock
    | Chat
    | React
    | Ask
    | Second
    | ReportMessage
    | MoveTable
    | HostAnnounce
    | HostPin
    | HostHide
    | HostMute
    | HostRemove
    | HostSlowMode
    | HostChat
    | HostAnswer
    | HostPremiere,
    Field(discriminator="type"),
]
_adapter = TypeAdapter(ClientEvent)
HOST_EVENTS = {
    "host_announce",
    "host_pin",
    "host_hide",
    "host_mute",
    "host_remove",
    "host_slow_mode",
    "host_chat",
    "host_answer",
    "host_premiere",
}
WRITE_EVENTS = {"chat", "react", "ask", "second", "report", "move_table"}


def parse_client_event(text: str | None):
    """Parse one frame into a client event, or refuse it (a binary frame is not understood)."""
    if text is None:
        raise RefusedError("foyer.invalid")
    if len(text.encode()) > MAX_FRAME_BYTES:
        raise RefusedError("foyer.too_large")
    try:
        return _adapter.validate_json(text)
    except ValidationError as error:
        kinds = {e["type"] for e in error.errors()}
        if "json_invalid" in kinds or "model_type" in kinds:
            raise RefusedError("foyer.malformed") from None
        if "union_tag_invalid" in kinds or "union_tag_not_found" in kinds:
            raise RefusedError("foyer.unknown_type") from None
        raise RefusedError("foyer.invalid") from None


# --- server → client -----------------------------------------------------------------


class _ServerEvent(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MessageOut(_ServerEvent):
    """A chat message at a table, or an announcement to everyone (table is null)."""

    type: Literal["message"] = "message"
    id: int
    table: int | None
    kind: Literal["chat", "announcement"]
    author: str
    author_id: int | None
    text: str
    at: str


class Me(_ServerEvent):
    user_id: int | None
    name: str | None
    is_host: bool
    table: int | None
    code: str | None
    can_write: bool


class PremiereOut(_ServerEvent):
    """The shared clock of a premiere: where everybody is, and whether the host paused."""

    type: Literal["premiere"] = "premiere"
    starts_at: float
    paused_at: float | None
    paused_seconds: float
    position: float
    server_time: float


class QuestionItem(_ServerEvent):
    id: int
    author: str
    author_id: int | None
    text: str
    seconds: int
    answered: bool


class Welcome(_ServerEvent):
    type: Literal["welcome"] = "welcome"
    me: Me
    open: bool
    opens_at: str | None
    closes_at: str | None
    chat_open: bool
    slow_mode: int
    pinned: MessageOut | None
    premiere: PremiereOut | None
    reactions: dict[Reaction, int]
    questions: list[QuestionItem]
    messages: list[MessageOut]


class Hidden(_ServerEvent):
    type: Literal["hidden"] = "hidden"
    id: int


class Pinned(_ServerEvent):
    type: Literal["pinned"] = "pinned"
    message: MessageOut | None


class Reactions(_ServerEvent):
    type: Literal["reactions"] = "reactions"
    totals: dict[Reaction, int]


class TableNow(_ServerEvent):
    number: int | None
    people: list[str]


class FreeSeats(_ServerEvent):
    number: int
    free: int


class GroupWatching(_ServerEvent):
    place: str
    viewers: int


class PresenceOut(_ServerEvent):
    type: Literal["presence"] = "presence"
    count: int
    table: TableNow
    tables: list[FreeSeats]
    groups: list[GroupWatching] = []


class Questions(_ServerEvent):
    type: Literal["questions"] = "questions"
    items: list[QuestionItem]


class Settings(_ServerEvent):
    type: Literal["settings"] = "settings"
    chat_open: bool
    slow_mode: int


class Seated(_ServerEvent):
    type: Literal["seated"] = "seated"
    table: int
    code: str


class ClockOut(_ServerEvent):
    type: Literal["clock"] = "clock"
    client_time: float
    server_time: float


class ErrorOut(_ServerEvent):
    type: Literal["error"] = "error"
    code: str
    message: str


class Muted(_ServerEvent):
    """To the person's own connections; `message` is added in each one's language."""

    type: Literal["muted"] = "muted"
    until: str
    until_iso: str
    message: str | None = None


class Removed(_ServerEvent):
    type: Literal["removed"] = "removed"
    message: str | None = None


class LoggedOut(_ServerEvent):
    """The person logged out on all devices: this connection ends too."""

    type: Literal["logged_out"] = "logged_out"
    message: str | None = None


class ReportOut(_ServerEvent):
    """To the hosts: somebody reported a message."""

    type: Literal["report"] = "report"
    message: MessageOut
    reporter: str


class Reported(_ServerEvent):
    type: Literal["reported"] = "reported"
    id: int


class Done(_ServerEvent):
    """To the host who acted: the action took effect."""

    type: Literal["done"] = "done"
    action: Literal["mute", "remove"]
    user_id: int


ServerEvent = Annotated[
    Welcome
    | MessageOut
    | Hidden
    | Pinned
    | Reactions
    | PresenceOut
    | Questions
    | Settings
    | PremiereOut
    | Seated
    | ClockOut
    | ErrorOut
    | Muted
    | Removed
    | LoggedOut
    | ReportOut
    | Reported
    | Done,
    Field(discriminator="type"),
]
server_event_adapter = TypeAdapter(ServerEvent)
