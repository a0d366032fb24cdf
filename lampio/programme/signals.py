"""Any change to programme data invalidates the cached public pages (after commit)."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from lampio.core.page_cache import programme_changed
from lampio.municipalities.models import Municipality

from .models import ArtForm, Offering, OfferingImage, Producer, Showing, SpokenLanguage

WATCHED = (Offering, Showing, OfferingImage, Producer, ArtForm, SpokenLanguage, Municipality)


def _changed(sender, **kwargs) -> None:
    programme_changed()


def connect() -> None:
    for model in WATCHED:
        post_save.connect(_changed, sender=model, dispatch_uid=f"programme-cache-{model.__name__}")
        post_delete.connect(
            _changed, sender=model, dispatch_uid=f"programme-cache-del-{model.__name__}"
        )
    for through in (
        Offering.art_forms.through,
        Offering.spoken_languages.through,
        Offering.municipalities.through,
    ):
        m2m_changed.connect(_changed, sender=through, dispatch_uid=f"programme-cache-{through}")
