"""How tickets follow the programme and the foyer: a cancelled showing gives the money back,
and the foyer of a paid showing lets in the people with a ticket."""

from django.utils import timezone

from lampio.foyer.selectors import foyer_audience_asked
from lampio.programme.signals import published_offering_changed

from .access import foyer_ticket_holder_ids, may_watch_paid
from .tasks import cancelled_showings_refund


def _refund_cancelled_showing(sender, offering, showing, changes, **kwargs) -> None:
    """Runs after the cancellation commits; the worker refunds (a full showing's tickets are
    not the producer's request's to wait for)."""
    if showing is not None and "is_cancelled" in changes and showing.is_cancelled:
        cancelled_showings_refund.enqueue()


def _paid_foyer_audience(sender, foyer, **kwargs):
    """A paid showing's foyer: its ticket holders come in (the producer's people and admins
    host it). Someone who buys while the foyer is open is let in on arrival."""
    offering = foyer.offering
    if offering.price_cents == 0:
        return None
    showing = foyer.showing

    def late_buyer(user) -> bool:
        return may_watch_paid(user, offering, showing, now=timezone.now())

    return foyer_ticket_holder_ids(offering, showing), frozenset(), late_buyer


def connect() -> None:
    published_offering_changed.connect(
        _refund_cancelled_showing, dispatch_uid="tickets_refund_cancelled"
    )
    foyer_audience_asked.connect(_paid_foyer_audience, dispatch_uid="tickets_paid_foyer")
