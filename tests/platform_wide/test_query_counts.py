"""Every list page runs a fixed number of SQL queries, however many offerings there are."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lampio.programme.models import Offering, OfferingImage
from tests.programme.factories import (
    OfferingFactory,
    ProducerFactory,
    RecordingFactory,
    ShowingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _midday(monkeypatch):
    """The home and day pages show "today" differently late in the evening (nothing left
    today), which changes their query count: count at a fixed midday in Helsinki."""
    midday = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    monkeypatch.setattr(timezone, "now", lambda: midday)


PAGES = {
    "home": "/",
    "catalogue": "/programme/",
    "catalogue filtered": "/programme/?feature=captions&art=music&lang=fi&city=turku&q=esitys",
    "day": "/day/",
    "art forms": "/art-forms/",
    "producer": "/producers/big-producer/",
}
# Pinned: a change that adds a query per page shows up here, one that adds a query per
# offering shows up in the 10-vs-500 comparison below.
PINNED = {
    "home": 5,
    "catalogue": 7,
    # SQLite asks its full-text index first (one query); PostgreSQL searches the table itself.
    "catalogue filtered": 8 if connection.vendor == "sqlite" else 7,
    "day": 5,
    "art forms": 1,
    "producer": 4,
}


def make_season(producer, count: int) -> None:
    now = timezone.now()
    for index in range(count):
        kind = Offering.Kind.RECORDING if index % 3 == 0 else Offering.Kind.LIVE
        make = RecordingFactory if kind == Offering.Kind.RECORDING else OfferingFactory
        offering = make(producer=producer, has_captions=True, art_forms=["music", "dance"])
        OfferingImage.objects.create(offering=offering, image="x.jpg", alt_text="kuva")
        if kind == Offering.Kind.LIVE:
            ShowingFactory(offering=offering, starts_at=now + timedelta(minutes=10 + index))
            ShowingFactory(offering=offering, starts_at=now + timedelta(days=2, minutes=index))


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", PAGES)
def test_list_page_query_count_does_not_grow_with_offerings(client, no_page_cache, page):
    producer = ProducerFactory(slug="big-producer")
    make_season(producer, 10)
    small = count_queries(client, PAGES[page])
    make_season(producer, 490)
    large = count_queries(client, PAGES[page])
    assert small == large == PINNED[page]
