from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    name = "lampio.media"
    label = "media"
    verbose_name = _("Recordings")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from lampio.core.page_cache import programme_changed

        from .models import CaptionTrack, VideoAsset

        def changed(sender, **kwargs) -> None:
            programme_changed()

        for model in (VideoAsset, CaptionTrack):
            post_save.connect(changed, sender=model, dispatch_uid=f"media-cache-{model.__name__}")
            post_delete.connect(
                changed, sender=model, dispatch_uid=f"media-cache-del-{model.__name__}"
            )
