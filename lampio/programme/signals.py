"""Any change to programme data invalidates the cached public pages (after commit)."""

from django.dispatch import Signal

from lampio.core.page_cache import invalidate_pages_on_change
from lampio.municipalities.models import Municipality

from .models import ArtForm, Offering, OfferingImage, Producer, Showing, SpokenLanguage


def connect() -> None:
    invalidate_pages_on_change(
        Offering,
        Showing,
        OfferingImage,
        Producer,
        ArtForm,
        SpokenLanguage,
        Municipality,
        Offering.art_forms.through,
        Offering.spoken_languages.through,
        Offering.municipalities.through,
    )


# Sent after commit when the title or a showing time of a published offering changes, so that
# people who set a reminder can be told. Arguments: offering, showing (or None) and changes,
# a dict of field name → (old, new).
published_offering_changed = Signal()
