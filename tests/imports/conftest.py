"""A Linked Events instance played from recorded, real-shaped pages (tests/imports/fixtures):
httpx's MockTransport answers the importer's requests, so nothing is downloaded."""

import json
import re
from pathlib import Path

import httpx
import pytest
from django.utils import timezone

from lampio.imports.models import EventSource
from lampio.municipalities.models import Municipality
from lampio.programme.models import ArtForm
from lampio.programme.seed import ensure_reference_data
from tests.programme.factories import ProducerFactory

FIXTURES = Path(__file__).parent / "fixtures"
BASE = "https://api.example.test/v1/"


def recorded(name: str) -> dict:
    """A recorded answer with its December moved to next year's, so every time stays coming."""
    text = (FIXTURES / name).read_text()
    return json.loads(text.replace("2026-12-", f"{timezone.now().year + 1}-12-"))


class FakeLinkedEvents:
    """Pages by number, single events by id; `fail` lists answers to give first for a page."""

    def __init__(self, pages: list[dict], events: dict[str, dict] | None = None):
        self.pages = pages
        self.events = events or {}
        self.fail: dict[int, list[httpx.Response]] = {}
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        single = re.search(r"/event/([^/]+)/$", request.url.path)
        if single:
            event = self.events.get(single.group(1))
            return httpx.Response(200, json=event) if event else httpx.Response(404)
        number = int(request.url.params.get("page", "1"))
        if self.fail.get(number):
            return self.fail[number].pop(0)
        body = dict(self.pages[number - 1])
        following = number + 1 if number < len(self.pages) else None
        body["meta"] = {
            "count": sum(len(page["data"]) for page in self.pages),
            "next": f"{BASE}event/?page={following}" if following else None,
        }
        return httpx.Response(200, json=body)

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))


@pytest.fixture
def source(db):
    ensure_reference_data()
    helsinki = Municipality.objects.get(slug="helsinki")
    return EventSource.objects.create(
        slug="helsinki",
        name="Helsingin tapahtumat",
        base_url=BASE,
        municipality=helsinki,
        producer=ProducerFactory(slug="kulttuurikeskus", name="Kulttuurikeskus"),
        default_art_form=ArtForm.objects.get(slug="music"),
    )


@pytest.fixture
def linked_events():
    return FakeLinkedEvents(
        [recorded("events_page_1.json"), recorded("events_page_2.json")],
        {"helsinki:series1": recorded("event_series1.json")},
    )
