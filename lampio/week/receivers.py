"""A published showing that moves or is cancelled tells everyone who has it in their
programme, and its ticket holders, once. A showing added to a series goes to the programmes
of those who follow it ("every week")."""

from lampio.programme.signals import published_offering_changed, showing_added

from .tasks import change_notices_deliver


def _showing_changed(sender, offering, showing, changes, **kwargs) -> None:
    """Runs after the change commits; the worker sends the notices."""
    if showing is None:
        return
    if "starts_at" in changes:
        change_notices_deliver.enqueue(showing.pk, changes["starts_at"][0])
    elif "is_cancelled" in changes:
        change_notices_deliver.enqueue(showing.pk, None)


def _showing_added(sender, offering, showing, **kwargs) -> None:
    from .services import series_showing_spread

    series_showing_spread(showing=showing)


def connect() -> None:
    published_offering_changed.connect(_showing_changed, dispatch_uid="week_change_notices")
    showing_added.connect(_showing_added, dispatch_uid="week_series_showing_added")
