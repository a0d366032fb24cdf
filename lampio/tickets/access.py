"""Who may watch a paid offering: the holders of a valid ticket, and the people who make or
review it (a preview needs no ticket). Free offerings are open to everyone, as before."""

from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from lampio.accounts.scoping import Scope

from .models import Ticket


def tickets_giving_access(offering, showing, now: datetime):
    """Valid tickets that let their holder watch `showing` (None: the offering's recording).
    A showing needs a ticket to it; the recording needs a ticket whose 30 days still run (a
    recording's own ticket, or a showing's ticket that includes its recording)."""
    tickets = Ticket.objects.filter(offering=offering, status=Ticket.Status.VALID)
    if showing is not None:
        return tickets.filter(showing=showing)
    return tickets.filter(valid_until__gt=now)


def may_preview(user, offering) -> bool:
    """The producer's people, the offering's reviewers and admins watch without a ticket."""
    scope = Scope.of(user)
    return scope.may_edit_offering(offering) or (
        scope.offerings_reviewable().filter(pk=offering.pk).exists()
    )


def may_watch_paid(user, offering, showing, *, now: datetime | None = None, person=None) -> bool:
    """May `user` (or the `person` they act for) watch this? Always for a free offering."""
    if offering.price_cents == 0:
        return True
    if not user.is_authenticated:
        return False
    holders = Q(person=user) if person is None else Q(person=user) | Q(person=person)
    now = now or timezone.now()
    if tickets_giving_access(offering, showing, now).filter(holders).exists():
        return True
    return may_preview(user, offering)


def foyer_ticket_holder_ids(offering, showing) -> frozenset[int]:
    return frozenset(
        tickets_giving_access(offering, showing, timezone.now()).values_list("person_id", flat=True)
    )
