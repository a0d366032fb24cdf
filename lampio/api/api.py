"""Lämpiö's programme as open data, read-only, under /api/v1/.

django-ninja builds the OpenAPI 3.1 schema from these functions' type hints and the Pydantic
schemas (schemas.py), and serves the browsable documentation (/api/v1/docs, Swagger UI from
the package's own static files). Chosen over Django REST framework + drf-spectacular: the
schema is the code's own types (Pydantic, which the foyer's messages already use), 3.1 out of
the box, and a fraction of the machinery for a read-only API.

- Languages: `?lang=fi|sv|en`, else the `Accept-Language` header, else Finnish.
- Lists are paged by an opaque `cursor` (`next` in each answer); `limit` 1–100.
- Malformed or unknown parameters get 400 with a JSON error, never a 500.
- Each answer has an ETag (`If-None-Match` gets 304), CORS for GET from anywhere
  (django-cors-headers), and a rate limit per client address (ninja's throttling)."""

from datetime import date, datetime, time, timedelta
from typing import Literal

from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from ninja import NinjaAPI, Query, Schema, Swagger
from ninja.errors import ValidationError
from ninja.throttling import AnonRateThrottle
from pydantic import Field

from lampio.programme.accessibility import offering_features

from . import selectors
from .schemas import (
    ErrorOut,
    Named,
    OfferingOut,
    OfferingPage,
    ProducerPage,
    ShowingPage,
)

LANGUAGES = {"fi", "sv", "en"}
CURSOR_SALT = "lampio.api.cursor"
# Swagger UI sets style attributes: its page alone allows inline styles (no user content).
DOCS_CSP = {**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}


class SettingsRateThrottle(AnonRateThrottle):
    """Requests per client address, at API_RATE_LIMIT ("600/m"), read at each request so a
    changed setting (or a test) takes effect; counted in the shared cache."""

    def __init__(self):
        super().__init__(settings.API_RATE_LIMIT)

    def allow_request(self, request) -> bool:
        if self.rate != settings.API_RATE_LIMIT:
            self.rate = settings.API_RATE_LIMIT
            self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


api = NinjaAPI(
    title="Lämpiö open data",
    version="1.0.0",
    description=(
        "The published programme of Lämpiö — digital culture for older people — as data: "
        "offerings, their showings, producers, art forms, municipalities and spoken "
        "languages, in Finnish, Swedish or English. Read-only, no personal data."
    ),
    urls_namespace="api",
    docs=Swagger(),
    docs_url="/docs",
    docs_decorator=csp_override(DOCS_CSP),
    throttle=[SettingsRateThrottle()],
)


class BadParameter(Exception):
    def __init__(self, *detail: str):
        super().__init__(*detail)
        self.detail = list(detail)


@api.exception_handler(ValidationError)
def _invalid(request, error: ValidationError):
    detail = [
        f"{'.'.join(str(part) for part in item.get('loc', ())[1:]) or 'request'}: "
        f"{item.get('msg', 'invalid')}"
        for item in error.errors
    ]
    return api.create_response(
        request, {"error": "invalid_parameters", "detail": detail}, status=400
    )


@api.exception_handler(BadParameter)
def _bad(request, error: BadParameter):
    return api.create_response(
        request, {"error": "invalid_parameters", "detail": error.detail}, status=400
    )


@api.exception_handler(selectors.UnknownValue)
def _unknown(request, error: selectors.UnknownValue):
    return api.create_response(
        request,
        {"error": "unknown_value", "detail": [f"{error.parameter}: no such value"]},
        status=400,
    )


class ProgrammeFilters(Schema):
    municipality: str | None = Field(None, max_length=60, description="A municipality's slug")
    art_form: str | None = Field(None, max_length=60, description="An art form's slug")
    feature: str | None = Field(
        None, max_length=60, description="An accessibility feature, e.g. captions"
    )
    language: str | None = Field(
        None, max_length=12, description="A spoken language's code (fi, sv, none …)"
    )
    kind: Literal["live", "premiere", "recording", "workshop", "venue"] | None = None
    free: bool | None = Field(None, description="true: free only; false: paid only")


class Paging(Schema):
    limit: int = Field(50, ge=1, le=100)
    cursor: str | None = Field(None, max_length=300, description="`next` of the last answer")
    lang: Literal["fi", "sv", "en"] | None = None


def _known_only(request: HttpRequest, *schemas) -> None:
    allowed = {name for schema in schemas for name in schema.model_fields}
    unknown = sorted(set(request.GET) - allowed)
    if unknown:
        raise BadParameter(*(f"{name}: unknown parameter" for name in unknown[:10]))


def _language(request: HttpRequest, lang: str | None) -> str:
    if lang:
        return lang
    # Not the active language: for addresses without a language prefix the locale
    # middleware always picks Finnish, and an API client says its language in the header.
    asked = translation.get_language_from_request(request)[:2]
    return asked if asked in LANGUAGES else "fi"


def _cursor_read(cursor: str | None):
    if not cursor:
        return None
    try:
        return signing.loads(cursor, salt=CURSOR_SALT)
    except signing.BadSignature:
        raise BadParameter("cursor: not a cursor from this API") from None


def _next_url(request: HttpRequest, value) -> str:
    params = request.GET.copy()
    params["cursor"] = signing.dumps(value, salt=CURSOR_SALT, compress=True)
    return request.build_absolute_uri(request.path) + "?" + params.urlencode()


class Addresses:
    """Absolute addresses for one answer, worked out once per answer and language rather
    than with a reverse() per item (a page holds up to a hundred)."""

    MARK = "SLUGMARK"

    def __init__(self, request: HttpRequest):
        self.site = request.build_absolute_uri("/")[:-1]
        self.templates: dict[tuple[str, str], str] = {}

    def of(self, name: str, *args) -> str:
        key = (name, translation.get_language())
        if key not in self.templates:
            self.templates[key] = self.site + reverse(name, args=self._marks(args))
        address = self.templates[key]
        for mark, value in zip(self._marks(args), args, strict=True):
            address = address.replace(mark, str(value), 1)
        return address

    def _marks(self, args) -> list[str]:
        # A number's place takes digits only (the URL pattern says so), a slug's takes text.
        return [
            f"98765432{n}" if isinstance(value, int) else f"{self.MARK}{n}"
            for n, value in enumerate(args)
        ]

    def absolute(self, path: str) -> str:
        return path if "://" in path else self.site + path


def _named(pairs) -> list[dict]:
    return [{"slug": slug, "name": name} for slug, name in pairs]


def _offering_out(addresses: Addresses, offering) -> dict:
    links = offering.api_links
    imported = getattr(offering, "imported", None)
    return {
        "slug": offering.slug,
        "url": addresses.of("programme:offering", offering.slug),
        "title": offering.title,
        "summary": offering.summary,
        "plain_summary": offering.plain_summary,
        "description": offering.description,
        "kind": offering.kind,
        "duration_minutes": offering.duration_minutes,
        "producer": _producer_out(addresses, offering.producer),
        "art_forms": _named(links["art_forms"]),
        "spoken_languages": _named(links["spoken_languages"]),
        "nationwide": offering.is_nationwide,
        "municipalities": _named(links["municipalities"]),
        "accessibility": [feature.slug for feature in offering_features(offering)],
        "free": offering.price_cents == 0 and _imported_is_free(imported),
        "price_cents": offering.price_cents,
        "venue": offering.venue,
        "images": [
            {
                "url": addresses.absolute(image.image.url),
                "alt": image.alt_text,
                "width": image.width,
                "height": image.height,
            }
            for image in offering.images.all()
        ],
        "calendar_url": addresses.of("programme:offering_ics", offering.slug),
        "updated_at": offering.updated_at,
        "source": _source_out(imported),
    }


def _imported_is_free(imported) -> bool:
    return imported is None or imported.is_free is not False


def _source_out(imported) -> dict | None:
    if imported is None:
        return None
    return {
        "name": imported.source.name,
        "api_url": f"{imported.source.base_url.rstrip('/')}/event/{imported.event_id}/",
        "event_id": imported.event_id,
        "info_url": imported.info_url,
        "image_url": imported.image_url,
        "image_alt": imported.image_alt_text,
        "image_license": imported.image_license,
    }


def _producer_out(addresses: Addresses, producer) -> dict:
    return {
        "slug": producer.slug,
        "name": producer.name,
        "url": addresses.of("programme:producer", producer.slug),
    }


def _showing_out(addresses: Addresses, showing) -> dict:
    offering = showing.offering
    return {
        "id": showing.pk,
        "offering": offering.slug,
        "title": offering.title,
        "url": addresses.of("programme:offering", offering.slug),
        "starts_at": showing.starts_at,
        "ends_at": showing.ends_at,
        "cancelled": showing.is_cancelled,
        "sequence": showing.sequence,
        "calendar_url": addresses.of("programme:showing_ics", offering.slug, showing.pk),
    }


@api.get("/offerings", response={200: OfferingPage, 400: ErrorOut}, tags=["programme"])
def offerings(request, filters: Query[ProgrammeFilters], paging: Query[Paging]):
    """Published offerings, oldest first, with the programme's filters."""
    _known_only(request, ProgrammeFilters, Paging)
    after = _cursor_read(paging.cursor)
    if after is not None and type(after) is not int:
        raise BadParameter("cursor: not a cursor of this list")
    with translation.override(_language(request, paging.lang)):
        found = selectors.offerings_for_api(filters, after_pk=after or 0, limit=paging.limit)
        page = found[: paging.limit]
        addresses = Addresses(request)
        items = [_offering_out(addresses, offering) for offering in page]
    more = len(found) > paging.limit
    return {"items": items, "next": _next_url(request, page[-1].pk) if more else None}


@api.get(
    "/offerings/{slug}",
    response={200: OfferingOut, 400: ErrorOut, 404: ErrorOut},
    tags=["programme"],
)
def offering(request, slug: str, lang: Literal["fi", "sv", "en"] | None = None):
    """One published offering."""
    _known_only(request, Paging)
    found = selectors.offering_for_api(slug[:140])
    if found is None:
        return 404, {"error": "not_found"}
    with translation.override(_language(request, lang)):
        return _offering_out(Addresses(request), found)


class ShowingRange(Schema):
    starts_after: datetime | date | None = Field(
        None, description="ISO date or date-time (default: now); Helsinki time without a zone"
    )
    starts_before: datetime | date | None = None


def _moment(value: datetime | date | None) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


@api.get("/showings", response={200: ShowingPage, 400: ErrorOut}, tags=["programme"])
def showings(
    request,
    filters: Query[ProgrammeFilters],
    span: Query[ShowingRange],
    paging: Query[Paging],
):
    """Showings (times) of published offerings from `starts_after` on, soonest first;
    cancelled ones are included with `cancelled: true`."""
    _known_only(request, ProgrammeFilters, ShowingRange, Paging)
    after = _cursor_read(paging.cursor)
    if after is not None:
        try:
            moment, pk = datetime.fromisoformat(after[0]), int(after[1])
        except (TypeError, ValueError, IndexError, KeyError):
            raise BadParameter("cursor: not a cursor of this list") from None
        after = (moment, pk)
    starts_after = _moment(span.starts_after) or timezone.now() - timedelta(hours=3)
    starts_before = _moment(span.starts_before)
    if starts_before is not None and starts_before <= starts_after:
        raise BadParameter("starts_before: must be after starts_after")
    with translation.override(_language(request, paging.lang)):
        found = selectors.showings_for_api(
            filters,
            starts_after=starts_after,
            starts_before=starts_before,
            after=after,
            limit=paging.limit,
        )
        page = found[: paging.limit]
        addresses = Addresses(request)
        items = [_showing_out(addresses, showing) for showing in page]
    more = len(found) > paging.limit
    last = page[-1] if page else None
    return {
        "items": items,
        "next": _next_url(request, [last.starts_at.isoformat(), last.pk]) if more else None,
    }


@api.get("/producers", response={200: ProducerPage, 400: ErrorOut}, tags=["reference"])
def producers(request, paging: Query[Paging]):
    """Producers with something published."""
    _known_only(request, Paging)
    after = _cursor_read(paging.cursor)
    if after is not None and type(after) is not int:
        raise BadParameter("cursor: not a cursor of this list")
    with translation.override(_language(request, paging.lang)):
        found = selectors.producers_for_api(after_pk=after or 0, limit=paging.limit)
        page = found[: paging.limit]
        addresses = Addresses(request)
        items = [_producer_out(addresses, producer) for producer in page]
    more = len(found) > paging.limit
    return {"items": items, "next": _next_url(request, page[-1].pk) if more else None}


class LanguageOnly(Schema):
    lang: Literal["fi", "sv", "en"] | None = None


def _named_list(request, lang, rows, key: str) -> list[Named]:
    _known_only(request, LanguageOnly)
    with translation.override(_language(request, lang)):
        return [{"slug": getattr(row, key), "name": row.name} for row in rows()]


@api.get("/art-forms", response={200: list[Named], 400: ErrorOut}, tags=["reference"])
def art_forms(request, lang: Literal["fi", "sv", "en"] | None = None):
    return _named_list(request, lang, selectors.art_forms_for_api, "slug")


@api.get("/municipalities", response={200: list[Named], 400: ErrorOut}, tags=["reference"])
def municipalities(request, lang: Literal["fi", "sv", "en"] | None = None):
    return _named_list(request, lang, selectors.municipalities_for_api, "slug")


@api.get("/spoken-languages", response={200: list[Named], 400: ErrorOut}, tags=["reference"])
def spoken_languages(request, lang: Literal["fi", "sv", "en"] | None = None):
    return _named_list(request, lang, selectors.spoken_languages_for_api, "code")
