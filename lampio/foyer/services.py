"""Writing foyer data. Every function takes keyword-only arguments, commits, and sends its
real-time event with `transaction.on_commit` (events.py), so a change made anywhere — the
consumer, the Django admin, a task, a test — reaches every connected person on every
process, and nobody sees a change the database does not hold. Moderation is audit-logged."""

import logging
import secrets
from collections import Counter
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from lampio.core.audit import audit_record
from lampio.core.refusals import RefusedError
from lampio.programme.models import Offering, Showing

from . import events
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
from .rules import Writer, check_may_write, check_text, rate_ledger
from .selectors import PRESENCE_STALE_AFTER, reaction_keys, reaction_totals

logger = logging.getLogger(__name__)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to mix up


# --- finding foyers --------------------------------------------------------------------


def foyer_for_showing(*, showing: Showing) -> Foyer:
    foyer, _ = Foyer.objects.get_or_create(showing=showing, defaults={"offering": showing.offering})
    return foyer


def foyer_for_offering(*, offering: Offering) -> Foyer:
    """The always-open foyer of a recording to watch any time."""
    try:
        foyer, _ = Foyer.objects.get_or_create(offering=offering, showing=None)
    except IntegrityError:
        foyer = Foyer.objects.get(offering=offering, showing=None)
    return foyer


def foyer_for_plan(*, plan) -> Foyer:
    """The foyer that goes with what the watch page plays (made on the first visit)."""
    if plan.showing is not None:
        return foyer_for_showing(showing=plan.showing)
    return foyer_for_offering(offering=plan.video.offering)


# --- tables ----------------------------------------------------------------------------


# The arrival path's statements are written out: at hundreds of arrivals a second, building
# them through the ORM cost several times what running them did (bench/foyer.py, py-spy).
# Plain SQL that SQLite and PostgreSQL read alike, with the names taken from the models.
def _named(statement: str) -> str:
    quote = connection.ops.quote_name
    return statement.format(seat=quote(Seat._meta.db_table), table=quote(FoyerTable._meta.db_table))


SEATS_PER_INSERT = 300  # SQLite takes at most 32,766 parameters a statement


def _new_tables(foyer: Foyer, count: int) -> list[FoyerTable]:
    """`count` empty tables after the last one (another process adding tables at the same
    moment takes other numbers). Returns them with their ids. Plain SQL as seating's (see
    _named): `RETURNING` is in both databases (SQLite since 3.35, which Django requires)."""
    for _attempt in range(20):
        with connection.cursor() as cursor:
            cursor.execute(
                _named("SELECT MAX(number) FROM {table} WHERE foyer_id = %s"), [foyer.pk]
            )
            last = cursor.fetchone()[0] or 0
        tables = {
            last + offset: FoyerTable(
                foyer=foyer,
                number=last + offset,
                code="".join(secrets.choice(CODE_ALPHABET) for _ in range(5)),
            )
            for offset in range(1, count + 1)
        }
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                rows = ", ".join(["(%s, %s, %s, 0, '', 0)"] * count)
                cursor.execute(
                    _named(
                        "INSERT INTO {table}"  # noqa: S608 - placeholders only
                        " (foyer_id, number, code, taken, group_place, group_viewers)"
                        f" VALUES {rows} RETURNING id, number"
                    ),
                    [v for t in tables.values() for v in (foyer.pk, t.number, t.code)],
                )
                for pk, number in cursor.fetchall():
                    tables[number].pk = pk
        except IntegrityError:
            continue
        return list(tables.values())
    raise IntegrityError("no free table numbers after 20 tries")


def group_table_take(*, foyer: Foyer, user, place: str, viewers: int) -> Seat:
    """A care home's screen in TV mode sits at a table of its own, shown to the foyer as the
    group ("Palvelutalo Koivukoti, 12 viewers"); its seats count as taken, so nobody else is
    seated there. Starting again updates the number of viewers."""
    with transaction.atomic():
        seat = Seat.objects.select_related("table").filter(foyer=foyer, user=user).first()
        if seat is not None and seat.table.group_place:
            FoyerTable.objects.filter(pk=seat.table_id).update(
                group_place=place, group_viewers=viewers
            )
            return seat
    for _attempt in range(20):
        last = foyer.tables.order_by("-number").values_list("number", flat=True).first() or 0
        try:
            with transaction.atomic():
                table = FoyerTable.objects.create(
                    foyer=foyer,
                    number=last + 1,
                    code="".join(secrets.choice(CODE_ALPHABET) for _ in range(5)),
                    taken=TABLE_SEATS,
                    group_place=place,
                    group_viewers=viewers,
                )
                if seat is not None:
                    seat_given_up(seat=seat)
                    seat.table = table
                    seat.save(update_fields=["table"])
                else:
                    seat = Seat.objects.create(foyer=foyer, user=user, table=table)
            return seat
        except IntegrityError:
            continue
    raise IntegrityError("no free table numbers after 20 tries")


def _seats_held(foyer: Foyer, users: list) -> dict[int, Seat]:
    """The seats these people already have in the foyer (a reconnect), with their tables."""
    by_id = {user.pk: user for user in users}
    if not by_id:
        return {}
    marks = ", ".join(["%s"] * len(by_id))
    with connection.cursor() as cursor:
        cursor.execute(
            _named(
                "SELECT s.user_id, t.id, t.number, t.code, t.taken FROM {seat} s"  # noqa: S608 - placeholders only
                " JOIN {table} t ON t.id = s.table_id"
                f" WHERE s.foyer_id = %s AND s.user_id IN ({marks})"
            ),
            [foyer.pk, *by_id],
        )
        rows = cursor.fetchall()
    return {
        user_id: Seat(
            foyer=foyer,
            user=by_id[user_id],
            table=FoyerTable(pk=table_id, foyer=foyer, number=number, code=code, taken=taken),
        )
        for user_id, table_id, number, code, taken in rows
    }


def _tables_with_room(foyer: Foyer, people: int) -> list[FoyerTable]:
    """The fullest tables that still have room, enough for `people` if the foyer has them."""
    with connection.cursor() as cursor:
        cursor.execute(
            _named(
                "SELECT id, number, code, taken FROM {table}"
                " WHERE foyer_id = %s AND taken < %s ORDER BY taken DESC, number LIMIT %s"
            ),
            [foyer.pk, TABLE_SEATS, people],
        )
        rows = cursor.fetchall()
    return [
        FoyerTable(pk=pk, foyer=foyer, number=number, code=code, taken=taken)
        for pk, number, code, taken in rows
    ]


def _seats_taken(table: FoyerTable, given: int) -> bool:
    """Compare and set: `given` more seats taken at the table, if nobody took one since it
    was read."""
    with connection.cursor() as cursor:
        cursor.execute(
            _named("UPDATE {table} SET taken = %s WHERE id = %s AND taken = %s"),
            [table.taken + given, table.pk, table.taken],
        )
        return cursor.rowcount == 1


def _seats_insert(seats: list[Seat]) -> None:
    """The new seats' rows, all or none."""
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(seats), SEATS_PER_INSERT):
            chunk = seats[start : start + SEATS_PER_INSERT]
            cursor.execute(
                _named("INSERT INTO {seat} (foyer_id, table_id, user_id) VALUES ")
                + ", ".join(["(%s, %s, %s)"] * len(chunk)),
                [value for seat in chunk for value in (seat.foyer_id, seat.table_id, seat.user_id)],
            )


def _seats_for(foyer: Foyer, users: list) -> list[Seat]:
    seats = _seats_held(foyer, users)
    waiting = list({user.pk: user for user in users if user.pk not in seats}.values())
    new: list[Seat] = []
    # The tables are read once for the whole crowd; tables made for it are used as made.
    # Each step commits on its own (no transaction spans them): a process never holds one
    # table's row while it waits for another's, so processes seating at once cannot
    # deadlock. Seats taken for a batch whose INSERT fails are given back.
    candidates = _tables_with_room(foyer, len(waiting)) if waiting else []
    # A read that found fewer tables than people asked for saw every table with room.
    seen_all = len(candidates) < len(waiting)
    for _attempt in range(10 * len(waiting) + 10):
        if not waiting:
            break
        if not candidates:
            if not seen_all:
                candidates = _tables_with_room(foyer, len(waiting))
                seen_all = len(candidates) < len(waiting)
            if not candidates:
                candidates = _new_tables(foyer, -(-len(waiting) // TABLE_SEATS))
            continue
        table = candidates.pop(0)
        given = min(TABLE_SEATS - table.taken, len(waiting))
        if given <= 0:
            continue
        # Compare and set: if anyone took a seat at this table since we looked, nothing
        # changes and we read the tables again.
        if not _seats_taken(table, given):
            candidates, seen_all = [], False
            continue
        table.taken += given
        for user in waiting[:given]:
            seats[user.pk] = Seat(foyer=foyer, user=user, table=table)
            new.append(seats[user.pk])
        waiting = waiting[given:]
    try:
        if waiting:
            raise IntegrityError("the foyer's tables kept changing; try again")
        if new:
            _seats_insert(new)
    except IntegrityError:
        _seats_given_back(new)
        raise
    return [seats[user.pk] for user in users]


def _seats_given_back(seats: list[Seat]) -> None:
    """Seats left or deleted, or taken for a batch that was not stored: their tables have
    that many more free seats."""
    for table_id, count in Counter(seat.table_id for seat in seats).items():
        FoyerTable.objects.filter(pk=table_id, taken__gte=count).update(taken=F("taken") - count)


def seats_for(*, foyer: Foyer, users: list) -> list[Seat | None]:
    """Keep each person's seat from before (a reconnect), or seat them at the fullest table
    that still has room, so conversation gets going. A crowd arriving together costs one read
    of who already sits, one compare-and-set per table and one INSERT for them all.

    None for someone of a crowd who cannot be seated (their account deleted as they
    arrived): everybody else sits. One person alone gets the error."""
    try:
        return _seats_for(foyer, users)
    except IntegrityError:
        # Someone here was seated meanwhile by another process: a second look sees it; if
        # that fails too, one by one, so one person's trouble seats everybody else.
        pass
    try:
        return _seats_for(foyer, users)
    except IntegrityError:
        if len(users) == 1:
            raise
    return [_seat_or_none(foyer, user) for user in users]


def _seat_or_none(foyer: Foyer, user) -> Seat | None:
    try:
        return _seats_for(foyer, [user])[0]
    except IntegrityError:
        logger.warning("foyer %s: user %s could not be seated", foyer.pk, user.pk)
        return None


def seat_person(*, foyer: Foyer, user) -> Seat:
    return seats_for(foyer=foyer, users=[user])[0]


@transaction.atomic
def seat_move(*, foyer: Foyer, user, number: int | None = None, code: str | None = None) -> Seat:
    tables = foyer.tables.all()
    table = (tables.filter(code=code.upper()) if code else tables.filter(number=number)).first()
    if table is None:
        raise RefusedError("foyer.no_such_table")
    seat = Seat.objects.select_related("table").filter(foyer=foyer, user=user).first()
    if seat is not None and seat.table_id == table.pk:
        return seat
    if not FoyerTable.objects.filter(pk=table.pk, taken__lt=TABLE_SEATS).update(
        taken=F("taken") + 1
    ):
        raise RefusedError("foyer.table_full")
    table.taken += 1
    if seat is None:
        return Seat.objects.create(foyer=foyer, user=user, table=table)
    seat_given_up(seat=seat)
    seat.table = table
    seat.save(update_fields=["table"])
    return seat


def seat_given_up(*, seat: Seat) -> None:
    """A seat left or deleted (a move, a removal, a deleted account or foyer)."""
    _seats_given_back([seat])


# --- presence --------------------------------------------------------------------------


def presence_apply(*, seen: list[Presence], leaves: set[str]) -> None:
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


def presence_sweep(*, foyer_id: int, now=None) -> int:
    """Forget connections that stopped sending heartbeats (a closed laptop lid, a crash)."""
    now = now or timezone.now()
    return Presence.objects.filter(
        foyer_id=foyer_id, last_seen__lt=now - PRESENCE_STALE_AFTER
    ).delete()[0]


# --- messages --------------------------------------------------------------------------


def message_prepare(
    *, foyer: Foyer, user, text: str, writer: Writer, host: bool, table_id: int | None
) -> Message:
    """Check a chat message to the person's table and build it, unsaved (no I/O: it runs in
    the event loop). The consumer knows the table: it moves the person and keeps the Seat
    row in step. `messages_save` stores it before anyone sees it."""
    check_text(text)
    check_may_write(foyer=foyer, user=user, writer=writer, host=host)
    if table_id is None:
        raise RefusedError("foyer.no_seat")
    if not host:
        rate_ledger.check_and_count(foyer.pk, user.pk, slow_mode_seconds=writer.slow_mode_seconds)
    return Message(
        foyer=foyer, table_id=table_id, author=user, author_name=user.display_name, text=text
    )


MESSAGES_PER_INSERT = 500  # far below SQLite's 32,766 parameters a statement


def _messages_insert(messages: list[Message]) -> None:
    """A batch's rows in one INSERT … RETURNING a statement, their ids set on them. The rows
    are built here: the ORM's insert compiler cost more than running the statement (py-spy,
    bench/foyer.py). Every concrete field is written as its model field prepares it, so a
    field added to Message later is stored here too."""
    fields = [field for field in Message._meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    head = (
        f"INSERT INTO {quote(Message._meta.db_table)}"  # noqa: S608 - names from the model
        f" ({', '.join(quote(field.column) for field in fields)}) VALUES "
    )
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    returning = f" RETURNING {quote(Message._meta.pk.column)}"
    for start in range(0, len(messages), MESSAGES_PER_INSERT):
        chunk = messages[start : start + MESSAGES_PER_INSERT]
        values = [
            field.get_db_prep_save(field.pre_save(message, True), connection)
            for message in chunk
            for field in fields
        ]
        with connection.cursor() as cursor:
            cursor.execute(head + ", ".join([row] * len(chunk)) + returning, values)
            ids = [pk for (pk,) in cursor.fetchall()]
        for message, pk in zip(chunk, ids, strict=True):
            message.pk = pk
            message._state.adding = False
            message._state.db = connection.alias


def messages_save(*, messages: list[Message]) -> list[Message | None]:
    """Store a batch of messages in one transaction; their ids are the event ids. If the
    batch fails (one author deleted meanwhile, one row a database refuses), each message is
    stored alone, so one bad row loses nobody else's: its place in the result is None."""
    # A row that cannot even be sent to the database (text it cannot encode) fails the
    # batch the same way as one the database refuses.
    unstorable = (DatabaseError, UnicodeError, ValueError)
    try:
        with transaction.atomic():
            _messages_insert(messages)
            return messages
    except unstorable:
        saved: list[Message | None] = []
        for message in messages:
            # Ids from the failed batch were rolled back with it.
            message.pk, message._state.adding = None, True
            try:
                # A foreign key is checked when the transaction commits, at the block's end.
                with transaction.atomic():
                    Message.objects.bulk_create([message])
            except unstorable:
                saved.append(None)
            else:
                saved.append(message)
        return saved


@transaction.atomic
def announcement_post(*, foyer: Foyer, user, text: str) -> Message:
    check_text(text)
    message = Message.objects.create(
        foyer=foyer,
        table=None,
        kind=Message.Kind.ANNOUNCEMENT,
        author=user,
        author_name=user.display_name,
        text=text,
    )
    events.announcement_posted(message)
    return message


@transaction.atomic
def message_hide(*, foyer: Foyer, message_id: int, actor) -> Message:
    message = Message.objects.filter(foyer=foyer, pk=message_id).first()
    if message is None:
        raise RefusedError("foyer.no_such_message")
    message.is_hidden = True
    message.save(update_fields=["is_hidden"])
    unpinned = Foyer.objects.filter(pk=foyer.pk, pinned=message).update(pinned=None)
    _audit(foyer, "foyer.message_hidden", actor=actor, subject=message.author, message=message.pk)
    events.message_hidden(foyer.pk, message.pk)
    if unpinned:
        events.message_pinned(foyer.pk, None)
    return message


@transaction.atomic
def message_unhide(*, foyer: Foyer, message_id: int, actor) -> Message:
    message = Message.objects.filter(foyer=foyer, pk=message_id).first()
    if message is None:
        raise RefusedError("foyer.no_such_message")
    message.is_hidden = False
    message.save(update_fields=["is_hidden"])
    _audit(foyer, "foyer.message_shown", actor=actor, subject=message.author, message=message.pk)
    return message


@transaction.atomic
def message_pin(*, foyer: Foyer, message_id: int | None, actor) -> Message | None:
    message = None
    if message_id is not None:
        message = Message.objects.filter(foyer=foyer, pk=message_id, is_hidden=False).first()
        if message is None:
            raise RefusedError("foyer.no_such_message")
    Foyer.objects.filter(pk=foyer.pk).update(pinned=message)
    events.message_pinned(foyer.pk, message)
    return message


@transaction.atomic
def message_report(*, foyer: Foyer, user, message_id: int) -> Report:
    if not user.is_authenticated:
        raise RefusedError("foyer.log_in")
    message = Message.objects.filter(foyer=foyer, pk=message_id).first()
    if message is None:
        raise RefusedError("foyer.no_such_message")
    report, _ = Report.objects.get_or_create(message=message, reporter=user)
    events.message_reported(foyer.pk, message, reporter_name=user.display_name)
    return report


# --- questions for the artist ------------------------------------------------------------


@transaction.atomic
def question_ask(*, foyer: Foyer, user, text: str, writer: Writer) -> Question:
    check_text(text)
    check_may_write(foyer=foyer, user=user, writer=writer, host=False)
    rate_ledger.check_and_count(foyer.pk, user.pk, slow_mode_seconds=writer.slow_mode_seconds)
    question = Question.objects.create(
        foyer=foyer, author=user, author_name=user.display_name, text=text
    )
    events.questions_changed(foyer.pk)
    return question


@transaction.atomic
def question_second(*, foyer: Foyer, user, question_id: int) -> Question:
    if not user.is_authenticated:
        raise RefusedError("foyer.log_in")
    question = Question.objects.filter(foyer=foyer, pk=question_id, is_hidden=False).first()
    if question is None:
        raise RefusedError("foyer.no_such_question")
    if question.author_id == user.pk:
        raise RefusedError("foyer.own_question")
    _, created = QuestionSecond.objects.get_or_create(question=question, user=user)
    if created:
        Question.objects.filter(pk=question.pk).update(seconds=F("seconds") + 1)
        events.questions_changed(foyer.pk)
    return question


@transaction.atomic
def question_answer(*, foyer: Foyer, question_id: int) -> Question:
    updated = Question.objects.filter(foyer=foyer, pk=question_id).update(is_answered=True)
    if not updated:
        raise RefusedError("foyer.no_such_question")
    events.questions_changed(foyer.pk)
    return Question.objects.get(pk=question_id)


# --- host tools ------------------------------------------------------------------------


def _audit(foyer: Foyer, action: str, *, actor, subject=None, **data) -> None:
    """Moderation is logged against the foyer, with the offering's municipality so that its
    coordinators see it too."""
    audit_record(
        action=action,
        actor=actor,
        subject=subject,
        municipality=foyer.offering.audit_municipality(),
        target=foyer,
        data={"foyer": foyer.pk, **data},
    )


def _person_in_foyer(foyer: Foyer, user_id: int) -> None:
    """A host's action names a real account (the frame carries only a number)."""
    if not get_user_model().objects.filter(pk=user_id).exists():
        raise RefusedError("foyer.no_such_person")


@transaction.atomic
def person_mute(*, foyer: Foyer, user_id: int, minutes: int, actor) -> Sanction:
    _person_in_foyer(foyer, user_id)
    sanction = Sanction.objects.create(
        foyer=foyer,
        user_id=user_id,
        kind=Sanction.Kind.MUTE,
        until=timezone.now() + timedelta(minutes=minutes),
        by=actor,
    )
    _audit(foyer, "foyer.person_muted", actor=actor, subject=sanction.user, minutes=minutes)
    events.person_muted(foyer.pk, user_id, until=sanction.until)
    return sanction


@transaction.atomic
def person_remove(*, foyer: Foyer, user_id: int, actor) -> Sanction:
    _person_in_foyer(foyer, user_id)
    sanction = Sanction.objects.create(
        foyer=foyer, user_id=user_id, kind=Sanction.Kind.REMOVE, by=actor
    )
    Seat.objects.filter(foyer=foyer, user_id=user_id).delete()
    _audit(foyer, "foyer.person_removed", actor=actor, subject=sanction.user)
    events.person_removed(foyer.pk, user_id)
    return sanction


@transaction.atomic
def foyer_settings_change(
    *, foyer: Foyer, actor, chat_open: bool | None = None, slow_mode_seconds: int | None = None
) -> Foyer:
    locked = (
        Foyer.objects.select_for_update(of=("self",)).select_related("offering").get(pk=foyer.pk)
    )
    changed = []
    if chat_open is not None and chat_open != locked.chat_open:
        locked.chat_open = chat_open
        changed.append("chat_open")
        action = "foyer.chat_opened" if chat_open else "foyer.chat_closed"
        _audit(locked, action, actor=actor)
    if slow_mode_seconds is not None and slow_mode_seconds != locked.slow_mode_seconds:
        locked.slow_mode_seconds = slow_mode_seconds
        changed.append("slow_mode_seconds")
        _audit(locked, "foyer.slow_mode_set", actor=actor, seconds=slow_mode_seconds)
    if changed:
        locked.save(update_fields=changed)
        events.settings_changed(locked)
    foyer.chat_open, foyer.slow_mode_seconds = locked.chat_open, locked.slow_mode_seconds
    return foyer


# --- premieres -------------------------------------------------------------------------


@transaction.atomic
def premiere_pause(*, foyer: Foyer, actor) -> Foyer:
    locked = (
        Foyer.objects.select_for_update(of=("self",))
        .select_related("showing", "offering")
        .get(pk=foyer.pk)
    )
    if locked.paused_at is None:
        locked.paused_at = timezone.now()
        locked.save(update_fields=["paused_at"])
        _audit(locked, "foyer.premiere_paused", actor=actor)
        events.premiere_changed(locked)
    foyer.paused_at, foyer.paused_seconds = locked.paused_at, locked.paused_seconds
    return foyer


@transaction.atomic
def premiere_resume(*, foyer: Foyer, actor) -> Foyer:
    locked = (
        Foyer.objects.select_for_update(of=("self",))
        .select_related("showing", "offering")
        .get(pk=foyer.pk)
    )
    if locked.paused_at is not None:
        locked.paused_seconds += (timezone.now() - locked.paused_at).total_seconds()
        locked.paused_at = None
        locked.save(update_fields=["paused_at", "paused_seconds"])
        _audit(locked, "foyer.premiere_resumed", actor=actor)
        events.premiere_changed(locked)
    foyer.paused_at, foyer.paused_seconds = locked.paused_at, locked.paused_seconds
    return foyer


# --- reactions -------------------------------------------------------------------------


def reactions_add_and_read(*, foyer_id: int, clicks: dict[str, int]) -> dict[str, int]:
    """Add a process's gathered clicks to the shared totals (the cache; Redis in production)
    and return the totals. Totals go out a few times a second, never one message per click."""
    keys = reaction_keys(foyer_id)
    for kind, count in clicks.items():
        if count:
            cache.add(keys[kind], 0, timeout=60 * 60 * 24 * 2)
            cache.incr(keys[kind], count)
    return reaction_totals(foyer_id)


def author_names_remove(*, user) -> None:
    """The person deletes their account: their messages and questions stay in the foyer's
    conversation, without their name."""
    Message.objects.filter(author=user).update(author_name="")
    Question.objects.filter(author=user).update(author_name="")
