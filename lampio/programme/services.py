"""Writing programme data. Views, commands and (later) the studio call these, nothing else."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from PIL import Image

from lampio.core.audit import audit_record
from lampio.core.slugs import unique_slug

from .models import DEFAULT_DOORS_OPEN_BEFORE, Offering, OfferingImage, Producer, Showing
from .pictures import jpeg, narrower_copies_save, picture_for_pages
from .posters import poster_jpeg
from .review import REVIEWED_FIELDS, changes_need_review, revision_submit
from .signals import published_change_announce, showing_added_announce


def showing_schedule(
    *,
    offering: Offering,
    starts_at: datetime,
    ends_at: datetime | None = None,
    doors_open_at: datetime | None = None,
    stream_url: str = "",
) -> Showing:
    """Schedule a showing; the end defaults to start + duration, the doors to 30 min before."""
    ends_at = ends_at or starts_at + timedelta(minutes=offering.duration_minutes)
    doors_open_at = doors_open_at or starts_at - DEFAULT_DOORS_OPEN_BEFORE
    showing = Showing.objects.create(
        offering=offering,
        starts_at=starts_at,
        ends_at=ends_at,
        doors_open_at=doors_open_at,
        stream_url=stream_url,
    )
    showing_added_announce(showing)
    return showing


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
    with Image.open(content) as drawn:
        drawn.load()
        picture = drawn.convert("RGB")
    content.seek(0)
    image = OfferingImage(
        offering=offering,
        position=0,
        width=960,
        height=540,
        **{f"alt_text_{language}": text for language, text in alt_texts.items()},
    )
    image.alt_text = alt_texts["fi"]
    image.image.save(f"{offering.slug}.jpg", content, save=False)
    _narrower_copies_attach(image, picture)
    image.save()
    return image


def _narrower_copies_attach(image: OfferingImage, picture) -> None:
    image.narrower = narrower_copies_save(
        name=image.image.name, storage=image.image.storage, picture=picture
    )


# --- the studio: producers edit their offerings ------------------------------------------

TRANSLATED_FIELDS = ("title", "summary", "description", "plain_summary")


def _slug_for(title: str) -> str:
    return unique_slug(Offering, title, fallback="esitys")


def producer_create(*, name: str, home_municipality=None, actor) -> Producer:
    """A new producer organisation (an admin inviting its first member)."""
    slug = unique_slug(Producer, name, fallback="tuottaja")
    producer = Producer.objects.create(
        slug=slug, name=name.strip(), home_municipality=home_municipality
    )
    audit_record(
        action="programme.producer_created",
        actor=actor,
        municipality=home_municipality,
        target=producer,
    )
    return producer


@transaction.atomic
def offering_save(*, form, actor) -> Offering:
    """Create or update an offering from the studio form; audit it and, when the title of a
    published offering changes, tell the reminder hook."""
    offering = form.instance
    is_new = offering.pk is None
    published = None if is_new else Offering.objects.select_related("producer").get(pk=offering.pk)
    old_title = None if is_new else published.title_fi
    if is_new:
        offering.slug = _slug_for(form.cleaned_data["title_fi"])
        offering.status = Offering.Status.DRAFT
    reviewed = [name for name in form.changed_data if name in REVIEWED_FIELDS]
    if reviewed and changes_need_review(offering=published, actor=actor):
        return _save_with_review(form=form, published=published, reviewed=reviewed, actor=actor)
    offering = form.save()
    audit_record(
        action="programme.offering_created" if is_new else "programme.offering_changed",
        actor=actor,
        target=offering,
        data={"fields": sorted(form.changed_data)},
    )
    if not is_new and old_title != offering.title_fi:
        published_change_announce(offering, None, {"title": (old_title, offering.title_fi)})
    return offering


def _save_with_review(*, form, published: Offering, reviewed: list[str], actor) -> Offering:
    """Save what needs no review at once; keep the rest as a proposal beside the published
    version, which stays as it was until a reviewer approves."""
    proposed = {
        name: [m.pk for m in form.cleaned_data[name]]
        if name == "municipalities"
        else form.cleaned_data[name]
        for name in reviewed
    }
    offering = form.save(commit=False)
    for name in reviewed:
        if name != "municipalities":
            setattr(offering, name, getattr(published, name))
    offering.save()
    for name in ("art_forms", "spoken_languages"):
        if name in form.changed_data:
            getattr(offering, name).set(form.cleaned_data[name])
    unreviewed = sorted(set(form.changed_data) - set(reviewed))
    if unreviewed:
        audit_record(
            action="programme.offering_changed",
            actor=actor,
            target=offering,
            data={"fields": unreviewed},
        )
    revision_submit(offering=offering, changes=proposed, actor=actor)
    return offering


def _length_of(offering: Offering, video) -> timedelta:
    """A premiere lasts as long as its video; everything else as long as the offering says."""
    if video is not None and video.duration_seconds:
        return timedelta(seconds=video.duration_seconds)
    return timedelta(minutes=offering.duration_minutes)


@transaction.atomic
def showing_save(*, offering: Offering, showing: Showing | None, data: dict, actor) -> Showing:
    """Create or move a showing. `data` holds starts_at, doors_open_before (timedelta) and,
    depending on the kind, stream_url or video."""
    starts_at = data["starts_at"]
    fields = {
        "starts_at": starts_at,
        "ends_at": starts_at + _length_of(offering, data.get("video")),
        "doors_open_at": starts_at - data["doors_open_before"],
        "stream_url": data.get("stream_url") or "",
        "video": data.get("video"),
    }
    if "capacity" in data:
        fields["capacity"] = data["capacity"]
    if showing is None:
        showing = Showing.objects.create(offering=offering, **fields)
        audit_record(action="programme.showing_added", actor=actor, target=showing)
        showing_added_announce(showing)
        return showing
    old_start = showing.starts_at
    if old_start != starts_at:
        fields["sequence"] = showing.sequence + 1
    if fields["stream_url"] != showing.stream_url:
        fields.update(stream_state="", stream_marker="", stream_checked_at=None)
    for name, value in fields.items():
        setattr(showing, name, value)
    showing.save()
    audit_record(action="programme.showing_changed", actor=actor, target=showing)
    if old_start != starts_at:
        published_change_announce(
            offering, showing, {"starts_at": (old_start.isoformat(), starts_at.isoformat())}
        )
    return showing


@transaction.atomic
def showing_cancel(*, showing: Showing, actor) -> Showing:
    showing.is_cancelled = True
    showing.sequence += 1
    showing.save(update_fields=["is_cancelled", "sequence", "updated_at"])
    audit_record(action="programme.showing_cancelled", actor=actor, target=showing)
    published_change_announce(showing.offering, showing, {"is_cancelled": (False, True)})
    return showing


@transaction.atomic
def offering_image_add(*, offering: Offering, upload, alt_texts: dict[str, str], actor):
    """Store a picture as the pages use it (see pictures.py): upright, without its metadata,
    at most PICTURE_MAX_SIDE pixels, with narrower copies for `srcset`, so that a senior's
    tablet never decodes a giant file."""
    picture = picture_for_pages(upload)
    image = OfferingImage(
        offering=offering,
        width=picture.width,
        height=picture.height,
        position=offering.images.count(),
        **{f"alt_text_{language}": text for language, text in alt_texts.items()},
    )
    image.alt_text = alt_texts["fi"]
    image.image.save("picture.jpg", jpeg(picture), save=False)
    _narrower_copies_attach(image, picture)
    image.save()
    audit_record(action="programme.image_added", actor=actor, target=offering)
    return image


@transaction.atomic
def offering_image_delete(*, image: OfferingImage, actor) -> None:
    offering = image.offering
    names, storage = image.file_names(), image.image.storage
    image.delete()
    audit_record(action="programme.image_removed", actor=actor, target=offering)
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
