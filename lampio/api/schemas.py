"""What the public API answers: published programme data only, never personal data."""

from datetime import datetime

from ninja import Schema


class Named(Schema):
    """An art form, a municipality or a spoken language: its key and its name in the
    answer's language."""

    slug: str
    name: str


class ProducerOut(Schema):
    slug: str
    name: str
    url: str


class ImageOut(Schema):
    url: str
    alt: str
    width: int
    height: int


class SourceOut(Schema):
    """Where an imported offering's information comes from (Linked Events)."""

    name: str
    api_url: str
    event_id: str
    info_url: str
    image_url: str
    image_alt: str
    image_license: str


class OfferingOut(Schema):
    slug: str
    url: str
    title: str
    summary: str
    plain_summary: str
    description: str
    kind: str
    duration_minutes: int
    producer: ProducerOut
    art_forms: list[Named]
    spoken_languages: list[Named]
    nationwide: bool
    municipalities: list[Named]
    accessibility: list[str]
    free: bool
    price_cents: int
    venue: str
    images: list[ImageOut]
    calendar_url: str
    updated_at: datetime
    source: SourceOut | None


class ShowingOut(Schema):
    id: int
    offering: str
    title: str
    url: str
    starts_at: datetime
    ends_at: datetime
    cancelled: bool
    sequence: int
    calendar_url: str


class OfferingPage(Schema):
    items: list[OfferingOut]
    next: str | None


class ShowingPage(Schema):
    items: list[ShowingOut]
    next: str | None


class ProducerPage(Schema):
    items: list[ProducerOut]
    next: str | None


class ErrorOut(Schema):
    error: str
    detail: list[str] = []
