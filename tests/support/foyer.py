"""Helpers for foyer tests: people, an open foyer, and WebSocket clients with real sessions."""

import asyncio
import json
from datetime import timedelta

from channels.testing.websocket import WebsocketCommunicator
from django.test import Client
from django.utils import timezone

from lampio.accounts.models import ProducerMembership, User
from lampio.asgi import application
from lampio.foyer.services import foyer_for_showing
from tests.accounts.factories import UserFactory
from tests.programme.factories import OfferingFactory, ShowingFactory


def person(key: str, **extra) -> User:
    user = UserFactory(
        username=key,
        name=key.title(),
        display_name=f"{key.title()}, Tampere",
        email=f"{key}@example.fi",
        **extra,
        verified_email=True,
    )
    return user


def open_foyer(*, starts_in=timedelta(minutes=-5), kind="live"):
    now = timezone.now()
    offering = OfferingFactory(kind=kind)
    showing = ShowingFactory(
        offering=offering,
        starts_at=now + starts_in,
        ends_at=now + starts_in + timedelta(minutes=60),
        doors_open_at=now + starts_in - timedelta(minutes=30),
        stream_url="https://stream.example.fi/live/index.m3u8" if kind == "live" else "",
    )
    return foyer_for_showing(showing=showing)


def host_of(foyer, key="host") -> User:
    user = person(key)
    ProducerMembership.objects.create(user=user, producer=foyer.offering.producer)
    return user


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def communicator(foyer_id: int, cookie: str | None = None, *, lang="fi", origin="http://localhost"):
    headers = [(b"origin", origin.encode()), (b"host", b"localhost")]
    if cookie:
        headers.append((b"cookie", f"sessionid={cookie}".encode()))
    return WebsocketCommunicator(application, f"/ws/foyer/{foyer_id}/?lang={lang}", headers=headers)


async def connected(foyer_id: int, cookie: str | None = None, **kwargs):
    client = communicator(foyer_id, cookie, **kwargs)
    ok, _ = await client.connect()
    assert ok
    welcome = await next_event(client, "welcome")
    return client, welcome


async def _poll(client, deadline: float) -> dict | None:
    """The next event before the deadline, or None. Waiting with receive_nothing keeps the
    application alive (a timed-out receive_from would cancel it)."""
    loop = asyncio.get_running_loop()
    while loop.time() < deadline:
        if not await client.receive_nothing(timeout=0.02, interval=0.005):
            return json.loads(await client.receive_from(timeout=1))
    return None


async def next_event(client, kind: str, timeout: float = 3.0) -> dict:
    """The next event of this type, skipping the hub's periodic summaries and others."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        event = await _poll(client, deadline)
        assert event is not None, f"no {kind} event within {timeout} s"
        if event["type"] == kind:
            return event


async def events_for(client, seconds: float) -> list[dict]:
    """Everything that arrives within the time."""
    found = []
    deadline = asyncio.get_running_loop().time() + seconds
    while (event := await _poll(client, deadline)) is not None:
        found.append(event)
    return found
