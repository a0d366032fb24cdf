from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "lampio.programme"
    label = "programme"
    verbose_name = _("Programme")

    def ready(self) -> None:
        from . import search, signals

        signals.connect()
        search.register_database_functions()
