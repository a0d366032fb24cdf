"""Reading a Linked Events instance's /v1/event/ API.

Linked Events (Helsinki, Turku, …) serves JSON-LD events:

    GET {base}/event/?keyword=yso:p2433&include=location,keywords,in_language
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
                            "postal_code": "00100", "position": {"coordinates": [lon, lat]}},
               "location_extra_info": {"fi": "2. kerros, hissi"},
               "keywords": [{"@id": "…/keyword/yso:p2433/", "name": {...}}],
               "in_language": [{"@id": "…/language/fi/"}],
               "images": [{"url": "…", "alt_text": "…" | {...}, "license": "cc_by",
                           "photographer_name": "…"}],
               "super_event": {"@id": "…/event/helsinki:xyz/"} | null,
               "super_event_type": "recurring" | "umbrella" | null,
               "offers": [{"is_free": true, "price": {...}, "info_url": {...}}],
               "info_url": {...}, "virtualevent_url": "…" | null,
               "last_modified_time": "…"}]}

This module fetches pages (following meta.next, retrying with backoff) and maps one event
to plain data, refusing a record it cannot use with the reason. `services.py` writes
offerings and showings from them."""

import time
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote, urlsplit

import httpx
from django.utils.translation import gettext_lazy as _

LANGUAGES = ("fi", "sv", "en")
STATUS_WORDS = {
    "EventScheduled": "scheduled",
    "EventCancelled": "cancelled",
    "EventPostponed": "postponed",  # no new time yet: shown as cancelled until one comes
    "EventRescheduled": "moved",
}
RETRIES = 4
INCLUDE = "location,keywords,in_language"
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
    languages: list[str] = field(default_factory=list)
    info_urls: dict[str, str] = field(default_factory=dict)
    venue_notes: dict[str, str] = field(default_factory=dict)
    position: tuple[float, float] | None = None  # (latitude, longitude)
    modified: str = ""
    is_online_only: bool = False


def _translated(value) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {lang: str(value[lang]).strip() for lang in LANGUAGES if value.get(lang)}


def _https(value) -> str:
    text = str(value or "").strip()
    return text[:500] if text.startswith("https://") and len(text) <= 500 else ""


def _alt_texts(value) -> dict[str, str]:
    """Newer Linked Events translate alt texts; older ones give one string (Finnish)."""
    if isinstance(value, str):
        return {"fi": value.strip()[:250]} if value.strip() else {}
    return {lang: text[:250] for lang, text in _translated(value).items()}


def _position(location: dict) -> tuple[float, float] | None:
    position = location.get("position")
    coordinates = position.get("coordinates") if isinstance(position, dict) else None
    try:
        longitude, latitude = (float(number) for number in coordinates)
    except (TypeError, ValueError):
        return None
    if -90 <= latitude <= 90 and -180 <= longitude <= 180:
        return latitude, longitude
    return None


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


# Why an event is refused: shown to admins in the manage wing, in their language.
REASONS = {
    "no_id": _("no id"),
    "unknown_series": _("an unknown kind of series"),
    "no_name": _("no name in Finnish, Swedish or English"),
    "no_start": _("no start time"),
    "no_time_zone": _("a start time without a time zone"),
    "ends_before_start": _("ends before it starts"),
    "umbrella": _("an umbrella event (a festival): its events come one by one"),
    "stream_not_allowed": _("an online event whose stream is not on an allowed streaming origin"),
    "too_long": _("lasts over 12 hours (an exhibition period, not a time)"),
    "not_saved": _("could not be saved"),
}


class RecordRefused(Exception):
    def __init__(self, source_id: str, code: str):
        super().__init__(code)
        self.source_id, self.code = source_id, code


def event_read(raw: dict) -> ImportedEvent:
    """One event of the API as plain data; RecordRefused says why one cannot be used."""
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
        raise RecordRefused("?", "no_id")
    source_id = raw["id"][:200]
    if raw.get("deleted"):
        gone = ImportedEvent(source_id, {}, {}, {}, None, None, "deleted", True, None, None)
        gone.modified = str(raw.get("last_modified_time") or "")[:40]
        return gone
    if raw.get("super_event_type") not in (None, "recurring", "umbrella"):
        raise RecordRefused(source_id, "unknown_series")
    titles = _translated(raw.get("name"))
    if not titles:
        raise RecordRefused(source_id, "no_name")
    starts_at, ends_at = _moment(raw.get("start_time")), _moment(raw.get("end_time"))
    if starts_at is None:
        raise RecordRefused(source_id, "no_start")
    if starts_at.tzinfo is None:
        raise RecordRefused(source_id, "no_time_zone")
    if ends_at is not None and ends_at <= starts_at:
        raise RecordRefused(source_id, "ends_before_start")
    location = raw.get("location") if isinstance(raw.get("location"), dict) else {}
    # Helsinki's instance marks online events with a place called "internet".
    online_only = not location or (_id_of(location) or "").endswith(":internet")
    if online_only:
        location = {}
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
                "url": _https(image.get("url")),
                "alt_texts": _alt_texts(image.get("alt_text")),
                "license": str(image.get("license") or ""),
                "photographer": str(image.get("photographer_name") or "")[:150],
            }
            for image in _list(raw.get("images"))
            if isinstance(image, dict) and _https(image.get("url"))
        ],
        is_free=next(
            (bool(o.get("is_free")) for o in offers if isinstance(o, dict) and "is_free" in o),
            None,
        ),
        stream_url=_https(raw.get("virtualevent_url")),
        keywords=[k for k in (_id_of(k) for k in _list(raw.get("keywords"))) if k],
        languages=[k for k in (_id_of(k) for k in _list(raw.get("in_language"))) if k],
        info_urls={
            lang: url for lang, url in _translated(raw.get("info_url")).items() if _https(url)
        },
        venue_notes={
            lang: text[:300] for lang, text in _translated(raw.get("location_extra_info")).items()
        },
        position=_position(location),
        modified=str(raw.get("last_modified_time") or "")[:40],
        is_online_only=online_only,
    )


def _list(value) -> list:
    return value if isinstance(value, list) else []


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
        url = meta.get("next") if isinstance(meta.get("next"), str) else None
        if url and origin_of(url) != origin_of(first_url):
            # The source's answer chooses the next address: never a request elsewhere
            # (an internal address, plain http) on its word.
            raise SourceUnavailable(url)


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _page(client: httpx.Client, url: str, query, sleep, *, gone_is_none: bool = False):
    """The JSON object at `url`, tried again after 1, 2, 4 and 8 s on a timeout, a 5xx or
    an answer that is not a JSON object; then SourceUnavailable."""
    for attempt in range(RETRIES + 1):
        try:
            answer = client.get(url, params=query)
            if gone_is_none and answer.status_code in (404, 410):
                return None
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


def event_fetch(client: httpx.Client, base_url: str, event_id: str, *, sleep=time.sleep):
    """One event by its id (a series' super-event the run did not list); None when the source
    says it is gone (404, 410)."""
    url = f"{base_url.rstrip('/')}/event/{quote(event_id, safe=':')}/"
    return _page(client, url, {"include": INCLUDE}, sleep, gone_is_none=True)
