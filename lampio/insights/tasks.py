from django.conf import settings
from django.tasks import task

from lampio.core.scheduling import periodic_schedule

from .rollup import recent_days_rollup


@task()
def insights_rollup() -> int:
    """Roll up today and yesterday, then schedule the next run."""
    run = recent_days_rollup()
    insights_rollup_schedule()
    return run.facts


def insights_rollup_schedule(*, now=None) -> bool:
    """Put the next rollup on the worker's queue unless one is already waiting."""
    return periodic_schedule(
        insights_rollup, every_minutes=settings.ROLLUP_INTERVAL_MINUTES, now=now
    )
