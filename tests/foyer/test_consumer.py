"""The foyer over WebSockets (Channels' WebsocketCommunicator against the real ASGI app with
real session cookies): tables, messages, reactions, questions, scam protection, host tools,
reconnects and the schema."""

import asyncio
from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from django.utils import timezone

from lampio.foyer.models import Message, Presence, Question, Report, Seat
from lampio.foyer.selectors import presence_snapshot
from lampio.foyer.services import presence_sweep
from tests.support.foyer import connected, events_for, host_of, next_event, open_foyer, person
from tests.support.foyer import session_cookie as cookie_of

pytestmark = pytest.mark.django_db(transaction=True)
db = sync_to_async


async def eventually(check, timeout: float = 2.0) -> None:
    """Presence is written in batches every 200 ms: wait for it."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not await db(check)():
        assert asyncio.get_running_loop().time() < deadline, "did not happen in time"
        await asyncio.sleep(0.05)


async def world(n_people=2):
    foyer = await db(open_foyer)()
    people = [await db(person)(name) for name in ("aino", "eino", "helmi", "toivo")[:n_people]]
    cookies = [await db(cookie_of)(p) for p in people]
    return foyer, people, cookies


@pytest.mark.asyncio
async def test_people_at_a_table_talk_and_visitors_only_watch():
    foyer, (aino, eino), (c_aino, c_eino) = await world()
    a, welcome_a = await connected(foyer.pk, c_aino)
    b, welcome_b = await connected(foyer.pk, c_eino)
    visitor, welcome_v = await connected(foyer.pk)
    assert welcome_a["me"]["table"] == welcome_b["me"]["table"] == 1
    assert welcome_a["open"] and welcome_a["me"]["can_write"]
    assert welcome_v["me"] == {
        "user_id": None,
        "name": None,
        "is_host": False,
        "table": None,
        "code": None,
        "can_write": False,
    }

    # Presence is sent only when it changes: wait for it before anything else is awaited
    # on this socket, so that waiting for another event cannot skip it.
    presence = await next_event(b, "presence", timeout=4)
    while presence["count"] != 3:
        presence = await next_event(b, "presence", timeout=4)
    assert presence["table"] == {"number": 1, "people": ["Aino, Tampere", "Eino, Tampere"]}

    await a.send_json_to({"type": "chat", "text": "Hyvää iltaa kaikille!"})
    got_b = await next_event(b, "message")
    got_a = await next_event(a, "message")
    assert got_a == got_b
    assert got_b["text"] == "Hyvää iltaa kaikille!" and got_b["author"] == "Aino, Tampere"
    assert got_b["id"] == await db(lambda: Message.objects.get().pk)()
    assert not [e for e in await events_for(visitor, 0.5) if e["type"] == "message"]

    await visitor.send_json_to({"type": "chat", "text": "Hei"})
    error = await next_event(visitor, "error")
    assert error["code"] == "log_in" and "kirjaudu" in error["message"].lower()
    for client in (a, b, visitor):
        await client.disconnect()
    await eventually(lambda: Presence.objects.count() == 0)


@pytest.mark.asyncio
async def test_applause_is_counted_on_the_server_and_sent_as_totals():
    foyer, _, (c_aino, c_eino) = await world()
    a, _ = await connected(foyer.pk, c_aino)
    b, _ = await connected(foyer.pk, c_eino)
    for _ in range(15):  # fifteen taps each, as fast as the frames go
        await a.send_json_to({"type": "react", "kind": "applause"})
        await b.send_json_to({"type": "react", "kind": "applause"})
    await b.send_json_to({"type": "react", "kind": "bravo"})
    received = [e for e in await events_for(a, 1.5) if e["type"] == "reactions"]
    assert received[-1]["totals"] == {"applause": 30, "heart": 0, "laugh": 0, "bravo": 1}
    assert len(received) <= 7, "totals a few times a second, not one message per click"
    await a.disconnect()
    await b.disconnect()


@pytest.mark.parametrize(
    ("text", "code", "words"),
    [
        ("Katso www.halpaa.fi", "blocked_link", "linkkejä"),
        ("Soita minulle 040 123 4567", "blocked_phone", "puhelinnumeroita"),
        ("Kirjoita aino.virtanen@example.fi", "blocked_email", "sähköpostiosoitteita"),
        ("Tarvitsen rahaa, tilinumero FI21 1234 5600 0007 85", "blocked_money", "rahasta"),
    ],
)
@pytest.mark.asyncio
async def test_scams_are_not_delivered_and_the_sender_is_told_kindly(text, code, words):
    foyer, _, (c_aino, c_eino) = await world()
    a, _ = await connected(foyer.pk, c_aino)
    b, _ = await connected(foyer.pk, c_eino)
    await a.send_json_to({"type": "chat", "text": text})
    error = await next_event(a, "error")
    assert error["code"] == code and words in error["message"]
    assert not [e for e in await events_for(b, 0.5) if e["type"] == "message"]
    assert await db(Message.objects.count)() == 0
    await a.disconnect()
    await b.disconnect()


@pytest.mark.asyncio
async def test_bad_messages_get_an_error_and_change_nothing():
    foyer, _, (c_aino,) = await world(1)
    a, _ = await connected(foyer.pk, c_aino, lang="en")
    cases = [
        ("not json", "malformed"),
        ('{"type": "shout", "text": "x"}', "unknown_type"),
        ('{"type": "chat"}', "invalid"),
        ('{"type": "chat", "text": ""}', "invalid"),
        ('{"type": "chat", "text": "' + "x" * 501 + '"}', "invalid"),
        ('{"type": "chat", "text": "' + "x" * 5000 + '"}', "too_large"),
        ('{"type": "react", "kind": "applause", "count": 1000}', "invalid"),
        ('{"type": "host_chat", "open": false}', "not_host"),
        ('{"type": "host_remove", "user_id": 1}', "not_host"),
        ('{"type": "move_table", "code": "ZZZZZ"}', "no_such_table"),
        ('{"type": "second", "question_id": 999}', "no_such_question"),
    ]
    for raw, code in cases:
        await a.send_to(text_data=raw)
        error = await next_event(a, "error")
        assert error["code"] == code, raw
        assert error["message"]
    assert error["message"] == "That question is no longer there."
    assert await db(Message.objects.count)() == 0
    assert await db(Question.objects.count)() == 0
    await a.disconnect()


@pytest.mark.asyncio
async def test_a_reconnecting_person_gets_exactly_what_they_missed():
    foyer, _, (c_aino, c_eino) = await world()
    a, _ = await connected(foyer.pk, c_aino)
    b, _ = await connected(foyer.pk, c_eino)
    await a.send_json_to({"type": "chat", "text": "Ensimmäinen"})
    last_seen = (await next_event(b, "message"))["id"]
    await b.disconnect()  # the tablet's Wi-Fi drops
    await a.send_json_to({"type": "chat", "text": "Toinen"})
    await a.send_json_to({"type": "chat", "text": "Kolmas"})
    while (await next_event(a, "message"))["text"] != "Kolmas":
        pass
    b, welcome = await connected(foyer.pk, c_eino)
    assert welcome["me"]["table"] == 1, "back at the same table"
    await b.send_json_to({"type": "hello", "last_event_id": last_seen})
    replay = [e for e in await events_for(b, 0.7) if e["type"] == "message"]
    assert [e["text"] for e in replay] == ["Toinen", "Kolmas"]
    assert all(e["id"] > last_seen for e in replay)
    await a.disconnect()
    await b.disconnect()


@pytest.mark.asyncio
async def test_tables_seat_at_most_eight_and_friends_sit_together_by_code():
    foyer = await db(open_foyer)()
    names = [f"p{i}" for i in range(10)]
    people = [await db(person)(name) for name in names]
    clients = []
    welcomes = []
    for p in people:
        client, welcome = await connected(foyer.pk, await db(cookie_of)(p))
        clients.append(client)
        welcomes.append(welcome)
    tables = [w["me"]["table"] for w in welcomes]
    assert tables == [1] * 8 + [2] * 2
    code_one = welcomes[0]["me"]["code"]
    await clients[9].send_json_to({"type": "move_table", "code": code_one.lower()})
    assert (await next_event(clients[9], "error"))["code"] == "table_full"
    await clients[0].send_json_to({"type": "move_table", "code": welcomes[9]["me"]["code"]})
    assert (await next_event(clients[0], "seated"))["table"] == 2
    # Now p0 talks at table 2: p9 hears it, p1 at table 1 does not.
    await clients[0].send_json_to({"type": "chat", "text": "Täällä ollaan"})
    assert (await next_event(clients[9], "message"))["text"] == "Täällä ollaan"
    assert not [e for e in await events_for(clients[1], 0.5) if e["type"] == "message"]
    counts = await db(lambda: sorted(Seat.objects.values_list("table__number", flat=True)))()
    assert counts.count(1) == 7 and counts.count(2) == 3
    for client in clients:
        await client.disconnect()


@pytest.mark.asyncio
async def test_questions_are_seconded_once_per_person_and_answered_by_the_host():
    foyer, (aino, eino), (c_aino, c_eino) = await world()
    host = await db(host_of)(foyer)
    a, _ = await connected(foyer.pk, c_aino)
    b, _ = await connected(foyer.pk, c_eino)
    h, welcome = await connected(foyer.pk, await db(cookie_of)(host))
    assert welcome["me"]["is_host"]
    await a.send_json_to({"type": "ask", "text": "Mikä oli viimeinen kappale?"})
    await b.send_json_to({"type": "ask", "text": "Milloin tulette Ouluun?"})
    await next_event(h, "questions")
    items = (await next_event(h, "questions"))["items"]
    second_id = [q for q in items if q["text"].startswith("Milloin")][0]["id"]
    assert [q["author_id"] for q in items if q["id"] == second_id] == [eino.pk]
    await b.send_json_to({"type": "second", "question_id": second_id})
    refused = await next_event(b, "error")
    assert refused["message"] == "Tämä on oma kysymyksesi: taiteilija näkee sen jo."
    for client in (a, a, h):
        await client.send_json_to({"type": "second", "question_id": second_id})
    for _ in range(2):  # a second second by the same person changes nothing and sends nothing
        items = (await next_event(h, "questions"))["items"]
    assert [(q["text"][:7], q["seconds"]) for q in items] == [("Milloin", 2), ("Mikä ol", 0)]
    await h.send_json_to({"type": "host_answer", "question_id": second_id})
    items = (await next_event(a, "questions", timeout=3))["items"]
    while not items[-1]["answered"]:
        items = (await next_event(a, "questions"))["items"]
    assert items[-1]["text"].startswith("Milloin")  # answered ones go last
    for client in (a, b, h):
        await client.disconnect()


@pytest.mark.asyncio
async def test_host_tools_reach_everyone_and_are_refused_to_others():
    foyer, (aino, eino), (c_aino, c_eino) = await world()
    host = await db(host_of)(foyer)
    a, _ = await connected(foyer.pk, c_aino)
    b, _ = await connected(foyer.pk, c_eino, lang="sv")
    h, _ = await connected(foyer.pk, await db(cookie_of)(host))

    await h.send_json_to({"type": "host_announce", "text": "Väliaika alkaa nyt."})
    announcement = await next_event(a, "message")
    assert announcement["kind"] == "announcement" and announcement["table"] is None
    assert (await next_event(b, "message"))["id"] == announcement["id"]
    await h.send_json_to({"type": "host_pin", "message_id": announcement["id"]})
    assert (await next_event(b, "pinned"))["message"]["text"] == "Väliaika alkaa nyt."

    await a.send_json_to({"type": "chat", "text": "Kiusallinen viesti"})
    bad = await next_event(b, "message")
    await b.send_json_to({"type": "report", "message_id": bad["id"]})
    report = await next_event(h, "report")
    assert report["message"]["text"] == "Kiusallinen viesti"
    assert await db(Report.objects.count)() == 1
    await h.send_json_to({"type": "host_hide", "message_id": bad["id"]})
    assert (await next_event(b, "hidden"))["id"] == bad["id"]

    await h.send_json_to({"type": "host_mute", "user_id": aino.pk, "minutes": 10})
    assert (await next_event(a, "muted"))["message"].startswith("Juontaja on keskeyttänyt")
    await a.send_json_to({"type": "chat", "text": "Saanko puhua?"})
    assert (await next_event(a, "error"))["code"] == "muted"

    await h.send_json_to({"type": "host_slow_mode", "seconds": 60})
    assert (await next_event(b, "settings"))["slow_mode"] == 60
    await b.send_json_to({"type": "chat", "text": "Ett"})
    await next_event(b, "message")
    await b.send_json_to({"type": "chat", "text": "Två"})
    error = await next_event(b, "error")
    assert (
        error["code"] == "slow_mode" and "60" in error["message"] and "Långsamt" in error["message"]
    )

    await h.send_json_to({"type": "host_chat", "open": False})
    assert (await next_event(b, "settings"))["chat_open"] is False
    await h.send_json_to({"type": "chat", "text": "Juontaja voi silti kirjoittaa."})
    await next_event(h, "message")

    await h.send_json_to({"type": "host_remove", "user_id": eino.pk})
    removed = await next_event(b, "removed")
    assert removed["message"]
    assert (await b.receive_output(timeout=2))["type"] == "websocket.close"
    first, _ = await connected_or_refused(foyer.pk, c_eino)
    assert first == "removed", "a removed person cannot come back to this foyer"
    assert await db(Seat.objects.filter(user=eino).count)() == 0
    await a.disconnect()
    await h.disconnect()


async def connected_or_refused(foyer_id, cookie):
    from tests.support.foyer import communicator

    client = communicator(foyer_id, cookie)
    ok, _ = await client.connect()
    assert ok
    first = await client.receive_json_from(timeout=2)
    return first["type"], client


@pytest.mark.asyncio
async def test_before_the_doors_open_the_foyer_counts_down_and_takes_no_messages():
    foyer = await db(open_foyer)(starts_in=timedelta(hours=2))
    aino = await db(person)("aino")
    a, welcome = await connected(foyer.pk, await db(cookie_of)(aino))
    assert welcome["open"] is False
    opens = welcome["opens_at"]
    assert opens.startswith(str(timezone.now().date())[:4])
    await a.send_json_to({"type": "chat", "text": "Onko täällä ketään?"})
    assert (await next_event(a, "error"))["code"] == "closed"
    await a.disconnect()


@pytest.mark.asyncio
async def test_a_foreign_origin_and_an_unpublished_foyer_are_refused():
    from tests.support.foyer import communicator

    foyer, _, (c_aino,) = await world(1)
    evil = communicator(foyer.pk, c_aino, origin="https://evil.example")
    ok, _ = await evil.connect()
    assert not ok

    def unpublish():
        foyer.offering.status = "draft"
        foyer.offering.save()

    await db(unpublish)()
    client = communicator(foyer.pk, c_aino)
    ok, code = await client.connect()
    assert not ok


@pytest.mark.asyncio
async def test_presence_heals_when_a_client_vanishes_without_closing():
    foyer, (aino, eino), (c_aino, c_eino) = await world()
    a, _ = await connected(foyer.pk, c_aino)
    b, _ = await connected(foyer.pk, c_eino)
    await eventually(lambda: presence_snapshot(foyer.pk).count == 2)
    # Eino's tablet dies: no close, no more heartbeats.
    await db(
        lambda: Presence.objects.filter(user=eino).update(
            last_seen=timezone.now() - timedelta(minutes=5)
        )
    )()
    await a.send_json_to({"type": "heartbeat"})
    await events_for(a, 0.2)
    assert await db(presence_sweep)(foyer_id=foyer.pk) == 1
    snapshot = await db(presence_snapshot)(foyer.pk)
    assert snapshot.count == 1 and snapshot.tables[1] == ["Aino, Tampere"]
    await a.disconnect()


def test_presence_writes_survive_a_bad_row_and_heartbeats_bring_back_swept_rows():
    from lampio.foyer.models import Foyer
    from lampio.foyer.services import presence_apply

    foyer = open_foyer()
    gone = open_foyer()
    aino = person("aino")
    now = timezone.now()
    rows = [
        Presence(foyer_id=foyer.pk, channel_name="a", user_id=aino.pk, last_seen=now),
        Presence(foyer_id=gone.pk, channel_name="b", user_id=None, last_seen=now),
    ]
    Foyer.objects.filter(pk=gone.pk).delete()  # the showing was deleted meanwhile
    presence_apply(seen=rows, leaves=set())
    assert list(Presence.objects.values_list("channel_name", flat=True)) == ["a"]
    Presence.objects.all().delete()  # swept while the tablet slept
    later = now + timedelta(seconds=30)
    presence_apply(
        seen=[Presence(foyer_id=foyer.pk, channel_name="a", user_id=aino.pk, last_seen=later)],
        leaves=set(),
    )
    assert Presence.objects.get().last_seen == later
    presence_apply(seen=[], leaves={"a"})
    assert Presence.objects.count() == 0


@pytest.mark.asyncio
async def test_a_helper_acting_for_her_mother_writes_in_the_foyer_as_her_mother():
    from django.test import Client

    from lampio.accounts.models import HelperRelation

    foyer = await db(open_foyer)()
    mother, daughter = await db(person)("aino"), await db(person)("liisa")

    def act_for_mother() -> str:
        HelperRelation.objects.create(
            person=mother, helper=daughter, helper_email=daughter.email,
            status=HelperRelation.Status.ACTIVE,
        )  # fmt: skip
        client = Client()
        client.force_login(daughter)
        assert client.post(f"/accounts/helping/{mother.pk}/act/").status_code == 302
        return client.cookies["sessionid"].value

    cookie = await db(act_for_mother)()
    socket, welcome = await connected(foyer.pk, cookie)
    assert welcome["me"]["user_id"] == mother.pk and welcome["me"]["name"] == "Aino, Tampere"
    await socket.send_json_to({"type": "chat", "text": "Äiti täällä!"})
    message = await next_event(socket, "message")
    assert message["author"] == "Aino, Tampere" and message["author_id"] == mother.pk
    saved = await db(lambda: Message.objects.get(text="Äiti täällä!"))()
    assert saved.author_id == mother.pk
    await socket.disconnect()
