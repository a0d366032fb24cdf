"""The API's reads: the same published, listed programme the pages show (a recording only
once it plays, a premiere's showing only with its video ready), in key order for cursors."""

from datetime import datetime

from django.db.models import Q, QuerySet

from lampio.municipalities.models import Municipality
from lampio.programme.accessibility import ACCESSIBILITY_FEATURES
from lampio.programme.models import ArtForm, Offering, Producer, Showing, SpokenLanguage
from lampio.programme.selectors import offered_in, offerings_published, showings_listed

FEATURE_FIELDS = {feature.slug: feature.field for feature in ACCESSIBILITY_FEATURES}


class UnknownValue(Exception):
    """A filter names something that does not exist (a municipality, an art form …)."""

    def __init__(self, parameter: str, value: str):
        super().__init__(parameter)
        self.parameter, self.value = parameter, value


def _offering_filter(prefix: str, filters) -> Q:
    """The programme filters, for offerings (prefix "") or their showings ("offering__")."""
    condition = Q()
    if filters.municipality:
        municipality = Municipality.objects.filter(slug=filters.municipality).first()
        if municipality is None:
            raise UnknownValue("municipality", filters.municipality)
        condition &= offered_in(municipality, prefix)
    if filters.art_form:
        art_form = ArtForm.objects.filter(slug=filters.art_form).first()
        if art_form is None:
            raise UnknownValue("art_form", filters.art_form)
        condition &= Q(**{f"{prefix}art_forms": art_form})
    if filters.language:
        language = SpokenLanguage.objects.filter(code=filters.language).first()
        if language is None:
            raise UnknownValue("language", filters.language)
        condition &= Q(**{f"{prefix}spoken_languages": language})
    if filters.feature:
        if filters.feature not in FEATURE_FIELDS:
            raise UnknownValue("feature", filters.feature)
        condition &= Q(**{f"{prefix}{FEATURE_FIELDS[filters.feature]}": True})
    if filters.kind:
        condition &= Q(**{f"{prefix}kind": filters.kind})
    if filters.free is not None:
        # An imported event sells its tickets at the organiser's (price 0 here, is_free False).
        paid_elsewhere = Q(**{f"{prefix}imported__is_free": False})
        condition &= (
            Q(**{f"{prefix}price_cents": 0}) & ~paid_elsewhere
            if filters.free
            else Q(**{f"{prefix}price_cents__gt": 0}) | paid_elsewhere
        )
    return condition


def offerings_for_api(filters, *, after_pk: int, limit: int) -> list[Offering]:
    ids = list(
        offerings_published()
        .filter(_offering_filter("", filters), pk__gt=after_pk)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()[: limit + 1]
    )
    found = {o.pk: o for o in _offering_details(Offering.objects.filter(pk__in=ids))}
    return [found[pk] for pk in ids if pk in found]


def offering_for_api(slug: str) -> Offering | None:
    found = list(_offering_details(offerings_published().filter(slug=slug))[:1])
    return found[0] if found else None


def _offering_details(queryset: QuerySet[Offering]) -> list[Offering]:
    """The offerings with their producer and images, and their art forms, spoken languages
    and municipalities as (slug, name) pairs from the per-process reference tables: three
    small reads of link rows instead of three model prefetches."""
    offerings = list(
        queryset.select_related("producer", "imported__source").prefetch_related("images")
    )
    ids = [offering.pk for offering in offerings]
    names = reference_names()
    links = {
        "art_forms": Offering.art_forms.through.objects.filter(offering_id__in=ids).values_list(
            "offering_id", "artform_id"
        ),
        "spoken_languages": Offering.spoken_languages.through.objects.filter(
            offering_id__in=ids
        ).values_list("offering_id", "spokenlanguage_id"),
        "municipalities": Offering.municipalities.through.objects.filter(
            offering_id__in=ids
        ).values_list("offering_id", "municipality_id"),
    }
    by_offering = {key: {pk: [] for pk in ids} for key in links}
    for key, rows in links.items():
        for offering_id, other_id in rows:
            if other_id in names[key]:
                by_offering[key][offering_id].append(names[key][other_id])
    for offering in offerings:
        offering.api_links = {key: sorted(by_offering[key][offering.pk]) for key in links}
    return offerings


_reference: dict = {}


def reference_names() -> dict[str, dict[int, tuple[str, str]]]:
    """Art forms, spoken languages and municipalities as pk → (slug, name) in the active
    language, kept per process until the programme's version changes (an admin's edit of
    any of them bumps it, as it does for the cached pages)."""
    from django.utils import translation

    from lampio.core.page_cache import programme_version

    key = (programme_version(), translation.get_language())
    if key not in _reference:
        _reference.clear()
        _reference[key] = {
            "art_forms": {a.pk: (a.slug, a.name) for a in ArtForm.objects.all()},
            "spoken_languages": {s.pk: (s.code, s.name) for s in SpokenLanguage.objects.all()},
            "municipalities": {m.pk: (m.slug, m.name) for m in Municipality.objects.all()},
        }
    return _reference[key]


def showings_for_api(
    filters,
    *,
    starts_after: datetime,
    starts_before: datetime | None,
    after: tuple[datetime, int] | None,
    limit: int,
) -> list[Showing]:
    showings = showings_listed().filter(
        _offering_filter("offering__", filters), starts_at__gte=starts_after
    )
    if starts_before is not None:
        showings = showings.filter(starts_at__lt=starts_before)
    if after is not None:
        moment, pk = after
        showings = showings.filter(Q(starts_at__gt=moment) | Q(starts_at=moment, pk__gt=pk))
    return list(
        showings.select_related("offering").order_by("starts_at", "pk").distinct()[: limit + 1]
    )


def producers_for_api(*, after_pk: int, limit: int) -> list[Producer]:
    """Producers with something published in the programme."""
    return list(
        Producer.objects.filter(offerings__in=offerings_published(), pk__gt=after_pk)
        .distinct()
        .order_by("pk")[: limit + 1]
    )


def art_forms_for_api() -> list[ArtForm]:
    return list(ArtForm.objects.order_by("position", "slug"))


def municipalities_for_api() -> list[Municipality]:
    return list(Municipality.objects.order_by("name"))


def spoken_languages_for_api() -> list[SpokenLanguage]:
    return list(SpokenLanguage.objects.order_by("position", "code"))
