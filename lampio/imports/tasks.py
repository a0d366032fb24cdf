from django.tasks import task

from lampio.core.scheduling import periodic_schedule

IMPORT_EVERY_MINUTES = 60


@task()
def events_import_due() -> int:
    """Every hour: each active source's changes since its last finished run."""
    from .services import sources_import_due

    runs = sources_import_due()
    events_import_schedule()
    return len(runs)


def events_import_schedule(*, now=None) -> bool:
    return periodic_schedule(events_import_due, every_minutes=IMPORT_EVERY_MINUTES, now=now)


@task()
def source_import_now(source_id: int, full: bool = False) -> int:
    """A run an admin asked for in the manage wing."""
    from .models import EventSource
    from .services import source_import

    source = EventSource.objects.filter(pk=source_id).first()
    run = source_import(source=source, full=full) if source else None
    return run.counts.get("new", 0) if run else 0
