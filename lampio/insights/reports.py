"""The numbers of the dashboards, as tables. A page renders a report's tables (each with its
chart), and each table's CSV file is the same table: one source for both. The reports
themselves: offering_reports (producers) and municipality_reports (coordinators, admins)."""

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from lampio.accounts.models import User

from .figures import NOT_KNOWN, partition


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    chart: str = ""  # "bars" or "line": drawn from the last column
    note: str = ""


@dataclass
class Report:
    title: str
    tables: list[Table]
    comments: list[str] = field(default_factory=list)
    # Answers to the producer's own short-text questions: (question, answers), without names.
    text_answers: list[tuple[str, list[str]]] = field(default_factory=list)

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)


def viewers_count(facts: QuerySet) -> int:
    return facts.values("viewer").distinct().count()


def band_label(band: str) -> str:
    return dict(User.BirthYearBand.choices).get(band) or str(NOT_KNOWN)


def distribution(facts: QuerySet, column: str, labels) -> list[list]:
    counts = facts.values(column).annotate(n=Count("viewer", distinct=True)).order_by()
    known_first = sorted(counts, key=lambda row: (row[column] in (None, ""), row[column] or ""))
    shown = partition([row["n"] for row in known_first])
    return [[labels(row[column]), figure] for row, figure in zip(known_first, shown, strict=True)]


def figures_updated_at():
    """When the hourly rollup last finished, or None before its first run."""
    from .models import RollupRun

    return (
        RollupRun.objects.filter(finished_at__isnull=False)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
