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
