"""Real ASGI server processes (uvicorn, as in production). Two of them share one foyer
through Redis: people connected to different processes sit at the same table, hear each
other, see the same applause and presence, and the host's actions reach everyone. One of
them alone (the embedded default) delivers the same, its broadcast frames written straight
to the sockets (wire.py).

The two-process test runs whenever REDIS_URL is set (the second pass of .ci/run). The
servers get a database file and a Redis database of their own.
"""

import asyncio
import json
import os
import subprocess
import sys

import pytest

from bench._servers import ROOT, free_port, manage, production_env, uvicorn_start, uvicorn_stop

REDIS_URL = os.environ.get("REDIS_URL")

needs_redis = pytest.mark.skipif(
    not REDIS_URL, reason="needs REDIS_URL (the PostgreSQL + Redis pass of .ci/run runs it)"
)

SETUP = """
import json
from datetime import timedelta
import django
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from lampio.accounts.models import ProducerMembership
from lampio.foyer.services import foyer_for_showing
from lampio.programme.models import Offering, Producer, Showing
now = timezone.now()
producer = Producer.objects.create(slug="kuoro", name="Kuoro")
offering = Offering.objects.create(
    slug="kuorokonsertti", title="Kuorokonsertti", title_fi="Kuorokonsertti", summary="S",
    kind="live", status="published", producer=producer, duration_minutes=60, is_nationwide=True,
)
showing = Showing.objects.create(
    offering=offering, starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=1),
    doors_open_at=now - timedelta(minutes=35), stream_url="https://stream.example.fi/a.m3u8",
)
foyer = foyer_for_showing(showing=showing)
cookies = {}
for key in ("aino", "eino", "host"):
    user = get_user_model().objects.create(
        username=key, name=key, display_name=key.title(), email=key + "@example.fi"
    )
    if key == "host":
        ProducerMembership.objects.create(user=user, producer=producer)
    client = Client()
    client.force_login(user)
    cookies[key] = client.cookies["sessionid"].value
    cookies[key + "_id"] = user.pk
print(json.dumps({"foyer": foyer.pk, **cookies}))
"""


def world_made(env: dict) -> dict:
    manage(env, "migrate", "-v", "0", timeout=300)
    made = subprocess.run(
        [sys.executable, "-c", SETUP],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    )
    return json.loads(made.stdout.strip().splitlines()[-1])


@pytest.fixture
def two_servers(tmp_path):
    base, _, _ = REDIS_URL.rpartition("/")
    env = production_env(tmp_path, debug=True, REDIS_URL=f"{base}/14")
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import redis,os; redis.from_url(os.environ['REDIS_URL']).flushdb()",
        ],
        env=env,
        check=True,
        timeout=30,
    )
    world = world_made(env)
    ports = [free_port(), free_port()]
    servers = []
    try:
        for port in ports:
            servers.append(uvicorn_start(env, port))
        yield world, ports
    finally:
        for server in servers:
            uvicorn_stop(server)


class Listener:
    """A client that keeps every event it has received: presence is sent only when it
    changes, so an event that arrived while the test waited for another one must still be
    found afterwards."""

    def __init__(self, socket):
        self.socket = socket
        self.seen: list[dict] = []

    async def send(self, event: dict) -> None:
        await self.socket.send(json.dumps(event))

    async def until(self, matches, timeout: float = 10.0) -> dict:
        for event in self.seen:
            if matches(event):
                return event

        async def scan():
            while True:
                event = json.loads(await self.socket.recv())
                self.seen.append(event)
                if matches(event):
                    return event

        return await asyncio.wait_for(scan(), timeout)


async def connect(port: int, foyer: int, cookie: str):
    import websockets

    socket = await websockets.connect(
        f"ws://127.0.0.1:{port}/ws/foyer/{foyer}/?lang=fi",
        origin=f"http://127.0.0.1:{port}",
        additional_headers={"Cookie": f"sessionid={cookie}"},
    )
    client = Listener(socket)
    welcome = await client.until(lambda e: e["type"] == "welcome")
    return client, welcome


@pytest.fixture
def one_server(tmp_path):
    """The embedded default: SQLite and the in-memory channel layer, production settings."""
    env = production_env(tmp_path)
    for name in ("DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)
    world = world_made(env)
    port = free_port()
    server = uvicorn_start(env, port)
    try:
        yield world, port
    finally:
        uvicorn_stop(server)


@needs_redis
def test_people_on_different_processes_share_the_foyer(two_servers):
    world, (port_1, port_2) = two_servers
    foyer = world["foyer"]

    async def scenario():
        aino, welcome_a = await connect(port_1, foyer, world["aino"])
        eino, welcome_e = await connect(port_2, foyer, world["eino"])
        host, welcome_h = await connect(port_2, foyer, world["host"])
        assert welcome_a["me"]["table"] == welcome_e["me"]["table"] == 1
        assert welcome_h["me"]["is_host"]

        # Table chat crosses from process 1 to process 2.
        await aino.send({"type": "chat", "text": "Terveisiä ykkösestä!"})
        got = await eino.until(lambda e: e["type"] == "message")
        assert got["text"] == "Terveisiä ykkösestä!" and got["author"] == "Aino"

        # Applause from both processes adds up, and both see the same total.
        await aino.send({"type": "react", "kind": "applause", "count": 5})
        await eino.send({"type": "react", "kind": "applause", "count": 3})
        for client in (aino, eino):
            await client.until(lambda e: e["type"] == "reactions" and e["totals"]["applause"] == 8)

        # Presence: three people, and the table by name, on both processes.
        for client in (aino, eino):
            event = await client.until(lambda e: e["type"] == "presence" and e["count"] == 3)
            assert sorted(event["table"]["people"]) == ["Aino", "Eino", "Host"]

        # The host on process 2 announces to everyone and removes Aino on process 1.
        await host.send({"type": "host_announce", "text": "Tervetuloa!"})
        announced = await aino.until(
            lambda e: e["type"] == "message" and e["kind"] == "announcement"
        )
        assert announced["text"] == "Tervetuloa!"
        await host.send({"type": "host_remove", "user_id": world["aino_id"]})
        removed = await aino.until(lambda e: e["type"] == "removed")
        assert removed["message"] == "Juontaja on poistanut sinut tästä lämpiöstä."
        await asyncio.wait_for(aino.socket.wait_closed(), 5)
        assert aino.socket.close_code == 4403
        for client in (eino, host):
            await client.socket.close()

    asyncio.run(scenario())


def test_one_server_delivers_every_broadcast_in_order(one_server):
    """Table messages and applause totals reach everyone at the table through a real
    uvicorn, in the order sent, each once."""
    world, port = one_server
    foyer = world["foyer"]

    async def scenario():
        aino, welcome_a = await connect(port, foyer, world["aino"])
        eino, welcome_e = await connect(port, foyer, world["eino"])
        assert welcome_a["me"]["table"] == welcome_e["me"]["table"] == 1

        texts = [f"Viesti {number}: " + "ä" * (number * 40) for number in range(1, 6)]
        for text in texts:
            await aino.send({"type": "chat", "text": text})
            await eino.until(lambda e, text=text: e["type"] == "message" and e["text"] == text)
        heard = [e["text"] for e in eino.seen if e["type"] == "message"]
        assert heard == texts
        own = await aino.until(lambda e: e["type"] == "message" and e["text"] == texts[-1])
        assert [e["text"] for e in aino.seen if e["type"] == "message"] == texts
        assert own["author"] == "Aino"

        await eino.send({"type": "react", "kind": "applause", "count": 4})
        for client in (aino, eino):
            await client.until(lambda e: e["type"] == "reactions" and e["totals"]["applause"] == 4)
        for client in (aino, eino):
            await client.socket.close()

    asyncio.run(scenario())
