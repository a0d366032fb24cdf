from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "lampio.imports"
    verbose_name = _("Imported events")

    def ready(self) -> None:
        from lampio.core.page_cache import invalidate_pages_on_change

        from .models import EventSource, ImportedOffering

        # The offering page shows the linked picture, the map link and the source's name.
        invalidate_pages_on_change(ImportedOffering, EventSource)
