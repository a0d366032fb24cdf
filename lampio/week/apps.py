from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WeekConfig(AppConfig):
    name = "lampio.week"
    verbose_name = _("My programme and reminders")

    def ready(self) -> None:
        from . import personal_data  # noqa: F401 - registers the app's part of "My data"
        from .receivers import connect

        connect()
