"""Offering search, in the language of the page: a Finnish query searches the Finnish texts
with Finnish word forms, a Swedish query the Swedish texts, an English one the English.

PostgreSQL stems each language's fields with its own text-search configuration (finnish,
swedish, english), so "konserttiin" finds an offering titled "Konsertti".

The embedded default (SQLite) does as well with its FTS5 full-text index: each offering's
texts are stemmed per language with the Snowball stemmers (the same algorithms PostgreSQL's
configurations use, from the kept `snowballstemmer` library) and indexed with FTS5's trigram
tokenizer. A query is stemmed the same way and each stem is matched as a part of a word, so
that "Sibeliusta" finds "Sibeliuksen" (stem "sibeliu") and "museoon" finds the compound
"raitiovaunumuseo". The index is kept current when an offering is saved or deleted.

PostgreSQL also matches each stem inside the texts, as the index does, so that compounds
are found there too. On both databases the title is also matched as a folded substring, so
that the start of a word still finds something.
"""

import re
from functools import cache

import snowballstemmer
from django.db import connection, connections
from django.db.backends.signals import connection_created
from django.db.models import Case, CharField, FloatField, Func, Q, QuerySet, Value, When
from django.utils.translation import get_language

SEARCH_CONFIGS = {"fi": "finnish", "sv": "swedish", "en": "english"}
TEXT_FIELDS = ("title", "summary", "description", "plain_summary")
WORD = re.compile(r"\w+", re.UNICODE)
MIN_STEM = 3  # the trigram index matches parts of three letters or more


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


@cache
def _stemmer(language: str):
    return snowballstemmer.stemmer(SEARCH_CONFIGS[language])


def stems(text: str, language: str) -> list[str]:
    """The words of a text in their stemmed form ("Sibeliuksen konsertti" → sibeliuks,
    konsert)."""
    words = [word.casefold() for word in WORD.findall(text or "")]
    return _stemmer(language).stemWords(words)


def search_language() -> str:
    language = (get_language() or "fi")[:2]
    return language if language in SEARCH_CONFIGS else "fi"


def offerings_search(queryset: QuerySet, text: str) -> QuerySet:
    if not text or not text.strip():
        return queryset
    language = search_language()
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, text, language)
    return _search_sqlite(queryset, text, language)


def _title_substring(text: str, language: str) -> Q:
    return Q(**{f"title_{language}__icontains": text.strip()})


# --- SQLite: the stemmed trigram index -----------------------------------------------------


def sqlite_index_create(schema_connection) -> None:
    with schema_connection.cursor() as cursor:
        cursor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS programme_offering_search USING fts5("
            "offering_id UNINDEXED, language UNINDEXED, title, body, tokenize='trigram')"
        )


def sqlite_index_offering(offering) -> None:
    """(Re)write one offering's rows: one per language, its texts stemmed."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM programme_offering_search WHERE offering_id = %s", [offering.pk]
        )
        cursor.executemany(
            "INSERT INTO programme_offering_search (offering_id, language, title, body) "
            "VALUES (%s, %s, %s, %s)",
            [
                (
                    offering.pk,
                    language,
                    " ".join(stems(getattr(offering, f"title_{language}") or "", language)),
                    " ".join(
                        stem
                        for name in TEXT_FIELDS[1:]
                        for stem in stems(getattr(offering, f"{name}_{language}") or "", language)
                    ),
                )
                for language in SEARCH_CONFIGS
            ],
        )


def sqlite_index_forget(offering_id: int) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM programme_offering_search WHERE offering_id = %s", [offering_id]
            )


def sqlite_index_rebuild() -> int:
    from .models import Offering

    count = 0
    for offering in Offering.objects.iterator():
        sqlite_index_offering(offering)
        count += 1
    return count


def _fts_query(text: str, language: str) -> str | None:
    """Every stem of the query must be found (as part of a word), in the title or the rest."""
    wanted = [stem for stem in stems(text, language) if len(stem) >= MIN_STEM]
    if not wanted:
        return None
    return " AND ".join('"' + stem.replace('"', "") + '"' for stem in dict.fromkeys(wanted))


def _search_sqlite(queryset: QuerySet, text: str, language: str) -> QuerySet:
    matches: dict[int, float] = {}
    query = _fts_query(text, language)
    if query is not None:
        with connection.cursor() as cursor:
            # bm25 is lower for better matches; a title match counts three times.
            cursor.execute(
                "SELECT offering_id, bm25(programme_offering_search, 0, 0, 3.0, 1.0) "
                "FROM programme_offering_search "
                "WHERE programme_offering_search MATCH %s AND language = %s",
                [query, language],
            )
            matches = {int(offering_id): -score for offering_id, score in cursor.fetchall()}
    rank = Case(
        *(When(pk=pk, then=Value(score)) for pk, score in matches.items()),
        default=Value(0.0),
        output_field=FloatField(),
    )
    folded_title = Q(**{f"fold_title_{language}__contains": text.strip().casefold()})
    return (
        queryset.alias(**{f"fold_title_{language}": Fold(f"title_{language}")})
        .filter(Q(pk__in=list(matches)) | folded_title)
        .annotate(search_rank=rank)
    )


# --- PostgreSQL ------------------------------------------------------------------------


def _search_postgresql(queryset: QuerySet, text: str, language: str) -> QuerySet:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    config = SEARCH_CONFIGS[language]
    vector = SearchVector(f"title_{language}", weight="A", config=config) + SearchVector(
        *(f"{name}_{language}" for name in TEXT_FIELDS[1:]), weight="B", config=config
    )
    query = SearchQuery(text, config=config, search_type="websearch")
    return (
        queryset.annotate(search_rank=SearchRank(vector, query))
        .alias(search_document=vector)
        .filter(
            Q(search_document=query)
            | _stems_within(text, language)
            | _title_substring(text, language)
        )
    )


def _stems_within(text: str, language: str) -> Q:
    """Every stem of the query inside some text of the language, as the SQLite index
    matches: "museoon" (stem "museo") finds the compound "raitiovaunumuseo", which
    PostgreSQL's whole-word lexemes do not."""
    wanted = [stem for stem in stems(text, language) if len(stem) >= MIN_STEM]
    if not wanted:
        return Q(pk__in=[])
    condition = Q()
    for stem in dict.fromkeys(wanted):
        anywhere = Q()
        for name in TEXT_FIELDS:
            anywhere |= Q(**{f"{name}_{language}__icontains": stem})
        condition &= anywhere
    return condition
