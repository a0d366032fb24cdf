"""Municipal sponsorship: a coordinator pays for an offering (or one showing) for the
residents of their municipality, with a budget or a number of tickets."""

from django.db import transaction

from lampio.core.audit import audit_record
from lampio.core.refusals import RefusedError
from lampio.programme.models import Offering

from .models import Sponsorship
from .selectors import offered_in

LARGEST_BUDGET_CENTS = 10_000_000  # 100,000 €
LARGEST_TICKETS = 100_000


@transaction.atomic
def sponsorship_make(
    *,
    municipality,
    offering: Offering,
    showing=None,
    budget_cents: int | None,
    max_tickets: int | None,
    actor,
) -> Sponsorship:
    if budget_cents is None and max_tickets is None:
        raise RefusedError("tickets.sponsorship_limit")
    if (budget_cents is not None and not 1 <= budget_cents <= LARGEST_BUDGET_CENTS) or (
        max_tickets is not None and not 1 <= max_tickets <= LARGEST_TICKETS
    ):
        raise RefusedError("tickets.sponsorship_limit")
    if (
        offering.status != Offering.Status.PUBLISHED
        or offering.price_cents == 0
        or (showing is not None and showing.offering_id != offering.pk)
    ):
        raise RefusedError("tickets.not_for_sale")
    if not offered_in(offering, municipality):
        raise RefusedError("tickets.sponsorship_not_here")
    sponsorship = Sponsorship.objects.create(
        municipality=municipality,
        offering=offering,
        showing=showing,
        budget_cents=budget_cents,
        max_tickets=max_tickets,
        created_by=actor,
    )
    audit_record(
        action="tickets.sponsorship_made",
        actor=actor,
        municipality=municipality,
        target=offering,
        data={"municipality": municipality.name, "sponsorship": sponsorship.pk},
    )
    return sponsorship


@transaction.atomic
def sponsorship_end(*, sponsorship: Sponsorship, actor) -> Sponsorship:
    """No more tickets from it; those already taken stay."""
    sponsorship = Sponsorship.objects.select_for_update().get(pk=sponsorship.pk)
    if sponsorship.is_active:
        sponsorship.is_active = False
        sponsorship.save(update_fields=["is_active"])
        audit_record(
            action="tickets.sponsorship_ended",
            actor=actor,
            municipality=sponsorship.municipality,
            target=sponsorship.offering,
        )
    return sponsorship
