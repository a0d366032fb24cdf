from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    name = "lampio.media"
    label = "media"
    verbose_name = _("Recordings")

    def ready(self) -> None:
        from lampio.core.page_cache import invalidate_pages_on_change

        from . import personal_data  # noqa: F401 - registers the app's part of "My data"
        from .models import CaptionTrack, VideoAsset

        # The offering page shows "Watch" once a recording is ready.
        invalidate_pages_on_change(VideoAsset, CaptionTrack)
