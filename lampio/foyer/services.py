"""Writing foyer data. Consumers call these through database_sync_to_async; each returns
after its transaction has committed, and only then does the consumer broadcast."""

import secrets
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from lampio.accounts.scoping import Scope
from lampio.programme.models import Offering, Showing

from .filters import blocked_reason
from .models import (
    TABLE_SEATS,
    Foyer,
    FoyerTable,
    Message,
    Presence,
    Question,
    QuestionSecond,
    Report,
    Sanction,
    Seat,
)
from .schema import REACTIONS

PRESENCE_STALE_AFTER = timedelta(seconds=70)
# Per person: at most this many messages in this many seconds (besides any slow mode).
RATE_MESSAGES = 5
RATE_WINDOW_SECONDS = 10
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to mix up


class FoyerError(Exception):
    """A refused action; `code` selects the translated explanation for the person."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


# --- finding foyers --------------------------------------------------------------------


def foyer_for_showing(showing: Showing) -> Foyer:
    foyer, _ = Foyer.objects.get_or_create(showing=showing, defaults={"offering": showing.offering})
    return foyer


def foyer_for_offering(offering: Offering) -> Foyer:
    """The always-open foyer of a recording to watch any time."""
    try:
        foyer, _ = Foyer.objects.get_or_create(offering=offering, showing=None)
    except IntegrityError:
        foyer = Foyer.objects.get(offering=offering, showing=None)
    return foyer


def foyer_load(foyer_id: int) -> Foyer | None:
    return (
        Foyer.objects.select_related("showing", "offering", "pinned")
        .filter(pk=foyer_id, offering__status=Offering.Status.PUBLISHED)
        .first()
    )


def is_host(user, foyer: Foyer) -> bool:
    """The producer's people and platform admins host the foyer."""
    if not user.is_authenticated:
        return False
    return Scope.of(user).may_edit_offering(foyer.offering)


def is_removed(user, foyer: Foyer) -> bool:
    return (
        user.is_authenticated
        and Sanction.objects.filter(foyer=foyer, user=user, kind=Sanction.Kind.REMOVE).exists()
    )


# --- tables ----------------------------------------------------------------------------


def _new_table(foyer: Foyer) -> FoyerTable:
    number = (foyer.tables.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(5))
        try:
            with transaction.atomic():
                return FoyerTable.objects.create(foyer=foyer, number=number, code=code)
        except IntegrityError:
            number += 1


def _free_table(foyer: Foyer) -> FoyerTable:
    """The fullest table that still has a free seat, so conversation gets going; else a new one."""
    table = (
        foyer.tables.annotate(taken=Count("seats"))
        .filter(taken__lt=TABLE_SEATS)
        .order_by("-taken", "number")
        .first()
    )
    return table or _new_table(foyer)


@transaction.atomic
def seat_person(foyer: Foyer, user) -> Seat:
    """Keep the person's seat from before (a reconnect), or seat them automatically."""
    seat = Seat.objects.select_related("table").filter(foyer=foyer, user=user).first()
    if seat is not None:
        return seat
    # Serialise seating per foyer so two arrivals cannot both take the last seat.
    Foyer.objects.select_for_update().filter(pk=foyer.pk).first()
    return Seat.objects.create(foyer=foyer, user=user, table=_free_table(foyer))


@transaction.atomic
def seat_move(foyer: Foyer, user, *, number: int | None = None, code: str | None = None) -> Seat:
    Foyer.objects.select_for_update().filter(pk=foyer.pk).first()
    tables = foyer.tables.annotate(taken=Count("seats"))
    if code:
        table = tables.filter(code=code.upper()).first()
    else:
        table = tables.filter(number=number).first()
    if table is None:
        raise FoyerError("no_such_table")
    seat = Seat.objects.select_related("table").filter(foyer=foyer, user=user).first()
    if seat is not None and seat.table_id == table.pk:
        return seat
    if table.taken >= TABLE_SEATS:
        raise FoyerError("table_full")
    if seat is None:
        return Seat.objects.create(foyer=foyer, user=user, table=table)
    seat.table = table
    seat.save(update_fields=["table"])
    return seat


# --- presence --------------------------------------------------------------------------


def presence_apply(seen: list[Presence], leaves: set[str]) -> None:
    """Connections that came or sent a heartbeat (an upsert: a row swept while a client was
    quiet comes back) and connections that left, in one commit. If the batch fails (a foyer
    deleted meanwhile), each row is tried alone so that one bad row loses nothing else."""
    try:
        with transaction.atomic():
            _presence_write(seen, leaves)
    except DatabaseError:
        for row in seen:
            try:
                with transaction.atomic():
                    _presence_write([row], set())
            except DatabaseError:
                continue
        Presence.objects.filter(channel_name__in=leaves).delete()


def _presence_write(seen: list[Presence], leaves: set[str]) -> None:
    if seen:
        Presence.objects.bulk_create(
            seen,
            update_conflicts=True,
            unique_fields=["channel_name"],
            update_fields=["last_seen"],
        )
    if leaves:
        Presence.objects.filter(channel_name__in=leaves).delete()


def presence_sweep(foyer_id: int, *, now: datetime | None = None) -> int:
    """Forget connections that stopped sending heartbeats (a closed laptop lid, a crash)."""
    now = now or timezone.now()
    return Presence.objects.filter(
        foyer_id=foyer_id, last_seen__lt=now - PRESENCE_STALE_AFTER
    ).delete()[0]


@dataclass(frozen=True)
class PresenceSnapshot:
    count: int
    tables: dict[int, list[str]]  # table number → names of the people there now
    free: dict[int, int]  # table number → free seats


def presence_snapshot(foyer_id: int) -> PresenceSnapshot:
    """People in the foyer now: logged-in people once however many devices, visitors once
    per connection."""
    present = Presence.objects.filter(foyer_id=foyer_id)
    people = set()
    anonymous = 0
    for user_id in present.values_list("user_id", flat=True):
        if user_id is None:
            anonymous += 1
        else:
            people.add(user_id)
    tables: dict[int, list[str]] = {}
    free: dict[int, int] = {}
    for number, taken in (
        FoyerTable.objects.filter(foyer_id=foyer_id)
        .annotate(taken=Count("seats"))
        .values_list("number", "taken")
    ):
        free[number] = TABLE_SEATS - taken
        tables[number] = []
    for number, name in (
        Seat.objects.filter(foyer_id=foyer_id, user_id__in=people)
        .order_by("table__number", "user__display_name")
        .values_list("table__number", "user__display_name")
    ):
        tables.setdefault(number, []).append(name)
    return PresenceSnapshot(count=len(people) + anonymous, tables=tables, free=free)


# --- messages --------------------------------------------------------------------------


@dataclass
class Writer:
    """What the consumer knows about the person writing. It is loaded from the database when
    the connection opens and kept current by the foyer's own events (settings, mute, removal
    reach every connection of the foyer or the person, in every process), so that a chat
    message costs one INSERT and no reads."""

    chat_open: bool
    slow_mode_seconds: int
    muted_until: datetime | None = None
    removed: bool = False
    # When this connection last wrote (monotonic seconds), for the rate limit and slow mode.
    sent: deque = field(default_factory=lambda: deque(maxlen=RATE_MESSAGES))

    def check_rate(self, now: float | None = None) -> None:
        """At most RATE_MESSAGES in RATE_WINDOW_SECONDS, and one per slow-mode interval.
        Counted per connection in memory: a message costs no round trip to the cache."""
        now = time.monotonic() if now is None else now
        if self.sent and self.slow_mode_seconds and now - self.sent[-1] < self.slow_mode_seconds:
            raise FoyerError("slow_mode", seconds=self.slow_mode_seconds)
        if len(self.sent) == RATE_MESSAGES and now - self.sent[0] < RATE_WINDOW_SECONDS:
            raise FoyerError("too_fast")
        self.sent.append(now)


def writer_load(foyer: Foyer, user) -> Writer:
    if not user.is_authenticated:
        return Writer(chat_open=foyer.chat_open, slow_mode_seconds=foyer.slow_mode_seconds)
    now = timezone.now()
    muted_until, removed = None, False
    for kind, until in Sanction.objects.filter(foyer=foyer, user=user).values_list("kind", "until"):
        if kind == Sanction.Kind.REMOVE:
            removed = True
        elif until and until > now and (muted_until is None or until > muted_until):
            muted_until = until
    return Writer(
        chat_open=foyer.chat_open,
        slow_mode_seconds=foyer.slow_mode_seconds,
        muted_until=muted_until,
        removed=removed,
    )


def _check_may_write(foyer: Foyer, user, writer: Writer, *, host: bool) -> None:
    if not user.is_authenticated:
        raise FoyerError("log_in")
    now = timezone.now()
    if not foyer.is_open(now):
        raise FoyerError("closed")
    if host:
        return
    if writer.removed:
        raise FoyerError("removed")
    if not writer.chat_open:
        raise FoyerError("chat_closed")
    if writer.muted_until and writer.muted_until > now:
        until = timezone.localtime(writer.muted_until).strftime("%H.%M")
        raise FoyerError("muted", until=until)


def message_prepare(
    foyer: Foyer, user, text: str, *, writer: Writer, host: bool, table_id: int | None
) -> Message:
    """Check a chat message to the person's table and build it, unsaved (no I/O: it runs in
    the event loop). The consumer knows the table: it moves the person and keeps the Seat
    row in step. `messages_save` stores it before anyone sees it."""
    reason = blocked_reason(text)
    if reason is not None:
        raise FoyerError(f"blocked_{reason}")
    _check_may_write(foyer, user, writer, host=host)
    if table_id is None:
        raise FoyerError("no_seat")
    if not host:
        writer.check_rate()
    return Message(
        foyer=foyer, table_id=table_id, author=user, author_name=user.display_name, text=text
    )


@transaction.atomic
def messages_save(messages: list[Message]) -> list[Message]:
    """Store a batch of messages in one transaction; their ids are the event ids."""
    return Message.objects.bulk_create(messages)


def message_post(foyer: Foyer, user, text: str, *, writer: Writer, host: bool, table_id):
    """Check and store one message (for callers outside the consumer's batching)."""
    message = message_prepare(foyer, user, text, writer=writer, host=host, table_id=table_id)
    return messages_save([message])[0]


def announcement_post(foyer: Foyer, user, text: str) -> Message:
    return Message.objects.create(
        foyer=foyer,
        table=None,
        kind=Message.Kind.ANNOUNCEMENT,
        author=user,
        author_name=user.display_name,
        text=text,
    )


def messages_since(foyer: Foyer, *, table_id: int | None, after_id: int, limit: int = 200):
    """What a reconnecting person missed: their table's messages and the announcements."""
    where = Q(table__isnull=True)
    if table_id is not None:
        where |= Q(table_id=table_id)
    return list(
        Message.objects.filter(where, foyer=foyer, id__gt=after_id, is_hidden=False).order_by("id")[
            :limit
        ]
    )


def recent_messages(foyer: Foyer, *, table_id: int | None, limit: int = 50):
    where = Q(table__isnull=True)
    if table_id is not None:
        where |= Q(table_id=table_id)
    latest = Message.objects.filter(where, foyer=foyer, is_hidden=False).order_by("-id")[:limit]
    return list(reversed(latest))


def message_hide(foyer: Foyer, message_id: int) -> Message:
    message = Message.objects.filter(foyer=foyer, pk=message_id).first()
    if message is None:
        raise FoyerError("no_such_message")
    message.is_hidden = True
    message.save(update_fields=["is_hidden"])
    if foyer.pinned_id == message.pk:
        Foyer.objects.filter(pk=foyer.pk).update(pinned=None)
    return message


def message_pin(foyer: Foyer, message_id: int | None) -> Message | None:
    message = None
    if message_id is not None:
        message = Message.objects.filter(foyer=foyer, pk=message_id, is_hidden=False).first()
        if message is None:
            raise FoyerError("no_such_message")
    Foyer.objects.filter(pk=foyer.pk).update(pinned=message)
    return message


def message_report(foyer: Foyer, user, message_id: int) -> Report:
    if not user.is_authenticated:
        raise FoyerError("log_in")
    message = Message.objects.filter(foyer=foyer, pk=message_id).first()
    if message is None:
        raise FoyerError("no_such_message")
    report, _ = Report.objects.get_or_create(message=message, reporter=user)
    return report


# --- questions for the artist ------------------------------------------------------------


def question_ask(foyer: Foyer, user, text: str, *, writer: Writer) -> Question:
    reason = blocked_reason(text)
    if reason is not None:
        raise FoyerError(f"blocked_{reason}")
    _check_may_write(foyer, user, writer, host=False)
    writer.check_rate()
    return Question.objects.create(
        foyer=foyer, author=user, author_name=user.display_name, text=text
    )


@transaction.atomic
def question_second(foyer: Foyer, user, question_id: int) -> Question:
    if not user.is_authenticated:
        raise FoyerError("log_in")
    question = Question.objects.filter(foyer=foyer, pk=question_id, is_hidden=False).first()
    if question is None:
        raise FoyerError("no_such_question")
    _, created = QuestionSecond.objects.get_or_create(question=question, user=user)
    if created:
        Question.objects.filter(pk=question.pk).update(seconds=F("seconds") + 1)
    return question


def question_answer(foyer: Foyer, question_id: int) -> Question:
    updated = Question.objects.filter(foyer=foyer, pk=question_id).update(is_answered=True)
    if not updated:
        raise FoyerError("no_such_question")
    return Question.objects.get(pk=question_id)


_questions_cache: dict[int, tuple[float, list[dict]]] = {}
QUESTIONS_CACHE_SECONDS = 1.0


def questions_list_cached(foyer_id: int) -> list[dict]:
    """For arrivals: a crowd arriving shares one query a second (changes reach everyone in
    `questions` events anyway)."""
    cached = _questions_cache.get(foyer_id)
    if cached is not None and time.monotonic() - cached[0] < QUESTIONS_CACHE_SECONDS:
        return cached[1]
    return questions_list(foyer_id)


def questions_list(foyer_id: int) -> list[dict]:
    items = _questions_query(foyer_id)
    _questions_cache[foyer_id] = (time.monotonic(), items)
    return items


def _questions_query(foyer_id: int) -> list[dict]:
    return [
        {
            "id": q.pk,
            "author": q.author_name,
            "text": q.text,
            "seconds": q.seconds,
            "answered": q.is_answered,
        }
        for q in Question.objects.filter(foyer_id=foyer_id, is_hidden=False).order_by(
            "is_answered", "-seconds", "id"
        )[:100]
    ]


# --- host tools ------------------------------------------------------------------------


def person_mute(foyer: Foyer, host, user_id: int, minutes: int) -> Sanction:
    return Sanction.objects.create(
        foyer=foyer,
        user_id=user_id,
        kind=Sanction.Kind.MUTE,
        until=timezone.now() + timedelta(minutes=minutes),
        by=host,
    )


@transaction.atomic
def person_remove(foyer: Foyer, host, user_id: int) -> Sanction:
    sanction = Sanction.objects.create(
        foyer=foyer, user_id=user_id, kind=Sanction.Kind.REMOVE, by=host
    )
    Seat.objects.filter(foyer=foyer, user_id=user_id).delete()
    return sanction


def foyer_settings_change(foyer: Foyer, **fields) -> Foyer:
    Foyer.objects.filter(pk=foyer.pk).update(**fields)
    for name, value in fields.items():
        setattr(foyer, name, value)
    return foyer


# --- premieres -------------------------------------------------------------------------


def premiere_pause(foyer: Foyer) -> Foyer:
    with transaction.atomic():
        locked = Foyer.objects.select_for_update().get(pk=foyer.pk)
        if locked.paused_at is None:
            locked.paused_at = timezone.now()
            locked.save(update_fields=["paused_at"])
    foyer.refresh_from_db(fields=["paused_at", "paused_seconds"])
    return foyer


def premiere_resume(foyer: Foyer) -> Foyer:
    with transaction.atomic():
        locked = Foyer.objects.select_for_update().get(pk=foyer.pk)
        if locked.paused_at is not None:
            locked.paused_seconds += (timezone.now() - locked.paused_at).total_seconds()
            locked.paused_at = None
            locked.save(update_fields=["paused_at", "paused_seconds"])
    foyer.refresh_from_db(fields=["paused_at", "paused_seconds"])
    return foyer


def premiere_position(foyer: Foyer, *, now: datetime | None = None) -> float:
    """Seconds into the recording everybody is at now (pauses left out)."""
    now = now or timezone.now()
    moment = foyer.paused_at or now
    return (moment - foyer.showing.starts_at).total_seconds() - foyer.paused_seconds


# --- reactions -------------------------------------------------------------------------


def reaction_keys(foyer_id: int) -> dict[str, str]:
    return {kind: f"foyer-reactions:{foyer_id}:{kind}" for kind in REACTIONS}


def reactions_add_and_read(foyer_id: int, clicks: dict[str, int]) -> dict[str, int]:
    """Add a process's gathered clicks to the shared totals (the cache; Redis in production)
    and return the totals. Totals go out a few times a second, never one message per click."""
    keys = reaction_keys(foyer_id)
    for kind, count in clicks.items():
        if count:
            cache.add(keys[kind], 0, timeout=60 * 60 * 24 * 2)
            cache.incr(keys[kind], count)
    return reaction_totals(foyer_id)


def reaction_totals(foyer_id: int) -> dict[str, int]:
    keys = reaction_keys(foyer_id)
    values = cache.get_many(list(keys.values()))
    return {kind: int(values.get(key) or 0) for kind, key in keys.items()}
