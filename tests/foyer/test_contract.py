"""The foyer's real-time contract: every frame a client receives matches its model in
schema.py, changes made outside the consumer (the Django admin, a service called from a
thread) reach every open connection, moderation is audit-logged, a bad row in a chat batch
loses nobody else's message, and the rate limit holds per person across connections and
processes."""

import asyncio
import time
from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from pydantic import ValidationError

from lampio.accounts.services import user_logout_everywhere
from lampio.core.models import AuditEvent
from lampio.core.refusals import RefusedError
from lampio.foyer import services
from lampio.foyer.models import Foyer, Message, Sanction
from lampio.foyer.rules import (
    RATE_MESSAGES,
    RATE_WINDOW_SECONDS,
    RateLedger,
    _bucket_key,
    _last_key,
)
from lampio.foyer.schema import ServerEvent, server_event_adapter
from lampio.media.models import VideoAsset
from tests.support.foyer import connected, events_for, host_of, next_event, open_foyer, person
from tests.support.foyer import session_cookie as cookie_of

pytestmark = pytest.mark.django_db(transaction=True)
db = sync_to_async
ALL_SERVER_TYPES = {
    member.model_fields["type"].default for member in ServerEvent.__origin__.__args__
}


def recording(client, frames: list[str]):
    """Keep every frame the client receives, whoever reads it."""
    receive = client.receive_from

    async def receive_from(timeout=1):
        text = await receive(timeout)
        frames.append(text)
        return text

    client.receive_from = receive_from
    return client


def premiere_foyer() -> Foyer:
    foyer = open_foyer(kind="premiere")
    video = VideoAsset.objects.create(
        offering=foyer.offering, status=VideoAsset.Status.READY, playlist="hls/x/index.m3u8"
    )
    foyer.showing.video = video
    foyer.showing.save(update_fields=["video"])
    return foyer


def staff(key: str):
    user = person(key, is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    return user, client


@pytest.mark.asyncio
async def test_every_frame_of_every_handler_matches_its_model():
    foyer = await db(premiere_foyer)()
    host = await db(host_of)(foyer)
    aino, eino = await db(person)("aino"), await db(person)("eino")
    frames: list[str] = []
    welcomes = []
    clients = {}
    for name, who in (("host", host), ("aino", aino), ("eino", eino), ("visitor", None)):
        cookie = await db(cookie_of)(who) if who else None
        client, welcome = await connected(foyer.pk, cookie)
        welcomes.append(welcome)
        clients[name] = recording(client, frames)
    a, b, h, v = clients["aino"], clients["eino"], clients["host"], clients["visitor"]

    await a.send_json_to({"type": "hello", "last_event_id": 0})
    await a.send_json_to({"type": "heartbeat"})
    await a.send_json_to({"type": "clock", "client_time": time.time()})
    await a.send_json_to({"type": "chat", "text": "Hyvää iltaa!"})
    chat = await next_event(b, "message")
    await a.send_json_to({"type": "react", "kind": "applause", "count": 3})
    await next_event(b, "reactions")
    await a.send_json_to({"type": "ask", "text": "Mikä oli viimeinen kappale?"})
    question = (await next_event(h, "questions"))["items"][0]
    await b.send_json_to({"type": "second", "question_id": question["id"]})
    await b.send_json_to({"type": "report", "message_id": chat["id"]})
    await next_event(h, "report")
    await b.send_json_to({"type": "move_table", "table": 99})  # no such table: an error
    await next_event(b, "error")
    await v.send_json_to({"type": "chat", "text": "Hei"})  # a visitor may not write
    await next_event(v, "error")
    await v.send_to(text_data="not json")
    await h.send_json_to({"type": "host_announce", "text": "Tervetuloa!"})
    await h.send_json_to({"type": "host_pin", "message_id": chat["id"]})
    await next_event(a, "pinned")
    await h.send_json_to({"type": "host_hide", "message_id": chat["id"]})
    await next_event(a, "hidden")
    await h.send_json_to({"type": "host_slow_mode", "seconds": 5})
    await h.send_json_to({"type": "host_chat", "open": False})
    await h.send_json_to({"type": "host_answer", "question_id": question["id"]})
    await h.send_json_to({"type": "host_premiere", "action": "pause"})
    await next_event(a, "premiere")
    await h.send_json_to({"type": "host_premiere", "action": "resume"})
    await h.send_json_to({"type": "host_mute", "user_id": eino.pk, "minutes": 5})
    await next_event(b, "muted")
    seats = await db(lambda: list(foyer.tables.values_list("code", flat=True)))()
    await a.send_json_to({"type": "move_table", "code": seats[0]})
    await next_event(a, "seated")
    await h.send_json_to({"type": "host_remove", "user_id": eino.pk})
    await next_event(b, "removed")
    await db(lambda: user_logout_everywhere(user=aino))()
    await next_event(a, "logged_out")
    for client in (h, v):
        await events_for(client, 2.2)  # presence comes every two seconds

    for welcome in welcomes:
        server_event_adapter.validate_python(welcome)
    received = {server_event_adapter.validate_json(frame).type for frame in frames}
    assert received | {"welcome"} == ALL_SERVER_TYPES, ALL_SERVER_TYPES - received
    for client in (a, h, v):
        await client.disconnect()


def test_a_frame_that_does_not_match_its_model_is_never_built():
    from lampio.foyer.schema import MessageOut, Settings

    with pytest.raises(ValidationError):
        Settings(chat_open=True)  # slow_mode missing
    with pytest.raises(ValidationError):
        MessageOut(id=1, table=1, kind="shout", author="A", author_id=1, text="x", at="")


@pytest.mark.asyncio
async def test_an_admin_hiding_a_message_and_closing_the_chat_reaches_open_connections():
    foyer = await db(open_foyer)()
    aino, eino = await db(person)("aino"), await db(person)("eino")
    a, _ = await connected(foyer.pk, await db(cookie_of)(aino))
    b, _ = await connected(foyer.pk, await db(cookie_of)(eino), lang="sv")
    await a.send_json_to({"type": "chat", "text": "Soita minulle!"})
    message = await next_event(b, "message")
    admin, admin_client = await db(staff)("admin")

    response = await db(admin_client.post)(
        f"/{settings.ADMIN_PATH}foyer/message/",
        {"action": "hide_messages", "_selected_action": [message["id"]]},
    )
    assert response.status_code == 302
    assert (await next_event(b, "hidden", timeout=1))["id"] == message["id"]
    assert (await next_event(a, "hidden", timeout=1))["id"] == message["id"]

    response = await db(admin_client.post)(
        f"/{settings.ADMIN_PATH}foyer/foyer/{foyer.pk}/change/",
        {
            "showing": foyer.showing_id,
            "offering": foyer.offering_id,
            "after_talk_minutes": 30,
            "slow_mode_seconds": 0,
            "paused_seconds": 0,
            "pinned": "",
            "paused_at_0": "",
            "paused_at_1": "",
            # chat_open left out: the checkbox is off
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert (await next_event(b, "settings", timeout=1))["chat_open"] is False
    await b.send_json_to({"type": "chat", "text": "Hej"})
    refused = await next_event(b, "error")
    assert refused["code"] == "chat_closed" and "chatten" in refused["message"]
    assert not await db(Message.objects.filter(text="Hej").exists)()

    actions = await db(lambda: list(AuditEvent.objects.values_list("action", "actor_id")))()
    assert ("foyer.message_hidden", admin.pk) in actions
    assert ("foyer.chat_closed", admin.pk) in actions
    for client in (a, b):
        await client.disconnect()


@pytest.mark.asyncio
async def test_a_mute_given_in_the_admin_takes_effect_at_once():
    foyer = await db(open_foyer)()
    aino = await db(person)("aino")
    a, _ = await connected(foyer.pk, await db(cookie_of)(aino))
    admin, admin_client = await db(staff)("admin")
    until = timezone.localtime() + timedelta(minutes=10)
    response = await db(admin_client.post)(
        f"/{settings.ADMIN_PATH}foyer/sanction/add/",
        {
            "foyer": foyer.pk,
            "user": aino.pk,
            "kind": "mute",
            "until_0": until.strftime("%Y-%m-%d"),
            "until_1": until.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    muted = await next_event(a, "muted", timeout=1)
    assert "kirjoittamisesi" in muted["message"] or muted["until"] in muted["message"]
    await a.send_json_to({"type": "chat", "text": "Kuuluuko?"})
    assert (await next_event(a, "error"))["code"] == "muted"
    assert await db(AuditEvent.objects.filter(action="foyer.person_muted").exists)()
    await a.disconnect()


def test_moderation_is_in_the_coordinators_audit_log_in_plain_words():
    from lampio.accounts.models import CoordinatorAssignment
    from lampio.municipalities.models import Municipality

    foyer = open_foyer()
    tampere = Municipality.objects.get(slug="tampere")
    foyer.offering.is_nationwide = False
    foyer.offering.save(update_fields=["is_nationwide"])
    foyer.offering.municipalities.set([tampere])
    host = host_of(foyer)
    eino = person("eino")
    services.person_mute(foyer=foyer, user_id=eino.pk, minutes=10, actor=host)
    services.foyer_settings_change(foyer=foyer, actor=host, slow_mode_seconds=30)
    coordinator = person("koordinaattori")
    CoordinatorAssignment.objects.create(user=coordinator, municipality=tampere)
    client = Client()
    client.force_login(coordinator)
    html = client.get("/en/manage/audit/").content.decode()
    assert f"{host} paused the writing of {eino} for 10 minutes" in html
    assert "set slow mode to 30 seconds" in html
    assert "foyer.person_muted" not in html


@pytest.mark.django_db(transaction=True)
def test_a_chat_batch_with_one_bad_row_loses_nobody_elses_message():
    foyer = open_foyer()
    aino, gone = person("aino"), person("gone")
    table = services.seat_person(foyer=foyer, user=aino).table
    batch = [
        Message(foyer=foyer, table=table, author=aino, author_name="Aino", text="Ensin"),
        Message(foyer=foyer, table=table, author_id=gone.pk, author_name="Poissa", text="Minä"),
        Message(foyer=foyer, table=table, author=aino, author_name="Aino", text="Sitten"),
    ]
    gone.delete()  # the account was deleted while the message waited in the batch
    saved = services.messages_save(messages=batch)
    assert [m.text if m else None for m in saved] == ["Ensin", None, "Sitten"]
    assert list(Message.objects.order_by("id").values_list("text", flat=True)) == [
        "Ensin",
        "Sitten",
    ]


def test_the_rate_limit_holds_for_one_person_across_processes():
    """Two ledgers are two processes; the cache between them is the shared one (Redis in the
    PostgreSQL + Redis pass of CI)."""
    here, there = RateLedger(shared=True), RateLedger(shared=True)
    for _ in range(3):
        here.check_and_count(1, 7, slow_mode_seconds=0)
    here.sync()  # the hub's tick
    there.read(1, 7)
    there.check_and_count(1, 7, slow_mode_seconds=0)
    there.check_and_count(1, 7, slow_mode_seconds=0)
    with pytest.raises(RefusedError) as refused:
        there.check_and_count(1, 7, slow_mode_seconds=0)
    assert refused.value.code == "foyer.too_fast"
    assert RATE_MESSAGES == 5
    # Another person is not affected, nor the same person in another foyer.
    there.check_and_count(1, 8, slow_mode_seconds=0)
    there.check_and_count(2, 7, slow_mode_seconds=0)


def test_the_ledger_pushes_each_message_once_and_forgets_people_quiet_for_the_window():
    here, there = RateLedger(shared=True), RateLedger(shared=True)
    long_ago = time.time() - 2 * RATE_WINDOW_SECONDS
    here.check_and_count(4, 7, slow_mode_seconds=0)
    here.check_and_count(4, 8, slow_mode_seconds=0, now=long_ago)
    here.sync()
    here.sync()  # nothing new: nothing added twice
    there.read(4, 7)
    assert sum(there.people[(4, 7)].shared_buckets.values()) == 1
    assert (4, 7) in here.people
    assert (4, 8) not in here.people


def test_a_stray_value_under_the_ledgers_keys_keeps_nobody_from_writing():
    """A value the ledger did not write (an older release's float, anything) reads as none."""
    cache.set(_last_key(5, 7), "ei numero", timeout=60)
    cache.set(_bucket_key(5, 7, int(time.time())), 2.5, timeout=60)
    ledger = RateLedger(shared=True)
    ledger.read(5, 7)
    assert ledger.people[(5, 7)].shared_last == 0
    ledger.check_and_count(5, 7, slow_mode_seconds=30)


def test_slow_mode_holds_for_one_person_across_processes():
    here, there = RateLedger(shared=True), RateLedger(shared=True)
    here.check_and_count(3, 7, slow_mode_seconds=30)
    here.sync()
    there.read(3, 7)
    with pytest.raises(RefusedError) as refused:
        there.check_and_count(3, 7, slow_mode_seconds=30)
    assert refused.value.code == "foyer.slow_mode" and refused.value.params == {"seconds": 30}


@pytest.mark.asyncio
async def test_two_devices_of_one_person_share_one_rate_limit():
    foyer = await db(open_foyer)()
    aino = await db(person)("aino")
    cookie = await db(cookie_of)(aino)
    tablet, _ = await connected(foyer.pk, cookie)
    phone, _ = await connected(foyer.pk, cookie)
    for index in range(RATE_MESSAGES):
        device = tablet if index % 2 else phone
        await device.send_json_to({"type": "chat", "text": f"Viesti {index}"})
        await next_event(device, "message")
    await asyncio.sleep(0.05)
    await tablet.send_json_to({"type": "chat", "text": "Vielä yksi"})
    assert (await next_event(tablet, "error"))["code"] == "too_fast"
    for device in (tablet, phone):
        await device.disconnect()


def test_every_reaction_has_a_button_and_a_total_and_is_accepted_by_the_schema():
    from django.utils import translation

    from lampio.foyer.reactions import REACTIONS
    from lampio.foyer.schema import parse_client_event

    foyer = open_foyer()
    with translation.override("fi"):
        html = Client().get(f"/programme/{foyer.offering.slug}/watch/").content.decode()
    for reaction in REACTIONS:
        assert f'data-react="{reaction.kind}"' in html
        assert f'data-total="{reaction.kind}"' in html
        event = parse_client_event(f'{{"type": "react", "kind": "{reaction.kind}"}}')
        assert event.kind == reaction.kind
    assert '"applause"' in html.split('id="foyer-reaction-kinds"')[1].split("</script>")[0]
    with pytest.raises(RefusedError):
        parse_client_event('{"type": "react", "kind": "thumbs_down"}')


@pytest.mark.asyncio
async def test_host_actions_on_an_unknown_person_are_refused_and_the_connection_stays():
    foyer = await db(open_foyer)()
    host = await db(host_of)(foyer)
    client, _ = await connected(foyer.pk, await db(cookie_of)(host))
    for frame in (
        {"type": "host_mute", "user_id": 987654, "minutes": 5},
        {"type": "host_remove", "user_id": 987654},
        {"type": "host_hide", "message_id": 987654},
        {"type": "host_answer", "question_id": 987654},
    ):
        await client.send_json_to(frame)
        error = await next_event(client, "error")
        assert error["code"] in ("no_such_person", "no_such_message", "no_such_question"), error
    await client.send_json_to({"type": "host_announce", "text": "Yhä täällä"})
    announced = await next_event(client, "message")
    assert announced["text"] == "Yhä täällä"
    assert not await db(Sanction.objects.exists)()
    await client.disconnect()
