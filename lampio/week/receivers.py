"""A published showing that moves or is cancelled tells everyone who has it in their
programme, and its ticket holders, once."""

from datetime import datetime

from lampio.programme.signals import published_offering_changed

from .reminders import change_notices_send


def _showing_changed(sender, offering, showing, changes, **kwargs) -> None:
    if showing is None:
        return
    if "starts_at" in changes:
        old = datetime.fromisoformat(changes["starts_at"][0])
        change_notices_send(showing=showing, old_starts_at=old)
    elif "is_cancelled" in changes:
        change_notices_send(showing=showing, old_starts_at=None)


def connect() -> None:
    published_offering_changed.connect(_showing_changed, dispatch_uid="week_change_notices")
