"""django-tasks-db's app, with a name people can read in the admin (its own is an English
constant, "Tasks Database Backend")."""

from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class BackgroundTasksConfig(TasksAppConfig):
    verbose_name = _("Background tasks")
