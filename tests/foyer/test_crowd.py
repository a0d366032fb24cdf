"""The foyer under a crowd: seating is one UPDATE on a per-table count that stays true through
moves, removals and deleted accounts; racing arrivals never overfill a table; one process
subscribes once per group however many of its connections are in it; and an arrival gets
every message exactly once, whether it came before, in or after its welcome."""

import asyncio
import threading

import pytest
from asgiref.sync import sync_to_async
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.db import close_old_connections, connection
from django.db.models import Count

from lampio.foyer import events
from lampio.foyer.consumers import FoyerConsumer
from lampio.foyer.hub import hub
from lampio.foyer.local import Route, route
from lampio.foyer.models import TABLE_SEATS, FoyerTable, Message, Seat
from lampio.foyer.selectors import messages_recent
from lampio.foyer.services import (
    SEATS_PER_INSERT,
    person_remove,
    seat_move,
    seat_person,
    seats_for,
)
from tests.support.foyer import connected, next_event, open_foyer, person
from tests.support.foyer import session_cookie as cookie_of

db = sync_to_async


def _counts_match_seats(foyer) -> dict[int, int]:
    counted = dict(
        FoyerTable.objects.filter(foyer=foyer)
        .annotate(seated=Count("seats"))
        .values_list("number", "seated")
    )
    kept = dict(FoyerTable.objects.filter(foyer=foyer).values_list("number", "taken"))
    assert kept == counted
    return kept


@pytest.mark.django_db
def test_tables_fill_by_eight_and_the_count_follows_moves_removals_and_deletions():
    foyer = open_foyer()
    host = person("host")
    people = [person(f"katsoja{i}") for i in range(TABLE_SEATS + 3)]
    for someone in people:
        seat_person(foyer=foyer, user=someone)
    assert _counts_match_seats(foyer) == {1: TABLE_SEATS, 2: 3}
    # A reconnect keeps the seat and takes no other.
    assert seat_person(foyer=foyer, user=people[0]).table.number == 1
    assert _counts_match_seats(foyer) == {1: TABLE_SEATS, 2: 3}

    seat_move(foyer=foyer, user=people[0], number=2)
    assert _counts_match_seats(foyer) == {1: TABLE_SEATS - 1, 2: 4}
    person_remove(foyer=foyer, user_id=people[1].pk, actor=host)
    people[2].delete()
    assert _counts_match_seats(foyer) == {1: TABLE_SEATS - 3, 2: 4}
    # The next arrival sits at the fullest table that has room.
    assert seat_person(foyer=foyer, user=person("uusi")).table.number == 1


@pytest.mark.django_db
def test_a_crowd_larger_than_one_insert_sits_down_at_once_beside_people_who_return():
    foyer = open_foyer()
    returning = [person(f"aiempi{i}") for i in range(5)]
    seats_for(foyer=foyer, users=returning)
    crowd = [person(f"joukko{i}") for i in range(SEATS_PER_INSERT + 20)]
    seats = seats_for(foyer=foyer, users=[*returning, *crowd])
    assert [seat.table.number for seat in seats[:5]] == [1] * 5
    counts = _counts_match_seats(foyer)
    assert max(counts.values()) == TABLE_SEATS
    assert sum(counts.values()) == 5 + len(crowd) == Seat.objects.filter(foyer=foyer).count()
    stored = dict(Seat.objects.filter(foyer=foyer).values_list("user_id", "table__number"))
    assert {seat.user.pk: seat.table.number for seat in seats} == stored
    codes = dict(FoyerTable.objects.filter(foyer=foyer).values_list("number", "code"))
    assert all(seat.table.code == codes[seat.table.number] for seat in seats)


@pytest.mark.django_db
def test_welcomes_read_together_show_each_table_its_own_latest_and_the_announcements():
    foyer = open_foyer()
    people = [person(f"pöytä{i}") for i in range(TABLE_SEATS + 1)]
    seats = seats_for(foyer=foyer, users=people)
    first, second = seats[0].table_id, seats[-1].table_id
    empty = FoyerTable.objects.create(foyer=foyer, number=3, code="tyhja").pk
    other_foyer = open_foyer()
    written = []
    for index, (table_id, hidden) in enumerate(
        [(first, False), (None, False), (second, False), (first, True), (first, False)]
        + [(second, False), (None, False), (first, False), (second, False), (None, True)]
    ):
        written.append(
            Message.objects.create(
                foyer=foyer,
                table_id=table_id,
                author_name="Kirjoittaja",
                text=f"viesti {index}",
                is_hidden=hidden,
                kind=Message.Kind.ANNOUNCEMENT if table_id is None else Message.Kind.CHAT,
            )
        )
    Message.objects.create(foyer=other_foyer, author_name="Muu", text="toinen aula")
    limit = 3
    recent = messages_recent(foyer=foyer, table_ids=[first, second, empty, None], limit=limit)

    def expected(table_id):
        shown = [m for m in written if not m.is_hidden and m.table_id in (None, table_id)]
        return [m.pk for m in shown[-limit:]]

    assert {t: [m.pk for m in messages] for t, messages in recent.items()} == {
        table_id: expected(table_id) for table_id in (first, second, empty, None)
    }
    assert [m.text for m in recent[first]] == ["viesti 4", "viesti 6", "viesti 7"]


@pytest.mark.django_db(transaction=True)
def test_an_account_deleted_as_its_crowd_arrives_keeps_nobody_else_from_their_seat():
    """The crowd's accounts are read before seating: one deleted in between fails its seat's
    row (the database's foreign key), not everybody's in the same INSERT."""
    foyer = open_foyer()
    first, leaving, last = person("ensimmainen"), person("poistuva"), person("viimeinen")
    read_before = type(leaving).objects.get(pk=leaving.pk)
    leaving.delete()
    seats = seats_for(foyer=foyer, users=[first, read_before, last])
    assert seats[1] is None
    assert [seats[0].user, seats[2].user] == [first, last]
    stored = set(Seat.objects.filter(foyer=foyer).values_list("user_id", flat=True))
    assert stored == {first.pk, last.pk}
    assert _counts_match_seats(foyer) == {1: 2}


@pytest.mark.django_db(transaction=True)
def test_racing_arrivals_never_overfill_a_table_nor_deadlock():
    """Processes seating crowds at the same moment (threads with connections of their own,
    in batches as the consumer gathers them, and one by one)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every write; the race needs PostgreSQL")
    foyer = open_foyer()
    people = [person(f"kiire{i}") for i in range(6 * TABLE_SEATS + 3)]
    crowds = [people[i : i + 5] for i in range(0, len(people), 5)]
    start = threading.Barrier(len(crowds))
    failures = []

    def arrive(crowd):
        try:
            start.wait()
            if len(crowd) == 1:
                seat_person(foyer=foyer, user=crowd[0])
            else:
                seats_for(foyer=foyer, users=crowd)
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=arrive, args=(crowd,)) for crowd in crowds]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    counts = _counts_match_seats(foyer)
    assert max(counts.values()) <= TABLE_SEATS
    assert sum(counts.values()) == len(people) == Seat.objects.filter(foyer=foyer).count()


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_a_process_subscribes_once_per_group_and_everyone_hears_the_table():
    layer = get_channel_layer()
    foyer = await db(open_foyer)()
    people = [await db(person)(name) for name in ("aino", "eino", "helmi")]
    clients = [(await connected(foyer.pk, await db(cookie_of)(p)))[0] for p in people]
    visitor, _ = await connected(foyer.pk)
    everyone = events.everyone(foyer.pk)
    table = events.table(foyer.pk, 1)
    if isinstance(layer, InMemoryChannelLayer):  # Redis keeps its subscriptions to itself
        assert len(layer.groups[everyone]) == 1
        assert len(layer.groups[table]) == 1
    assert len(route.members[everyone]) == 4
    assert len(route.members[table]) == 3

    await clients[0].send_json_to({"type": "chat", "text": "Hyvää iltaa kaikille"})
    for client in clients:
        heard = await next_event(client, "message")
        assert heard["text"] == "Hyvää iltaa kaikille"
    for client in [*clients, visitor]:
        await client.disconnect()
    assert everyone not in route.members


@pytest.mark.asyncio
async def test_frames_before_the_welcome_wait_and_the_welcomes_messages_are_not_sent_twice():
    consumer = FoyerConsumer()
    consumer.backlog = []
    sent = []

    async def server_send(message):
        sent.append(message["text"])

    consumer.scope = {"lampio_raw_send": server_send}
    # As the route passes group frames on (local.Route._deliver).
    for text, message_id in (
        ('{"type":"message","id":7}', 7),
        ('{"type":"questions"}', None),
        ('{"type":"message","id":8}', 8),
    ):
        assert consumer.frame_now(text, message_id)
    assert sent == []
    await consumer._backlog_send(in_welcome={6, 7})
    assert sent == ['{"type":"questions"}', '{"type":"message","id":8}']
    consumer.pass_on('{"type":"message","id":9}', 9)
    for _ in range(100):
        if consumer.frames_waiting is None:
            break
        await asyncio.sleep(0.01)
    assert sent[-1] == '{"type":"message","id":9}'


@pytest.mark.asyncio
async def test_a_slow_client_holds_up_nobody_and_gets_its_frames_in_order():
    """The process's fan-out (table frames through the route, summaries through the hub)
    never waits for one client: a client that reads slowly gets its frames in order once it
    reads again, and a connection that closed meanwhile drops them."""
    let_through = asyncio.Event()
    slow_got, quick_got = [], []

    async def slow_send(message):
        await let_through.wait()
        slow_got.append(message["text"])

    async def quick_send(message):
        quick_got.append(message["text"])

    async def closed_send(message):
        raise OSError("the client has gone")

    slow, quick, closed = FoyerConsumer(), FoyerConsumer(), FoyerConsumer()
    for consumer, send in ((slow, slow_send), (quick, quick_send), (closed, closed_send)):
        consumer.backlog = None
        consumer.scope = {"lampio_raw_send": send}
    fan_out = Route()
    fan_out.members["table"] = {slow, quick, closed}
    for number in range(3):
        frame = {"type": events.FRAME, "group": "table", "text": f"viesti {number}", "id": number}
        await asyncio.wait_for(fan_out._deliver(frame), 1)
    hub._send_all([slow, quick, closed], "aplodit")  # returns without waiting for anyone
    for _ in range(100):
        if len(quick_got) == 4:
            break
        await asyncio.sleep(0.01)
    assert quick_got == ["viesti 0", "viesti 1", "viesti 2", "aplodit"]
    assert slow_got == []

    let_through.set()
    for _ in range(100):
        if slow.frames_waiting is None:
            break
        await asyncio.sleep(0.01)
    assert slow_got == ["viesti 0", "viesti 1", "viesti 2", "aplodit"]
    assert slow.frames_waiting is None and closed.frames_waiting is None
