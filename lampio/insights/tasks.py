from datetime import timedelta

from django.conf import settings
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .rollup import recent_days_rollup


@task()
def insights_rollup() -> int:
    """Roll up today and yesterday, then schedule the next run."""
    run = recent_days_rollup()
    insights_rollup_schedule()
    return run.facts


def insights_rollup_schedule(*, now=None) -> bool:
    """Put the next rollup on the worker's queue unless one is already waiting."""
    now = now or timezone.now()
    waiting = DBTaskResult.objects.filter(
        task_path=f"{insights_rollup.module_path}",
        status=TaskResultStatus.READY,
    ).exists()
    if waiting:
        return False
    insights_rollup.using(
        run_after=now + timedelta(minutes=settings.ROLLUP_INTERVAL_MINUTES)
    ).enqueue()
    return True
