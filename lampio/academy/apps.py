from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AcademyConfig(AppConfig):
    name = "lampio.academy"
    verbose_name = _("Academy")

    def ready(self) -> None:
        from lampio.core.page_cache import invalidate_pages_on_change

        from . import personal_data  # noqa: F401 - registers the app's part of "My data"
        from .models import RoundQuestion, RoundSeats, RoundSession, TrainingRound
        from .receivers import connect

        invalidate_pages_on_change(TrainingRound, RoundSession, RoundQuestion, RoundSeats)
        connect()
