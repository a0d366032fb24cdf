"""What one person or one script can do to a foyer is bounded: applause per connection,
visitors per network address, and logging out on all devices ends open connections."""

import asyncio

import pytest
from asgiref.sync import sync_to_async

from lampio.accounts.services import user_logout_everywhere
from lampio.foyer.consumers import REACTIONS_PER_SECOND, VISITORS_PER_ADDRESS
from lampio.foyer.selectors import reaction_totals
from tests.support.foyer import communicator, connected, next_event, open_foyer, person
from tests.support.foyer import session_cookie as cookie_of

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]
db = sync_to_async


async def test_one_connection_cannot_applaud_thousands_of_times_a_second():
    foyer = await db(open_foyer)()
    aino = await db(person)("aino")
    client, _ = await connected(foyer.pk, await db(cookie_of)(aino))
    for _ in range(400):  # 8,000 claps asked for within well under a second
        await client.send_json_to({"type": "react", "kind": "applause", "count": 20})
    await asyncio.sleep(0.6)  # the hub adds the clicks to the totals a few times a second
    total = (await db(reaction_totals)(foyer.pk))["applause"]
    assert 0 < total <= REACTIONS_PER_SECOND * 2  # at most the second it began and the next
    await client.disconnect()


async def test_visitors_from_one_address_are_bounded():
    foyer = await db(open_foyer)()
    clients = []
    for _ in range(VISITORS_PER_ADDRESS):
        client, _ = await connected(foyer.pk)
        clients.append(client)
    extra = communicator(foyer.pk)
    admitted, code = await extra.connect()
    assert not admitted and code == 4429
    await clients.pop().disconnect()
    again, _ = await connected(foyer.pk)  # a place freed is a place again
    clients.append(again)
    for client in clients:
        await client.disconnect()


async def test_logging_out_on_all_devices_ends_open_foyer_connections():
    foyer = await db(open_foyer)()
    aino = await db(person)("aino")
    old_cookie = await db(cookie_of)(aino)
    client, _ = await connected(foyer.pk, old_cookie)

    def log_out_everywhere():
        user_logout_everywhere(user=aino)

    await db(log_out_everywhere)()
    event = await next_event(client, "logged_out")
    assert "Kirjaudu" in event["message"] or "kirjaudu" in event["message"]
    assert (await client.receive_output(timeout=2))["type"] == "websocket.close"
    # A new connection with the old session is a visitor's: it cannot write.
    again, welcome = await connected(foyer.pk, old_cookie)
    assert welcome["me"]["can_write"] is False
    await again.disconnect()
