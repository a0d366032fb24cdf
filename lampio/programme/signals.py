"""Any change to programme data invalidates the cached public pages (after commit)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

from lampio.core.page_cache import invalidate_pages_on_change
from lampio.municipalities.models import Municipality

from .models import ArtForm, Offering, OfferingImage, Producer, Showing, SpokenLanguage


def _index_offering(sender, instance, **kwargs) -> None:
    from .search import sqlite_index_offering

    sqlite_index_offering(instance)


def _forget_offering(sender, instance, **kwargs) -> None:
    from .search import sqlite_index_forget

    sqlite_index_forget(instance.pk)


def connect() -> None:
    # The embedded default's search index follows every save and delete.
    post_save.connect(_index_offering, sender=Offering, dispatch_uid="lampio_search_index")
    post_delete.connect(_forget_offering, sender=Offering, dispatch_uid="lampio_search_forget")
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

# Sent after commit when an offering becomes published (approved, or sent by a verified
# producer). Argument: offering. The academy completes a participant whose pilot it is.
offering_published = Signal()

# Sent after commit when a showing is added to an offering. Arguments: offering, showing.
# The week app puts it in the programmes of those who follow the series ("every week").
showing_added = Signal()

# Receivers return extra people who review an offering (the academy: a pilot's trainers).
# Argument: offering.
offering_reviewers_extra = Signal()


# --- announcing after commit (the services that change programme data call these) ---------


def showing_added_announce(showing: Showing) -> None:
    transaction.on_commit(
        lambda: showing_added.send(sender=Showing, offering=showing.offering, showing=showing)
    )


def published_change_announce(offering: Offering, showing, changes: dict) -> None:
    """Tell the reminders of a change to a published offering (or one of its showings)."""
    if offering.status == Offering.Status.PUBLISHED and changes:
        transaction.on_commit(
            lambda: published_offering_changed.send(
                sender=Offering, offering=offering, showing=showing, changes=changes
            )
        )


def offering_published_announce(offering: Offering) -> None:
    transaction.on_commit(lambda: offering_published.send(sender=Offering, offering=offering))
