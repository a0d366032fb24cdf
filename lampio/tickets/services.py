"""Buying a ticket from the prepaid balance (the one-step purchase builds on this)."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from lampio.core.refusals import RefusedError
from lampio.programme.models import Offering, Showing

from .ledger import balance_account, ledger_post, platform_account, producer_account
from .models import LedgerAccount, Ticket

# A recording bought once may be watched for 30 days (the Teosto livestream licence allows
# recordings online for 30 days).
RECORDING_DAYS = 30


def vat_included(price_cents: int, basis_points: int) -> int:
    """The VAT inside a price that includes it, rounded to the nearest cent."""
    divisor = 10_000 + basis_points
    return (price_cents * basis_points + divisor // 2) // divisor


def _valid_ticket(person, offering: Offering, showing: Showing | None, now: datetime):
    tickets = Ticket.objects.filter(person=person, offering=offering, status=Ticket.Status.VALID)
    if showing is not None:
        return tickets.filter(showing=showing).first()
    return tickets.filter(showing=None, valid_until__gt=now).first()


@transaction.atomic
def ticket_buy(
    *,
    person,
    offering: Offering,
    showing: Showing | None = None,
    idempotency_key: str,
    now: datetime | None = None,
) -> Ticket:
    """Pay a ticket from the balance. A ticket already held is returned, not bought again;
    a sold-out showing, a short balance or a free offering is refused with nothing written.
    The showing's row is locked while its seats are counted, so two buyers of the last seat
    are served one after the other."""
    now = now or timezone.now()
    if offering.status != Offering.Status.PUBLISHED or offering.price_cents == 0:
        raise RefusedError("tickets.not_for_sale")
    if showing is not None:
        showing = Showing.objects.select_for_update().get(pk=showing.pk)
        if showing.offering_id != offering.pk or showing.is_cancelled or showing.ends_at <= now:
            raise RefusedError("tickets.not_for_sale")
    elif offering.kind != Offering.Kind.RECORDING:
        raise RefusedError("tickets.not_for_sale")
    held = _valid_ticket(person, offering, showing, now)
    if held is not None:
        return held
    if showing is not None and showing.capacity is not None:
        sold = Ticket.objects.filter(showing=showing, status=Ticket.Status.VALID).count()
        if sold >= showing.capacity:
            raise RefusedError("tickets.sold_out")
    price, rate = offering.price_cents, offering.vat_basis_points
    vat = vat_included(price, rate)
    lines = [(balance_account(person), -price), (producer_account(offering.producer), price - vat)]
    if vat:
        lines.append((platform_account(LedgerAccount.Kind.VAT), vat))
    payment = ledger_post(
        kind="purchase",
        lines=lines,
        idempotency_key=f"ticket:{person.pk}:{idempotency_key}",
        memo=offering.title[:200],
        actor=person,
    )
    earlier = Ticket.objects.filter(payment=payment).first()
    if earlier is not None:  # the same request again: its ticket
        return earlier
    return Ticket.objects.create(
        person=person,
        offering=offering,
        showing=showing,
        price_cents=price,
        vat_cents=vat,
        vat_basis_points=rate,
        valid_until=None if showing is not None else now + timedelta(days=RECORDING_DAYS),
        payment=payment,
    )
