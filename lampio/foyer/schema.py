"""Every WebSocket message of the foyer, in one place.

Client → server messages are pydantic models; anything else (not JSON, too large, an unknown
type, a missing or wrong field) becomes an `error` event and changes nothing. Server → client
events are listed in SERVER_EVENTS with their fields, for the JavaScript and the docs.
"""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

MAX_FRAME_BYTES = 4096
MAX_MESSAGE_CHARS = 500
MAX_QUESTION_CHARS = 300
REACTIONS = ("applause", "heart", "laugh", "bravo")


class _Event(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


Text = Annotated[str, Field(min_length=1, max_length=MAX_MESSAGE_CHARS)]
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
    kind: Literal["applause", "heart", "laugh", "bravo"]
    # Clicks are gathered in the browser and sent at most a few times a second.
    count: Annotated[int, Field(ge=1, le=20)] = 1


class Ask(_Event):
    type: Literal["ask"]
    text: Annotated[str, Field(min_length=1, max_length=MAX_QUESTION_CHARS)]


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


class SchemaError(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def parse_client_event(text: str | None):
    """Parse one frame into a client event, or raise SchemaError with a code."""
    if text is None:
        raise SchemaError("not_text")
    if len(text.encode()) > MAX_FRAME_BYTES:
        raise SchemaError("too_large")
    try:
        return _adapter.validate_json(text)
    except ValidationError as error:
        kinds = {e["type"] for e in error.errors()}
        if "json_invalid" in kinds or "model_type" in kinds:
            raise SchemaError("malformed") from None
        if "union_tag_invalid" in kinds or "union_tag_not_found" in kinds:
            raise SchemaError("unknown_type") from None
        raise SchemaError("invalid") from None


# Server → client events and their fields.
SERVER_EVENTS = {
    "welcome": "me{user_id,name,is_host,table,code,can_write}, open, opens_at, closes_at, "
    "chat_open, slow_mode, pinned, premiere, reactions, jitsi",
    "message": "id, table (null for announcements), kind, author, author_id, text, at",
    "hidden": "id",
    "pinned": "message (or null)",
    "reactions": "totals{applause,heart,laugh,bravo}",
    "presence": "count, table{number, code, people[]}, tables[{number, free}]",
    "questions": "items[{id, author, text, seconds, answered}]",
    "settings": "chat_open, slow_mode",
    "premiere": "starts_at, paused_at, paused_seconds, server_time",
    "seated": "table, code",
    "clock": "client_time, server_time",
    "error": "code, message (translated)",
    "removed": "message",
}
