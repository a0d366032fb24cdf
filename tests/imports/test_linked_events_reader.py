"""The Linked Events reader: real-shaped recorded pages (in the repo), awkward records refused
with a reason, pagination, and retries with backoff against a stand-in transport."""

import json
from pathlib import Path

import httpx
import pytest

from lampio.imports.linked_events import (
    RecordRefused,
    SourceUnavailable,
    event_read,
    pages,
)

FIXTURES = Path(__file__).parent / "fixtures"


def _load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


def test_events_are_read_and_bad_records_refused_with_a_reason():
    events, refused = [], []
    for raw in _load("events_page_1.json")["data"]:
        try:
            events.append(event_read(raw))
        except RecordRefused as refusal:
            refused.append((refusal.source_id, refusal.code))
    assert [e.source_id for e in events] == [
        "helsinki:agf3k2",
        "helsinki:gone",
        "helsinki:cancelled1",
    ]
    first = events[0]
    assert first.titles == {"fi": "Tuolijumppa Kalliossa", "sv": "Stolgympa i Berghäll"}
    assert first.super_event_id == "helsinki:series1" and first.keywords == ["yso:p2433"]
    assert [i["url"] for i in first.images] == ["https://images.example.test/1.jpg"]
    assert first.is_free is True and first.venue["locality"]["sv"] == "Helsingfors"
    assert events[1].deleted and events[2].status == "cancelled"
    assert refused == [
        ("helsinki:nameless", "no_name"),
        ("helsinki:backwards", "ends_before_start"),
    ]


def test_pages_follow_next_and_retry_a_failing_page_with_backoff():
    answers = {
        "page1": [
            httpx.Response(500),
            httpx.Response(200, text="{not json"),
            httpx.Response(200, json=_load("events_page_1.json")),
        ],
        "page2": [httpx.Response(200, json=_load("events_page_2.json"))],
    }

    def handler(request):
        key = "page2" if "page=2" in str(request.url) else "page1"
        return answers[key].pop(0)

    waits = []
    client = httpx.Client(transport=httpx.MockTransport(handler))
    got = list(
        pages(
            "https://api.example.test/v1/event/",
            {"keyword": "yso:p2433"},
            client=client,
            sleep=waits.append,
        )
    )
    assert [len(page) for page in got] == [5, 1]
    assert waits == [1, 2]
    moved = event_read(got[1][0])
    assert moved.status == "moved" and moved.stream_url.endswith(".m3u8")


def test_a_source_that_keeps_failing_stops_the_run_cleanly():
    client = httpx.Client(transport=httpx.MockTransport(lambda request: httpx.Response(503)))
    waits = []
    with pytest.raises(SourceUnavailable):
        list(pages("https://api.example.test/v1/event/", {}, client=client, sleep=waits.append))
    assert waits == [1, 2, 4, 8]


def test_a_next_page_on_another_origin_is_never_requested():
    asked = []

    def handler(request):
        asked.append(str(request.url))
        return httpx.Response(
            200, json={"meta": {"next": "http://169.254.169.254/latest/"}, "data": []}
        )

    client = httpx.Client(transport=httpx.MockTransport(handler))
    with pytest.raises(SourceUnavailable):
        list(pages("https://api.example.test/v1/event/", {}, client=client, sleep=lambda s: 0))
    assert asked == ["https://api.example.test/v1/event/"]


def test_a_timeout_is_retried_like_a_failing_answer():
    answers = [httpx.ReadTimeout("slow"), httpx.ConnectError("refused")]

    def handler(request):
        if answers:
            raise answers.pop(0)
        return httpx.Response(200, json=_load("events_page_2.json") | {"meta": {"next": None}})

    waits = []
    client = httpx.Client(transport=httpx.MockTransport(handler))
    got = list(pages("https://api.example.test/v1/event/", {}, client=client, sleep=waits.append))
    assert waits == [1, 2] and [event["id"] for event in got[0]] == ["turku:stream1"]
