"""Running queued background tasks inside a test."""


def run_ready_tasks() -> int:
    """Run the queued tasks that are due, here and now: the worker's job without its
    connection handling, which a test's transaction (PostgreSQL) does not allow."""
    from django.utils.module_loading import import_string
    from django_tasks_db.models import DBTaskResult

    ran = 0
    while ready := list(DBTaskResult.objects.ready()):
        for result in ready:
            task = import_string(result.task_path)
            result.delete()
            task.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
            ran += 1
    return ran
