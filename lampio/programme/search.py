"""Offering search: Finnish word forms on PostgreSQL, folded substrings on SQLite.

PostgreSQL stems each language's fields with its own text-search configuration (finnish,
swedish, english), so "konserttiin" finds an offering titled "Konsertti". The title is also
matched as a substring so that the start of a word still finds something. SQLite has
no stemming, and its LIKE folds only ASCII letters, so we register a Unicode case-folding
function and match folded substrings ("ÄÄNI" finds "ääni").
"""

from django.db import connection, connections
from django.db.backends.signals import connection_created
from django.db.models import CharField, Func, Q, QuerySet

SEARCH_CONFIGS = {"fi": "finnish", "sv": "swedish", "en": "english"}
TEXT_FIELDS = ("title", "summary", "description", "plain_summary")


def _fold(value):
    return value.casefold() if isinstance(value, str) else value


def _register_sqlite_fold(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("lampio_fold", 1, _fold, deterministic=True)


def register_database_functions() -> None:
    """Called from AppConfig.ready(): every SQLite connection, present and future, can fold."""
    connection_created.connect(_register_sqlite_fold, dispatch_uid="lampio_sqlite_fold")
    for existing in connections.all(initialized_only=True):
        if existing.connection is not None:
            _register_sqlite_fold(None, existing)


class Fold(Func):
    function = "lampio_fold"
    output_field = CharField()


def offerings_search(queryset: QuerySet, text: str) -> QuerySet:
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, text)
    return _search_folded_substring(queryset, text)


def _search_folded_substring(queryset: QuerySet, text: str) -> QuerySet:
    condition = Q()
    needle = text.casefold()
    for word in needle.split():
        word_matches = Q()
        for name in TEXT_FIELDS:
            for language in SEARCH_CONFIGS:
                word_matches |= Q(**{f"fold_{name}_{language}__contains": word})
        condition &= word_matches
    folded = {
        f"fold_{name}_{language}": Fold(f"{name}_{language}")
        for name in TEXT_FIELDS
        for language in SEARCH_CONFIGS
    }
    return queryset.alias(**folded).filter(condition)


def _search_postgresql(queryset: QuerySet, text: str) -> QuerySet:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = None
    query = None
    for language, config in SEARCH_CONFIGS.items():
        language_vector = SearchVector(
            f"title_{language}", weight="A", config=config
        ) + SearchVector(
            *(f"{name}_{language}" for name in TEXT_FIELDS[1:]), weight="B", config=config
        )
        language_query = SearchQuery(text, config=config, search_type="websearch")
        vector = language_vector if vector is None else vector + language_vector
        query = language_query if query is None else query | language_query
    substring = Q()
    for language in SEARCH_CONFIGS:
        substring |= Q(**{f"title_{language}__icontains": text})
    return (
        queryset.annotate(search_rank=SearchRank(vector, query))
        .alias(search_document=vector)
        .filter(Q(search_document=query) | substring)
    )
