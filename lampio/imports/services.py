"""Writing offerings and showings from a source's events (docs/imports.md).

One run reads what changed since the last finished run, and writes each event in its own
transaction: a bad record is refused with its reason and the run goes on; a failing API stops
the run with what was committed kept, and the next run reads from the same point again.
"""

import logging
import time
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlencode

import httpx
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from lampio.accounts.models import CoordinatorAssignment, User
from lampio.core.audit import audit_record
from lampio.core.mail import templated_email_send
from lampio.core.refusals import RefusedError
from lampio.core.slugs import unique_slug
from lampio.media.streams import stream_origin_allowed
from lampio.municipalities.models import Municipality
from lampio.programme.models import (
    DEFAULT_DOORS_OPEN_BEFORE,
    ArtForm,
    Offering,
    Showing,
    SpokenLanguage,
)
from lampio.programme.review import REVIEWED_FIELDS, revision_submit
from lampio.programme.signals import (
    offering_published_announce,
    published_change_announce,
    showing_added_announce,
)

from . import linked_events
from .linked_events import ImportedEvent, RecordRefused, SourceUnavailable
from .models import EventSource, ImportedOffering, ImportedShowing, ImportRun
from .text import description_text, plain_line

logger = logging.getLogger(__name__)

LANGUAGES = ("fi", "sv", "en")
PAGE_SIZE = 100
# A source's clock and ours may differ a little: each incremental run reads a few minutes back.
OVERLAP = timedelta(minutes=5)
# A run that has been "under way" this long has died with its worker: another may start.
STALE_RUN = timedelta(hours=2)
REFUSALS_KEPT = 500
LONGEST_SHOWING = timedelta(hours=12)
DEFAULT_LENGTH = timedelta(minutes=60)

# YSO keywords (the Finnish general ontology Linked Events uses) → our art forms.
ART_FORM_KEYWORDS = {
    "yso:p1808": "music",  # musiikki
    "yso:p11185": "music",  # konsertit
    "yso:p2625": "theatre",  # teatteritaide
    "yso:p1278": "dance",  # tanssi
    "yso:p916": "exercise",  # liikunta
    "yso:p2739": "visual-arts",  # kuvataide
    "yso:p5121": "visual-arts",  # näyttelyt
    "yso:p4934": "visual-arts",  # museot
    "yso:p8113": "literature",  # kirjallisuus
    "yso:p1235": "film",  # elokuvat
}


@dataclass
class RunTally:
    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(
            ("new", "changed", "unchanged", "cancelled", "deleted", "refused"), 0
        )
    )
    refusals: list[dict] = field(default_factory=list)
    waiting_review: int = 0

    def count(self, outcome: str) -> None:
        self.counts[outcome] += 1

    def refuse(self, event_id: str, code: str, detail: str = "") -> None:
        self.counts["refused"] += 1
        if len(self.refusals) < REFUSALS_KEPT:
            with translation.override("en"):  # the log's language; pages translate the code
                reason = str(linked_events.REASONS[code])
            reason = f"{reason} ({detail})" if detail else reason
            self.refusals.append({"id": event_id, "code": code, "reason": reason})


# --- one run ---------------------------------------------------------------------------------


def _claim(source: EventSource, now) -> bool:
    free = Q(running_since__isnull=True) | Q(running_since__lt=now - STALE_RUN)
    return EventSource.objects.filter(free, pk=source.pk).update(running_since=now) == 1


def source_import(
    *,
    source: EventSource,
    full: bool = False,
    client: httpx.Client | None = None,
    sleep=time.sleep,
) -> ImportRun | None:
    """One run for one source; None when another run of it is under way."""
    started_at = timezone.now()
    if not _claim(source, started_at):
        return None
    # Fields are named by language (title_fi, title_sv …); the untranslated name is Finnish.
    with translation.override(settings.LANGUAGE_CODE):
        return _run(source, started_at, full, client, sleep)


def _run(source: EventSource, started_at, full: bool, client, sleep) -> ImportRun:
    run = ImportRun.objects.create(source=source, started_at=started_at, is_full=full)
    tally = RunTally()
    client = client or httpx.Client(timeout=linked_events.TIMEOUT_SECONDS)
    reader = _Reader(source=source, client=client, sleep=sleep, tally=tally)
    try:
        for page in linked_events.pages(
            f"{source.base_url.rstrip('/')}/event/",
            _query(source, full),
            client=client,
            sleep=sleep,
        ):
            reader.page_import(page)
    except SourceUnavailable as failure:
        run.succeeded = False
        run.error = str(failure)  # the address that did not answer
    else:
        run.succeeded = True
        source.modified_since = started_at
        source.save(update_fields=["modified_since", "updated_at"])
    finally:
        EventSource.objects.filter(pk=source.pk).update(running_since=None)
    run.finished_at = timezone.now()
    run.counts, run.refusals = tally.counts, tally.refusals
    if tally.waiting_review:
        _reviewers_tell(source, tally.waiting_review)
    run.save(update_fields=["finished_at", "succeeded", "error", "counts", "refusals"])
    logger.info(
        "import %s: %s%s",
        source.slug,
        ", ".join(f"{name} {number}" for name, number in tally.counts.items()),
        f"; stopped, no answer from {run.error}" if run.error else "",
    )
    for refusal in tally.refusals:
        logger.info("import %s refused %s: %s", source.slug, refusal["id"], refusal["reason"])
    return run


def _query(source: EventSource, full: bool) -> dict:
    query = {
        "include": linked_events.INCLUDE,
        "show_deleted": "true",
        "page_size": PAGE_SIZE,
        "sort": "last_modified_time",
    }
    if source.keyword:
        query["keyword"] = source.keyword
    if source.publisher:
        query["publisher"] = source.publisher
    if source.modified_since and not full:
        query["last_modified_since"] = (source.modified_since - OVERLAP).isoformat()
    else:
        query["start"] = "today"  # a first run does not need the past
    return query


def _reviewers_tell(source: EventSource, count: int) -> None:
    """One mail per run, not one per event: the source municipality's coordinators (or the
    platform admins, where it has none) review what came in."""
    people = list(
        User.objects.filter(
            pk__in=CoordinatorAssignment.objects.filter(municipality=source.municipality).values(
                "user_id"
            ),
            is_active=True,
        ).exclude(email="")
    ) or list(User.objects.filter(is_superuser=True, is_active=True).exclude(email=""))
    url = settings.SITE_URL + reverse("manage:review_list")
    for person in people:
        templated_email_send(
            template_prefix="imports/email/review_waiting",
            to=[person.email],
            context={"person": person, "source": source, "count": count, "url": url},
            language=person.language,
        )


def sources_import_due() -> list[ImportRun]:
    """Every active source once (the scheduled task): one failing source stops none other."""
    return [
        run
        for source in EventSource.objects.filter(is_active=True).select_related("producer")
        if (run := source_import(source=source)) is not None
    ]


# --- the manage wing ---------------------------------------------------------------------


@transaction.atomic
def source_save(*, form, actor) -> EventSource:
    source = form.save(commit=False)
    is_new = source.pk is None
    if is_new:
        source.slug = unique_slug(EventSource, source.name, fallback="lahde", max_length=50)
    source.save()
    audit_record(
        action="imports.source_added" if is_new else "imports.source_changed",
        actor=actor,
        municipality=source.municipality,
        target=source,
        data={"fields": sorted(form.changed_data)},
    )
    return source


def source_import_request(*, source: EventSource, full: bool, actor) -> None:
    """Queue a run now (the worker does it); refused while one is under way."""
    from .tasks import source_import_now

    source.refresh_from_db(fields=["running_since"])
    if source.running_since and source.running_since > timezone.now() - STALE_RUN:
        raise RefusedError("imports.running")
    audit_record(
        action="imports.run_requested",
        actor=actor,
        municipality=source.municipality,
        target=source,
        data={"full": full},
    )
    transaction.on_commit(lambda: source_import_now.enqueue(source.pk, full))


# --- one record ------------------------------------------------------------------------------


class _Reader:
    """What one run knows beyond a single record: the series it has fetched, the art forms,
    languages and municipalities by their keys."""

    def __init__(self, *, source: EventSource, client, sleep, tally: RunTally):
        self.source, self.client, self.sleep, self.tally = source, client, sleep, tally
        self.not_series: set[str] = set()  # super-events that turned out umbrellas, or gone
        self.without_offering: set[str] = set()
        self.without_showing: set[str] = set()
        self.art_forms = {form.slug: form for form in ArtForm.objects.all()}
        self.languages = {language.code: language for language in SpokenLanguage.objects.all()}
        self.places = {}
        for municipality in Municipality.objects.filter(is_active=True):
            for language in LANGUAGES:
                name = getattr(municipality, f"name_{language}", "") or ""
                self.places.setdefault(name.casefold(), municipality)

    def page_import(self, page: list) -> None:
        """Events whose last modification is the one already written are counted as
        unchanged from two queries for the whole page (most of an hourly run)."""
        stamps = {
            raw["id"]: str(raw.get("last_modified_time") or "")[:40]
            for raw in page
            if isinstance(raw, dict) and isinstance(raw.get("id"), str)
        }
        offerings, showings = (
            dict(
                model.objects.filter(source=self.source, event_id__in=list(stamps)).values_list(
                    "event_id", "source_modified"
                )
            )
            for model in (ImportedOffering, ImportedShowing)
        )
        # Ids known to have no offering or showing yet: their writes need not look for one.
        self.without_offering = set(stamps) - set(offerings)
        self.without_showing = set(stamps) - set(showings)
        for raw in page:
            event_id = raw.get("id") if isinstance(raw, dict) else None
            stamp = stamps.get(event_id) if isinstance(event_id, str) else None
            if stamp and _written(raw, offerings.get(event_id), showings.get(event_id), stamp):
                self.tally.count("unchanged")
            else:
                self.record_import(raw)

    def record_import(self, raw) -> None:
        try:
            event = linked_events.event_read(raw)
            with transaction.atomic():
                outcome = self._apply(event)
        except RecordRefused as refusal:
            self.tally.refuse(refusal.source_id, refusal.code)
        except SourceUnavailable:
            raise
        except Exception as failure:  # noqa: BLE001 - one bad record never stops a run
            event_id = raw.get("id", "?") if isinstance(raw, dict) else "?"
            logger.exception("import %s: event %s could not be saved", self.source.slug, event_id)
            self.tally.refuse(str(event_id)[:200], "not_saved", type(failure).__name__)
        else:
            self.tally.count(outcome)

    def _apply(self, event: ImportedEvent) -> str:
        if event.deleted:
            return self._delete(event.source_id, event.modified)
        if event.super_event_type == "umbrella":
            raise RecordRefused(event.source_id, "umbrella")
        if event.super_event_type == "recurring":
            offering, outcome = self._offering_write(event)
            own = ImportedShowing.objects.filter(source=self.source, event_id=event.source_id)
            for link in own.select_related("showing__offering"):
                # A single event that became a series: its one time was the series' span.
                if not link.showing.is_cancelled:
                    _showing_cancel(link.showing)
                link.delete()
            if event.status in ("cancelled", "postponed"):
                coming = offering.showings.filter(is_cancelled=False, starts_at__gte=timezone.now())
                for showing in coming:
                    _showing_cancel(showing)
                    outcome = "cancelled"
            return outcome
        series = self._series_offering(event) if event.super_event_id else None
        if series is not None:
            return self._showing_write(series, event)
        offering, outcome = self._offering_write(event)
        showing_outcome = self._showing_write(offering, event)
        return outcome if outcome == "new" else _stronger(outcome, showing_outcome)

    def _series_offering(self, sub_event: ImportedEvent) -> Offering | None:
        """The offering of the recurring series a sub-event belongs to: imported already, or
        its super-event fetched (once a run) and written now. None: an umbrella, or gone."""
        series_id = sub_event.super_event_id
        link = (
            ImportedOffering.objects.select_related("offering__producer")
            .filter(source=self.source, event_id=series_id)
            .first()
        )
        if link is not None:
            return link.offering
        if series_id in self.not_series:
            return None
        raw = linked_events.event_fetch(
            self.client, self.source.base_url, series_id, sleep=self.sleep
        )
        if raw is None or raw.get("super_event_type") != "recurring":
            self.not_series.add(series_id)
            return None
        length = sub_event.ends_at - sub_event.starts_at if sub_event.ends_at else None
        offering, _ = self._offering_write(linked_events.event_read(raw), sub_event_length=length)
        return offering

    # --- offerings ---------------------------------------------------------------------

    def _offering_fields(
        self, event: ImportedEvent, *, sub_event_length=None, keep_duration=False
    ) -> dict:
        fields = {}
        titles = {lang: plain_line(text, 150) for lang, text in event.titles.items()}
        descriptions = {
            lang: description_text(html) for lang, html in event.descriptions_html.items()
        }
        summaries = {lang: plain_line(text, 300) for lang, text in event.summaries.items()}
        for lang in LANGUAGES:
            summaries.setdefault(lang, plain_line(descriptions.get(lang, ""), 300))
        first = next(lang for lang in (*LANGUAGES,) if titles.get(lang))
        for lang in LANGUAGES:
            fallback = lang == "fi"
            fields[f"title_{lang}"] = titles.get(lang) or (titles[first] if fallback else "")
            summary = summaries.get(lang) or ""
            fields[f"summary_{lang}"] = summary or (
                (summaries.get(first) or fields["title_fi"]) if fallback else ""
            )
            fields[f"description_{lang}"] = descriptions.get(lang, "")
        fields["venue"] = _venue_line(event)
        kind = Offering.Kind.VENUE
        if event.stream_url and stream_origin_allowed(event.stream_url):
            kind = Offering.Kind.LIVE
        elif event.is_online_only:
            raise RecordRefused(event.source_id, "stream_not_allowed")
        fields["kind"] = kind
        length = event.ends_at - event.starts_at if event.starts_at and event.ends_at else None
        if event.super_event_type == "recurring":
            # A series' own times span all of it: a showing lasts as long as a sub-event.
            length = sub_event_length or (length if length and length <= LONGEST_SHOWING else None)
        elif length is not None and length > LONGEST_SHOWING:
            raise RecordRefused(event.source_id, "too_long")
        if length is not None:
            fields["duration_minutes"] = max(1, round(length.total_seconds() / 60))
        elif not (event.super_event_type == "recurring" and keep_duration):
            fields["duration_minutes"] = int(DEFAULT_LENGTH.total_seconds() // 60)
        return fields

    def _imported_fields(self, event: ImportedEvent) -> dict:
        image = next(
            (
                image
                for image in event.images
                if image["alt_texts"] and _image_origin_allowed(image["url"])
            ),
            None,
        )
        return {
            "source_modified": event.modified,
            "image_url": image["url"] if image else "",
            "image_alt_texts": image["alt_texts"] if image else {},
            "image_license": (image["license"] if image else "")[:60],
            "image_credit": (image["photographer"] if image else "")[:150],
            "info_urls": event.info_urls,
            "venue_notes": event.venue_notes,
            "map_url": _map_url(event),
            "is_free": event.is_free,
        }

    def _municipality(self, event: ImportedEvent) -> Municipality:
        for name in event.venue.get("locality", {}).values():
            if found := self.places.get(name.casefold()):
                return found
        return self.source.municipality

    def _art_forms(self, event: ImportedEvent) -> list[ArtForm]:
        slugs = {ART_FORM_KEYWORDS[k] for k in event.keywords if k in ART_FORM_KEYWORDS}
        forms = [self.art_forms[slug] for slug in sorted(slugs) if slug in self.art_forms]
        return forms or [self.source.default_art_form]

    def _spoken(self, event: ImportedEvent) -> list[SpokenLanguage]:
        return [self.languages[code] for code in event.languages if code in self.languages]

    def _offering_write(self, event: ImportedEvent, *, sub_event_length=None):
        link = None
        if event.source_id not in self.without_offering:
            link = (
                ImportedOffering.objects.select_related("offering__producer")
                .select_for_update(of=("self",))
                .filter(source=self.source, event_id=event.source_id)
                .first()
            )
        if link is not None and link.source_modified == event.modified:
            return link.offering, "unchanged"
        fields = self._offering_fields(
            event, sub_event_length=sub_event_length, keep_duration=link is not None
        )
        imported = self._imported_fields(event)
        if link is None:
            return self._offering_create(event, fields, imported), "new"
        offering = link.offering
        changes = {
            name: value for name, value in fields.items() if getattr(offering, name) != value
        }
        municipality = self._municipality(event)
        if list(offering.municipalities.values_list("pk", flat=True)) != [municipality.pk]:
            changes["municipalities"] = [municipality.pk]
        for name, value in imported.items():
            setattr(link, name, value)
        link.save()
        if offering.status == Offering.Status.ARCHIVED:
            # An event deleted at the source and then restored there.
            changes["status"] = self._first_status()
        reviewed = {name: value for name, value in changes.items() if name in REVIEWED_FIELDS}
        if reviewed and self._needs_review(offering):
            revision_submit(offering=offering, changes=reviewed, actor=None)
            changes = {name: value for name, value in changes.items() if name not in reviewed}
        if offering.status == Offering.Status.RETURNED and changes:
            changes.update(status=Offering.Status.IN_REVIEW, submitted_at=timezone.now())
        old_title = offering.title_fi
        if "municipalities" in changes:
            offering.municipalities.set(changes.pop("municipalities"))
        for name, value in changes.items():
            setattr(offering, name, value)
        if changes:
            offering.save()
        offering.art_forms.set(self._art_forms(event))
        offering.spoken_languages.set(self._spoken(event))
        if old_title != offering.title_fi:
            published_change_announce(offering, None, {"title": (old_title, offering.title_fi)})
        return offering, "changed"

    def _count_waiting(self) -> None:
        self.tally.waiting_review += 1

    def _needs_review(self, offering: Offering) -> bool:
        return offering.status == Offering.Status.PUBLISHED and not self.source.is_trusted

    def _first_status(self) -> str:
        return Offering.Status.PUBLISHED if self.source.is_trusted else Offering.Status.IN_REVIEW

    def _offering_create(self, event, fields: dict, imported: dict) -> Offering:
        now = timezone.now()
        status = self._first_status()
        offering = Offering(
            slug=unique_slug(Offering, fields["title_fi"], fallback="tapahtuma"),
            producer=self.source.producer,
            status=status,
            submitted_at=now,
            published_at=now if status == Offering.Status.PUBLISHED else None,
            **fields,
        )
        offering.save()
        # A new offering has no links yet: one insert each, without `set`'s reading first
        # (the offering's own save has already told the page cache).
        for name, targets in (
            ("art_forms", self._art_forms(event)),
            ("spoken_languages", self._spoken(event)),
            ("municipalities", [self._municipality(event)]),
        ):
            relation = Offering._meta.get_field(name)
            through = relation.remote_field.through
            target_column = relation.m2m_reverse_field_name()
            through.objects.bulk_create(
                [through(offering=offering, **{target_column: target}) for target in targets]
            )
        if status == Offering.Status.IN_REVIEW:
            transaction.on_commit(self._count_waiting)
        ImportedOffering.objects.create(
            offering=offering, source=self.source, event_id=event.source_id, **imported
        )
        self.without_offering.discard(event.source_id)
        if status == Offering.Status.PUBLISHED:
            offering_published_announce(offering)
        return offering

    # --- showings -----------------------------------------------------------------------

    def _showing_write(self, offering: Offering, event: ImportedEvent) -> str:
        link = None
        if event.source_id not in self.without_showing:
            link = (
                ImportedShowing.objects.select_related("showing")
                .select_for_update(of=("self",))
                .filter(source=self.source, event_id=event.source_id)
                .first()
            )
        ends_at = event.ends_at or event.starts_at + DEFAULT_LENGTH
        if ends_at - event.starts_at > LONGEST_SHOWING:
            raise RecordRefused(event.source_id, "too_long")
        cancelled = event.status in ("cancelled", "postponed")
        stream_url = event.stream_url if offering.kind == Offering.Kind.LIVE else ""
        if link is None:
            showing = Showing.objects.create(
                offering=offering,
                starts_at=event.starts_at,
                ends_at=ends_at,
                doors_open_at=event.starts_at - DEFAULT_DOORS_OPEN_BEFORE,
                is_cancelled=cancelled,
                stream_url=stream_url,
            )
            ImportedShowing.objects.create(
                showing=showing,
                source=self.source,
                event_id=event.source_id,
                source_modified=event.modified,
            )
            self.without_showing.discard(event.source_id)
            if not cancelled:
                showing_added_announce(showing)
            return "new"
        showing = link.showing
        if link.source_modified == event.modified and showing.offering_id == offering.pk:
            return "unchanged"
        link.source_modified = event.modified
        link.save(update_fields=["source_modified"])
        if cancelled and not showing.is_cancelled:
            _showing_cancel(showing)
            return "cancelled"
        old_start = showing.starts_at
        # A time that changes, or a postponed event given its new time, is a move.
        moved = not cancelled and (old_start != event.starts_at or showing.is_cancelled)
        showing.offering = offering
        showing.starts_at, showing.ends_at = event.starts_at, ends_at
        showing.doors_open_at = event.starts_at - DEFAULT_DOORS_OPEN_BEFORE
        showing.stream_url = stream_url
        if moved:
            showing.sequence += 1
            showing.is_cancelled = False
        showing.save()
        if moved:
            published_change_announce(
                offering,
                showing,
                {"starts_at": (old_start.isoformat(), event.starts_at.isoformat())},
            )
        return "changed"

    # --- deleted at the source ------------------------------------------------------------

    def _delete(self, event_id: str, modified: str) -> str:
        found = False
        showing_link = ImportedShowing.objects.filter(source=self.source, event_id=event_id).first()
        if showing_link is not None:
            found = True
            if not showing_link.showing.is_cancelled:
                _showing_cancel(showing_link.showing)
            showing_link.source_modified = modified
            showing_link.save(update_fields=["source_modified"])
        offering_link = (
            ImportedOffering.objects.select_related("offering")
            .filter(source=self.source, event_id=event_id)
            .first()
        )
        if offering_link is not None:
            found = True
            offering = offering_link.offering
            for showing in offering.showings.filter(is_cancelled=False):
                _showing_cancel(showing)
            offering.status = Offering.Status.ARCHIVED
            offering.save(update_fields=["status", "updated_at"])
            offering_link.source_modified = modified
            offering_link.save(update_fields=["source_modified"])
        return "deleted" if found else "unchanged"


def _written(raw: dict, offering_stamp, showing_stamp, stamp: str) -> bool:
    """Has this version of the event been written already? A single event makes an offering
    and a showing, a series an offering, a sub-event a showing; a deletion marks both."""
    if raw.get("deleted"):
        present = [link for link in (offering_stamp, showing_stamp) if link is not None]
        return bool(present) and all(link == stamp for link in present)
    if raw.get("super_event_type") == "recurring":
        return offering_stamp == stamp
    if raw.get("super_event"):
        return showing_stamp == stamp
    return offering_stamp == stamp and showing_stamp == stamp


def _showing_cancel(showing: Showing) -> None:
    """Cancelled at the source: the people who planned to come get the change notice."""
    showing.is_cancelled = True
    showing.sequence += 1
    showing.save(update_fields=["is_cancelled", "sequence", "updated_at"])
    published_change_announce(showing.offering, showing, {"is_cancelled": (False, True)})


def _stronger(first: str, second: str) -> str:
    order = ("unchanged", "changed", "cancelled")
    return max(first, second, key=lambda outcome: order.index(outcome) if outcome in order else 1)


def _venue_line(event: ImportedEvent) -> str:
    venue = event.venue
    if not venue or not venue.get("name"):
        return ""

    def finnish_first(values: dict) -> str:
        return values.get("fi") or values.get("sv") or values.get("en") or ""

    place = " ".join(
        part for part in (venue.get("postal_code", ""), finnish_first(venue["locality"])) if part
    )
    parts = [finnish_first(venue["name"]), finnish_first(venue["street_address"]), place]
    return ", ".join(part for part in parts if part)[:200]


def _map_url(event: ImportedEvent) -> str:
    if event.position:
        latitude, longitude = event.position
        return (
            "https://www.openstreetmap.org/"
            f"?mlat={latitude:.5f}&mlon={longitude:.5f}#map=17/{latitude:.5f}/{longitude:.5f}"
        )
    address = _venue_line(event)
    return (
        f"https://www.openstreetmap.org/search?{urlencode({'query': address})}" if address else ""
    )


def _image_origin_allowed(url: str) -> bool:
    return linked_events.origin_of(url) in settings.IMPORT_IMAGE_ORIGINS
