"""Periodic work on the database task queue: a task that reschedules itself when it has run.
`periodic_schedule` puts the next run on the queue unless one is already waiting, so calling
it at every start (scripts/start) and at the end of every run never doubles the chain."""

from datetime import timedelta

from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


def periodic_schedule(task, *, every_minutes: float, now=None) -> bool:
    now = now or timezone.now()
    waiting = DBTaskResult.objects.filter(
        task_path=task.module_path, status=TaskResultStatus.READY
    ).exists()
    if waiting:
        return False
    task.using(run_after=now + timedelta(minutes=every_minutes)).enqueue()
    return True
