from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "lampio.feedback"
    label = "feedback"
    verbose_name = _("Feedback and viewing data")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import personal_data  # noqa: F401 - registers the app's part of "My data"
