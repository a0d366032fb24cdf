"""Parsing the catalogue's filter and search parameters.

Anything a browser can send is accepted: unknown values are dropped, over-long text is cut,
and control characters (which PostgreSQL refuses) are removed. A filter never fails a page.
"""

import unicodedata
from dataclasses import dataclass, field

from django.http import QueryDict

from .accessibility import ACCESSIBILITY_FEATURES
from .models import Offering

SEARCH_MAX_LENGTH = 100

# The accessibility features a senior can filter on: URL value -> the feature.
FEATURES = {feature.slug: feature for feature in ACCESSIBILITY_FEATURES}


def clean_search_text(raw: str) -> str:
    text = "".join(
        " " if unicodedata.category(ch) in {"Cc", "Cs", "Co", "Cn"} else ch for ch in raw
    )
    return " ".join(text.split())[:SEARCH_MAX_LENGTH]


@dataclass(frozen=True)
class CatalogueFilters:
    q: str = ""
    art_forms: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    features: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    municipality: str = ""
    dropped: tuple[str, ...] = field(default=(), compare=False)

    @property
    def is_empty(self) -> bool:
        return not (
            self.q
            or self.art_forms
            or self.kinds
            or self.features
            or self.languages
            or self.municipality
        )


def _pick(values: list[str], allowed: set[str], limit: int = 20) -> tuple[tuple[str, ...], bool]:
    kept = tuple(dict.fromkeys(v for v in values[:limit] if v in allowed))
    return kept, len(kept) != len([v for v in values if v])


def parse_catalogue_filters(
    params: QueryDict,
    *,
    art_form_slugs: set[str],
    language_codes: set[str],
    municipality_slugs: set[str],
) -> CatalogueFilters:
    dropped = []
    art_forms, bad = _pick(params.getlist("art"), art_form_slugs)
    if bad:
        dropped.append("art")
    kinds, bad = _pick(params.getlist("kind"), set(Offering.Kind.values))
    if bad:
        dropped.append("kind")
    features, bad = _pick(params.getlist("feature"), set(FEATURES))
    if bad:
        dropped.append("feature")
    languages, bad = _pick(params.getlist("lang"), language_codes)
    if bad:
        dropped.append("lang")
    municipality = params.get("city", "")
    if municipality and municipality not in municipality_slugs:
        dropped.append("city")
        municipality = ""
    return CatalogueFilters(
        q=clean_search_text(params.get("q", "")),
        art_forms=art_forms,
        kinds=kinds,
        features=features,
        languages=languages,
        municipality=municipality,
        dropped=tuple(dropped),
    )
