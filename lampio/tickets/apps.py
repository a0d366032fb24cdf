from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "lampio.tickets"
    verbose_name = _("Tickets and money")

    def ready(self) -> None:
        from . import personal_data  # noqa: F401 - registers the app's part of "My data"
        from .receivers import connect

        connect()
