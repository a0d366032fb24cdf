"""Writing programme data. Views, commands and (later) the studio call these, nothing else."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from .models import DEFAULT_DOORS_OPEN_BEFORE, Offering, OfferingImage, Showing
from .posters import poster_jpeg


def showing_schedule(
    *,
    offering: Offering,
    starts_at: datetime,
    ends_at: datetime | None = None,
    doors_open_at: datetime | None = None,
) -> Showing:
    """Schedule a showing; the end defaults to start + duration, the doors to 30 min before."""
    ends_at = ends_at or starts_at + timedelta(minutes=offering.duration_minutes)
    doors_open_at = doors_open_at or starts_at - DEFAULT_DOORS_OPEN_BEFORE
    return Showing.objects.create(
        offering=offering, starts_at=starts_at, ends_at=ends_at, doors_open_at=doors_open_at
    )


def offering_publish(*, offering: Offering) -> Offering:
    offering.status = Offering.Status.PUBLISHED
    offering.published_at = offering.published_at or timezone.now()
    offering.save(update_fields=["status", "published_at", "updated_at"])
    return offering


@transaction.atomic
def offering_poster_generate(
    *, offering: Offering, colours, alt_texts: dict[str, str]
) -> OfferingImage:
    """Draw a poster with the offering's title and attach it as the first image."""
    content = poster_jpeg(offering.title_fi or offering.title, colours)
    image = OfferingImage(
        offering=offering,
        position=0,
        width=960,
        height=540,
        **{f"alt_text_{language}": text for language, text in alt_texts.items()},
    )
    image.alt_text = alt_texts["fi"]
    image.image.save(f"{offering.slug}.jpg", content, save=False)
    image.save()
    return image
