"""Read-only queries for the audience-facing programme. Every list has a fixed query count."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Exists, F, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from lampio.municipalities.models import Municipality

from .catalogue_filters import FEATURES, CatalogueFilters
from .models import (
    ArtForm,
    Offering,
    OfferingImage,
    OfferingRevision,
    Producer,
    Showing,
    SpokenLanguage,
)
from .search import offerings_search

WEEK = timedelta(days=7)


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    return start, end


def _images_prefetch(prefix: str = "") -> Prefetch:
    return Prefetch(f"{prefix}images", queryset=OfferingImage.objects.order_by("position", "id"))


def _watchable_videos():
    """Ready, reviewed videos. Videos are the media app's; the programme only asks whether
    one exists, through the relation, without importing media."""
    videos = Offering._meta.get_field("videos").related_model
    return videos.objects.filter(status="ready", needs_review=False)


def offerings_published() -> QuerySet[Offering]:
    """What the audience sees: published offerings, a recording only once its video can be
    played, so that nothing offered as watchable leads to a page without a player."""
    return Offering.objects.filter(status=Offering.Status.PUBLISHED, is_listed=True).filter(
        ~Q(kind=Offering.Kind.RECORDING)
        | Exists(_watchable_videos().filter(offering=OuterRef("pk")))
    )


def _watchable_showings(queryset: QuerySet[Showing]) -> QuerySet[Showing]:
    """A premiere's showing is listed only with its video ready to play."""
    return queryset.filter(
        ~Q(offering__kind=Offering.Kind.PREMIERE)
        | Q(video__status="ready", video__needs_review=False)
    )


def offered_in(municipality, prefix: str = "") -> Q:
    """Offered to the residents of `municipality` (a Municipality or its id): there, or
    nationwide; with None, nationwide only. `prefix` reaches offerings from another model
    ("offering__" for showings)."""
    offered = Q(**{f"{prefix}is_nationwide": True})
    if municipality is not None:
        offered |= Q(**{f"{prefix}municipalities": municipality})
    return offered


def showings_listed() -> QuerySet[Showing]:
    """Every showing the programme lists (of published, listed offerings), past ones too."""
    return _watchable_showings(Showing.objects.filter(offering__in=offerings_published()))


def _long_texts(model, *names: str) -> tuple[str, ...]:
    """The columns of `names` in every language (modeltranslation adds one per language)."""
    return tuple(field.name for field in model._meta.fields if field.name.startswith(names))


# Long texts no card shows (an offering's own page reads them): lists do not fetch them.
_CARD_UNREAD = (
    *_long_texts(Offering, "description", "plain_summary", "review_comment"),
    *(f"producer__{name}" for name in _long_texts(Producer, "description")),
)


def _card_rows(queryset: QuerySet[Offering]) -> QuerySet[Offering]:
    return queryset.select_related("producer").defer(*_CARD_UNREAD)


def _with_card_data(queryset: QuerySet[Offering]) -> QuerySet[Offering]:
    return _card_rows(queryset).prefetch_related(_images_prefetch())


def showings_upcoming(now: datetime | None = None) -> QuerySet[Showing]:
    now = now or timezone.now()
    return _watchable_showings(
        Showing.objects.filter(
            is_cancelled=False,
            ends_at__gt=now,
            offering__status=Offering.Status.PUBLISHED,
            offering__is_listed=True,
        )
    )


def _card_images_attach(offerings: list[Offering]) -> None:
    """Each card's picture, for all the cards in one query (no related manager per card)."""
    first: dict[int, OfferingImage] = {}
    for image in OfferingImage.objects.filter(
        offering_id__in={offering.pk for offering in offerings}
    ).order_by("-position", "-id"):
        first[image.offering_id] = image  # the last one written is the first in order
    for offering in offerings:
        offering.card_image = first.get(offering.pk)


def _showing_rows(queryset: QuerySet[Showing]) -> QuerySet[Showing]:
    return (
        queryset.select_related("offering", "offering__producer")
        .defer(*(f"offering__{name}" for name in _CARD_UNREAD))
        .order_by("starts_at", "id")
    )


def _showing_cards(queryset: QuerySet[Showing]) -> QuerySet[Showing]:
    return _showing_rows(queryset).prefetch_related(_images_prefetch("offering__"))


@dataclass
class HomeSections:
    today: list[Showing]
    this_week: list[Showing]
    any_time: list[Offering]


def home_sections(*, now: datetime | None = None, limit: int = 12) -> HomeSections:
    now = now or timezone.now()
    today_start, tomorrow_start = _day_bounds(timezone.localdate(now))
    upcoming = showings_upcoming(now)
    today = list(_showing_rows(upcoming.filter(starts_at__lt=tomorrow_start))[:limit])
    this_week = list(
        _showing_rows(
            upcoming.filter(starts_at__gte=tomorrow_start, starts_at__lt=today_start + WEEK)
        )[:limit]
    )
    any_time = list(
        _card_rows(
            offerings_published()
            .filter(kind=Offering.Kind.RECORDING)
            .order_by("-published_at", "id")
        )[:limit]
    )
    _card_images_attach([*(s.offering for s in today), *(s.offering for s in this_week), *any_time])
    return HomeSections(today=today, this_week=this_week, any_time=any_time)


def _filter_offerings(queryset: QuerySet[Offering], filters: CatalogueFilters) -> QuerySet:
    if filters.art_forms:
        queryset = queryset.filter(
            Exists(
                Offering.art_forms.through.objects.filter(
                    offering_id=OuterRef("pk"), artform__slug__in=filters.art_forms
                )
            )
        )
    if filters.kinds:
        queryset = queryset.filter(kind__in=filters.kinds)
    for feature in filters.features:
        queryset = queryset.filter(**{FEATURES[feature].field: True})
    if filters.languages:
        queryset = queryset.filter(
            Exists(
                Offering.spoken_languages.through.objects.filter(
                    offering_id=OuterRef("pk"), spokenlanguage__code__in=filters.languages
                )
            )
        )
    if filters.municipality:
        queryset = queryset.filter(
            Q(is_nationwide=True)
            | Exists(
                Offering.municipalities.through.objects.filter(
                    offering_id=OuterRef("pk"), municipality__slug=filters.municipality
                )
            )
        )
    return offerings_search(queryset, filters.q)


def catalogue_offerings(
    filters: CatalogueFilters, *, now: datetime | None = None
) -> QuerySet[Offering]:
    """Published offerings matching the filters: soonest showing first, then any-time ones."""
    now = now or timezone.now()
    queryset = _filter_offerings(offerings_published(), filters).annotate(
        next_start=Min(
            "showings__starts_at",
            filter=Q(showings__ends_at__gt=now, showings__is_cancelled=False),
        )
    )
    ordering = [F("next_start").asc(nulls_last=True), "title", "id"]
    if "search_rank" in queryset.query.annotations:
        ordering.insert(0, F("search_rank").desc())
    return _with_card_data(queryset.order_by(*ordering))


def offerings_attach_next_showings(offerings: list[Offering], *, now=None, limit=3) -> None:
    """Give each offering `upcoming` (its next showings) with one query for the whole page."""
    now = now or timezone.now()
    showings = Showing.objects.filter(
        offering__in=offerings, is_cancelled=False, ends_at__gt=now
    ).order_by("starts_at", "id")
    by_offering: dict[int, list[Showing]] = {o.pk: [] for o in offerings}
    for showing in showings:
        bucket = by_offering[showing.offering_id]
        if len(bucket) < limit:
            bucket.append(showing)
    for offering in offerings:
        offering.upcoming = by_offering[offering.pk]


def day_showings(day: date, filters: CatalogueFilters) -> QuerySet[Showing]:
    start, end = _day_bounds(day)
    offerings = _filter_offerings(offerings_published(), filters)
    return _showing_cards(
        _watchable_showings(
            Showing.objects.filter(
                is_cancelled=False,
                starts_at__gte=start,
                starts_at__lt=end,
                offering__in=offerings.values("pk"),
            )
        )
    )


def offering_detail(slug: str) -> Offering | None:
    return (
        offerings_published()
        .select_related("producer", "producer__home_municipality", "imported__source")
        .prefetch_related("art_forms", "spoken_languages", "municipalities", _images_prefetch())
        .filter(slug=slug)
        .first()
    )


def offering_showings(offering: Offering, *, now=None, limit: int = 20) -> list[Showing]:
    now = now or timezone.now()
    return list(
        _watchable_showings(offering.showings.filter(is_cancelled=False, ends_at__gt=now))
        .select_related("offering")
        .order_by("starts_at")[:limit]
    )


def producer_detail(slug: str) -> Producer | None:
    return Producer.objects.select_related("home_municipality").filter(slug=slug).first()


def producer_exists(slug: str) -> bool:
    return Producer.objects.filter(slug=slug).exists()


def showing_published(pk: int) -> Showing | None:
    """A showing the audience may see: of a published offering, not cancelled."""
    return (
        Showing.objects.select_related("offering")
        .filter(pk=pk, offering__status=Offering.Status.PUBLISHED, is_cancelled=False)
        .first()
    )


def producer_offerings(producer: Producer) -> QuerySet[Offering]:
    return _with_card_data(offerings_published().filter(producer=producer).order_by("title"))


def art_forms_with_counts() -> list[ArtForm]:
    return list(
        ArtForm.objects.annotate(
            published_count=Count(
                "offerings", filter=Q(offerings__in=offerings_published().values("pk"))
            )
        ).order_by("position", "slug")
    )


def art_forms_all() -> list[ArtForm]:
    return list(ArtForm.objects.order_by("position", "slug"))


def filter_choices() -> dict:
    """Everything the filter form offers, in three queries."""
    return {
        "art_forms": art_forms_all(),
        "languages": list(SpokenLanguage.objects.order_by("position", "code")),
        "municipalities": list(Municipality.objects.filter(is_active=True).order_by("name")),
    }


@dataclass(frozen=True)
class ProposedChange:
    label: str
    now: str
    proposed: str


def proposed_changes(offering: Offering) -> list[ProposedChange]:
    """What a proposal would change, field by field, in words a reviewer reads."""
    revision = OfferingRevision.objects.filter(offering=offering).first()
    if revision is None:
        return []
    rows = []
    for name, value in revision.changes.items():
        if name == "municipalities":
            label = str(Offering._meta.get_field("municipalities").verbose_name)
            now = ", ".join(m.name for m in offering.municipalities.all())
            proposed = ", ".join(
                m.name for m in Municipality.objects.filter(pk__in=value).order_by("name")
            )
        else:
            field = Offering._meta.get_field(name)
            label = str(field.verbose_name)
            now, proposed = getattr(offering, name), value
            if isinstance(value, bool):
                now, proposed = (gettext("yes") if v else gettext("no") for v in (now, value))
        rows.append(ProposedChange(label=label, now=str(now or "–"), proposed=str(proposed or "–")))
    return rows


def offerings_waiting_for_review(offerings: QuerySet[Offering]) -> QuerySet[Offering]:
    """Sent for review, or published with changes or a recording waiting for a decision."""
    return (
        offerings.filter(
            Q(status=Offering.Status.IN_REVIEW)
            | Q(revision__isnull=False, revision__review_comment="")
            | Q(videos__needs_review=True)
        )
        .distinct()
        .select_related("producer")
        .order_by("updated_at")
    )


def pending_revision(offering: Offering) -> OfferingRevision | None:
    return OfferingRevision.objects.filter(offering=offering).first()


@dataclass(frozen=True)
class TextInLanguages:
    label: str
    values: list[tuple[str, str]]  # (language name, text)


def offering_texts_in_languages(offering: Offering) -> list[TextInLanguages]:
    """Every text the audience reads, in each language, for a reviewer to see all of it."""
    rows = []
    for name in ("title", "summary", "description", "plain_summary"):
        label = str(Offering._meta.get_field(f"{name}_fi").verbose_name).rsplit(" [", 1)[0]
        rows.append(
            TextInLanguages(
                label=label,
                values=[
                    (language, getattr(offering, f"{name}_{code}") or "")
                    for code, language in settings.LANGUAGES
                ],
            )
        )
    return rows


FEED_DAYS_BACK, FEED_DAYS_AHEAD, FEED_MOST = 30, 180, 1000


def feed_showings(
    *,
    municipality: Municipality | None = None,
    art_form: ArtForm | None = None,
    captions: bool = False,
    now: datetime | None = None,
) -> list[Showing]:
    """A public calendar feed's showings: published and listed offerings, a month back and
    half a year ahead, cancelled ones too (a calendar must learn of the cancellation). For a
    municipality: what its residents can take part in (offered there, or nationwide)."""
    now = now or timezone.now()
    showings = _watchable_showings(
        Showing.objects.filter(
            offering__in=offerings_published(),
            ends_at__gte=now - timedelta(days=FEED_DAYS_BACK),
            starts_at__lte=now + timedelta(days=FEED_DAYS_AHEAD),
        )
    )
    if municipality is not None:
        showings = showings.filter(offered_in(municipality, "offering__"))
    if art_form is not None:
        showings = showings.filter(offering__art_forms=art_form)
    if captions:
        showings = showings.filter(offering__has_captions=True)
    return list(showings.select_related("offering").distinct().order_by("starts_at")[:FEED_MOST])


def municipality_by_slug(slug: str) -> Municipality | None:
    return Municipality.objects.filter(slug=slug).first()


def art_form_by_slug(slug: str) -> ArtForm | None:
    return ArtForm.objects.filter(slug=slug).first()


def week_for_residents(municipality: Municipality | None, *, now: datetime | None = None):
    """The embeddable "this week" list: the coming seven days' showings that residents of
    the municipality can take part in (everything nationwide, with no municipality)."""
    now = now or timezone.now()
    showings = _watchable_showings(
        Showing.objects.filter(
            offering__in=offerings_published(),
            is_cancelled=False,
            ends_at__gte=now,
            starts_at__lt=now + timedelta(days=7),
        )
    )
    if municipality is not None:
        showings = showings.filter(offered_in(municipality, "offering__"))
    return list(showings.select_related("offering").distinct().order_by("starts_at")[:12])
