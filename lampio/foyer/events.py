"""The foyer's real-time contract, write side: the one place that names channel groups and
builds every server event (the models in schema.py).

Services call the sending functions here inside their transaction; each frame is handed to
the channel layer in `transaction.on_commit` (Zulip's send_event_on_commit), so it reaches
every connection on every process — whoever made the change: the consumer, the Django admin,
a task or a test — and only once the database holds it. The chat hot path is the one
exception: the consumer's batcher commits a batch of messages, then `message_posted` sends
each one.

Each process subscribes one channel to the groups its connections need and passes every
event on to them (local.py). Channel-layer message types:
- `foyer.frame`: an encoded frame for everyone in the group, passed on as it is;
- `foyer.settings`: as a frame, and every connection updates its writer state;
- `foyer.personal`: to one person's connections (`user`) in a foyer, or in every foyer when
  sent to ACCOUNTS, explained in each one's language.
Every message names its `group`; `foyer` and `changes_foyer` tell each process to read the
foyer's shared state again; a chat message's `id` lets a connection that is just arriving
leave out what its welcome already holds.
"""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.utils import timezone

from .models import Foyer, Message
from .schema import (
    Hidden,
    LoggedOut,
    MessageOut,
    Muted,
    Pinned,
    PremiereOut,
    QuestionItem,
    Questions,
    Removed,
    ReportOut,
    Settings,
)
from .selectors import premiere_clock, questions_list

FRAME = "foyer.frame"
SETTINGS = "foyer.settings"
PERSONAL = "foyer.personal"
# Every foyer connection of every account: logging out everywhere reaches them through it.
ACCOUNTS = "foyer-accounts"


# --- groups ----------------------------------------------------------------------------


def everyone(foyer_id: int) -> str:
    return f"foyer-{foyer_id}"


def table(foyer_id: int, number: int | None) -> str:
    return f"foyer-{foyer_id}-t-{number}"


def hosts(foyer_id: int) -> str:
    return f"foyer-{foyer_id}-hosts"


# --- building events -------------------------------------------------------------------


def message_out(message: Message, table_number: int | None) -> MessageOut:
    return MessageOut(
        id=message.pk,
        table=table_number,
        kind=message.kind,
        author=message.author_name,
        author_id=message.author_id,
        text=message.text,
        at=message.created_at.isoformat(),
    )


def premiere_out(foyer: Foyer, *, now=None) -> PremiereOut | None:
    """A premiere's shared clock, or None when the foyer is not a premiere's."""
    if foyer.showing is None or foyer.showing.video_id is None:
        return None
    clock = premiere_clock(showing=foyer.showing, foyer=foyer, now=now or timezone.now())
    return PremiereOut(
        starts_at=clock.starts_at.timestamp(),
        paused_at=clock.paused_at.timestamp() if clock.paused_at else None,
        paused_seconds=clock.paused_seconds,
        position=clock.position,
        server_time=clock.now.timestamp(),
    )


def questions_out(items: list[dict]) -> Questions:
    return Questions(items=[QuestionItem(**item) for item in items])


def settings_out(foyer: Foyer) -> Settings:
    return Settings(chat_open=foyer.chat_open, slow_mode=foyer.slow_mode_seconds)


# --- sending ---------------------------------------------------------------------------


def _layer_message(kind: str, event, group: str, **extra) -> dict:
    return {"type": kind, "text": event.model_dump_json(), "group": group, **extra}


def send_on_commit(group: str, event, *, kind: str = FRAME, **extra) -> None:
    """Send after the current transaction commits (at once outside one). Runs in a thread
    (a sync view, a service called through database_sync_to_async, a task)."""
    message = _layer_message(kind, event, group, **extra)

    def send() -> None:
        async_to_sync(get_channel_layer().group_send)(group, message)

    transaction.on_commit(send)


async def message_posted(message: Message, table_number: int) -> None:
    """From the event loop, for messages the chat batcher has committed."""
    group = table(message.foyer_id, table_number)
    event = message_out(message, table_number)
    await get_channel_layer().group_send(group, _layer_message(FRAME, event, group, id=message.pk))


def _foyer_changed(foyer_id: int) -> dict:
    return {"foyer": foyer_id, "changes_foyer": True}


def announcement_posted(message: Message) -> None:
    send_on_commit(everyone(message.foyer_id), message_out(message, None), id=message.pk)


def message_hidden(foyer_id: int, message_id: int) -> None:
    send_on_commit(everyone(foyer_id), Hidden(id=message_id))


def message_pinned(foyer_id: int, message: Message | None) -> None:
    pinned = message_out(message, None) if message is not None else None
    send_on_commit(everyone(foyer_id), Pinned(message=pinned), **_foyer_changed(foyer_id))


def message_reported(foyer_id: int, message: Message, *, reporter_name: str) -> None:
    report = ReportOut(message=message_out(message, None), reporter=reporter_name)
    send_on_commit(hosts(foyer_id), report)


def questions_changed(foyer_id: int) -> None:
    def send() -> None:
        event = questions_out(questions_list(foyer_id))
        group = everyone(foyer_id)
        async_to_sync(get_channel_layer().group_send)(group, _layer_message(FRAME, event, group))

    # The list is read after the commit, so it holds the change.
    transaction.on_commit(send)


def settings_changed(foyer: Foyer) -> None:
    send_on_commit(
        everyone(foyer.pk), settings_out(foyer), kind=SETTINGS, **_foyer_changed(foyer.pk)
    )


def person_muted(foyer_id: int, user_id: int, *, until) -> None:
    local = timezone.localtime(until).strftime("%H.%M")
    event = Muted(until=local, until_iso=until.isoformat())
    send_on_commit(
        everyone(foyer_id), event, kind=PERSONAL, user=user_id, **_foyer_changed(foyer_id)
    )


def person_removed(foyer_id: int, user_id: int) -> None:
    send_on_commit(
        everyone(foyer_id), Removed(), kind=PERSONAL, user=user_id, **_foyer_changed(foyer_id)
    )


def account_logged_out(user_id: int) -> None:
    send_on_commit(ACCOUNTS, LoggedOut(), kind=PERSONAL, user=user_id)


def premiere_changed(foyer: Foyer) -> None:
    event = premiere_out(foyer)
    if event is not None:
        send_on_commit(everyone(foyer.pk), event, **_foyer_changed(foyer.pk))
