"""Reading a Linked Events instance's /v1/event/ API (the first piece of issue #17's importer).

Linked Events (Helsinki, Turku, …) serves JSON-LD events:

    GET {base}/v1/event/?keyword=yso:p2433&include=location,keywords
        &last_modified_since=2026-12-01T00:00:00Z&show_deleted=true&page_size=100

    {"meta": {"count": 1234, "next": "<url>" | null, "previous": null},
     "data": [{"id": "helsinki:agf3k2", "name": {"fi": "…", "sv": "…", "en": "…"},
               "short_description": {...}, "description": {... HTML ...},
               "start_time": "2026-12-03T12:00:00Z", "end_time": "…",
               "event_status": "EventScheduled" | "EventCancelled" | "EventPostponed"
                               | "EventRescheduled",
               "deleted": true (only with show_deleted),
               "location": {"@id": "…/place/tprek:8740/", "name": {...},
                            "street_address": {...}, "address_locality": {...},
                            "postal_code": "00100", "accessibility_sentences"?…},
               "keywords": [{"@id": "…/keyword/yso:p2433/", "name": {...}}],
               "images": [{"url": "…", "alt_text": "…", "license": "cc_by",
                           "photographer_name": "…"}],
               "super_event": {"@id": "…/event/helsinki:xyz/"} | null,
               "super_event_type": "recurring" | "umbrella" | null,
               "sub_events": [{"@id": …}],
               "offers": [{"is_free": true, "price": {...}, "info_url": {...}}],
               "virtualevent_url": "…" | null,
               "last_modified_time": "…"}]}

This module fetches pages (following meta.next, retrying with backoff) and maps one event
to plain data, refusing a record it cannot use with the reason. Writing offerings from them
(sanitised HTML, review, the studio's read-only marking), the scheduled task and the
management command are still to do (docs/api.md, "Not built yet")."""

import time
from dataclasses import dataclass, field
from datetime import datetime

import httpx

LANGUAGES = ("fi", "sv", "en")
STATUS_WORDS = {
    "EventScheduled": "scheduled",
    "EventCancelled": "cancelled",
    "EventPostponed": "postponed",  # no new time yet: shown as cancelled until one comes
    "EventRescheduled": "moved",
}
RETRIES = 4
TIMEOUT_SECONDS = 20


class SourceUnavailable(Exception):
    """The API did not answer usefully after the retries: the run keeps what it committed."""


@dataclass
class ImportedEvent:
    source_id: str
    titles: dict[str, str]
    summaries: dict[str, str]
    descriptions_html: dict[str, str]
    starts_at: datetime | None
    ends_at: datetime | None
    status: str
    deleted: bool
    super_event_id: str | None
    super_event_type: str | None
    venue: dict = field(default_factory=dict)
    images: list[dict] = field(default_factory=list)
    is_free: bool | None = None
    stream_url: str = ""
    keywords: list[str] = field(default_factory=list)


def _translated(value) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {lang: str(value[lang]).strip() for lang in LANGUAGES if value.get(lang)}


def _moment(value) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def _id_of(reference) -> str | None:
    if not isinstance(reference, dict) or not reference.get("@id"):
        return None
    return str(reference["@id"]).rstrip("/").rsplit("/", 1)[-1]


class RecordRefused(Exception):
    def __init__(self, source_id: str, reason: str):
        super().__init__(reason)
        self.source_id, self.reason = source_id, reason


def event_read(raw: dict) -> ImportedEvent:
    """One event of the API as plain data; RecordRefused says why one cannot be used."""
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
        raise RecordRefused("?", "no id")
    source_id = raw["id"][:200]
    if raw.get("deleted"):
        return ImportedEvent(source_id, {}, {}, {}, None, None, "deleted", True, None, None)
    titles = _translated(raw.get("name"))
    if not titles:
        raise RecordRefused(source_id, "no name in fi, sv or en")
    starts_at, ends_at = _moment(raw.get("start_time")), _moment(raw.get("end_time"))
    if starts_at is None:
        raise RecordRefused(source_id, "no start time")
    if ends_at is not None and ends_at <= starts_at:
        raise RecordRefused(source_id, "ends before it starts")
    location = raw.get("location") if isinstance(raw.get("location"), dict) else {}
    offers = raw.get("offers") if isinstance(raw.get("offers"), list) else []
    return ImportedEvent(
        source_id=source_id,
        titles=titles,
        summaries=_translated(raw.get("short_description")),
        descriptions_html=_translated(raw.get("description")),
        starts_at=starts_at,
        ends_at=ends_at,
        status=STATUS_WORDS.get(raw.get("event_status"), "scheduled"),
        deleted=False,
        super_event_id=_id_of(raw.get("super_event")),
        super_event_type=raw.get("super_event_type"),
        venue={
            "name": _translated(location.get("name")),
            "street_address": _translated(location.get("street_address")),
            "locality": _translated(location.get("address_locality")),
            "postal_code": str(location.get("postal_code") or "")[:10],
        },
        images=[
            {
                "url": image.get("url"),
                "alt_text": str(image.get("alt_text") or "")[:300],
                "license": str(image.get("license") or ""),
                "photographer": str(image.get("photographer_name") or "")[:150],
            }
            for image in raw.get("images") or []
            if isinstance(image, dict) and str(image.get("url") or "").startswith("https://")
        ],
        is_free=next(
            (bool(o.get("is_free")) for o in offers if isinstance(o, dict) and "is_free" in o),
            None,
        ),
        stream_url=str(raw.get("virtualevent_url") or "")[:500],
        keywords=[k for k in (_id_of(k) for k in raw.get("keywords") or []) if k],
    )


def pages(first_url: str, params: dict, *, client: httpx.Client | None = None, sleep=time.sleep):
    """Each page's `data`, following `meta.next`; a page that fails (timeout, 5xx, invalid
    JSON) is tried again with backoff (1, 2, 4, 8 s), then SourceUnavailable."""
    client = client or httpx.Client(timeout=TIMEOUT_SECONDS)
    url, query = first_url, params
    while url:
        body = _page(client, url, query, sleep)
        query = None  # `next` carries the query
        yield body.get("data") or []
        meta = body.get("meta") if isinstance(body.get("meta"), dict) else {}
        url = meta.get("next")


def _page(client: httpx.Client, url: str, query, sleep) -> dict:
    for attempt in range(RETRIES + 1):
        try:
            answer = client.get(url, params=query)
            if answer.status_code < 500:
                answer.raise_for_status()
                body = answer.json()
                if isinstance(body, dict):
                    return body
        except (httpx.HTTPError, ValueError):
            pass
        if attempt < RETRIES:
            sleep(2**attempt)
    raise SourceUnavailable(url)
