from lampio.programme.models import Offering

from .models import EventSource, ImportedOffering, ImportRun


def offering_import(offering: Offering) -> ImportedOffering | None:
    """Where an offering was imported from (None: made in the studio)."""
    return ImportedOffering.objects.select_related("source").filter(offering=offering).first()


def sources_with_last_run():
    sources = list(EventSource.objects.select_related("municipality", "producer"))
    runs = {}
    for run in ImportRun.objects.filter(source__in=sources).order_by("source_id", "-started_at"):
        runs.setdefault(run.source_id, run)
    for source in sources:
        source.last_run = runs.get(source.pk)
    return sources


def source_runs(source: EventSource, *, limit: int = 20):
    return source.runs.all()[:limit]


def source_by_slug(slug: str) -> EventSource | None:
    return EventSource.objects.select_related("municipality").filter(slug=slug).first()
