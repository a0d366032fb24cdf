from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FoyerConfig(AppConfig):
    name = "lampio.foyer"
    label = "foyer"
    verbose_name = _("Foyer")
    default_auto_field = "django.db.models.BigAutoField"
