"""Buying a ticket from the prepaid balance, and giving the money back."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from lampio.accounts.models import GroupHost
from lampio.core.audit import audit_record
from lampio.core.mail import templated_email_send
from lampio.core.refusals import RefusedError
from lampio.programme.models import Offering, Showing

from .ledger import (
    balance_account,
    ledger_post,
    platform_account,
    producer_account,
    sponsorship_account,
)
from .models import LedgerAccount, Sponsorship, Ticket

# A recording bought once may be watched for 30 days (the Teosto livestream licence allows
# recordings online for 30 days).
RECORDING_DAYS = 30


def vat_included(price_cents: int, basis_points: int) -> int:
    """The VAT inside a price that includes it, rounded to the nearest cent."""
    divisor = 10_000 + basis_points
    return (price_cents * basis_points + divisor // 2) // divisor


def fee_of(price_without_vat_cents: int) -> int:
    """The platform's fee from a price without VAT, rounded to the nearest cent."""
    return (price_without_vat_cents * settings.PLATFORM_FEE_BASIS_POINTS + 5_000) // 10_000


def _valid_ticket(person, offering: Offering, showing: Showing | None, now: datetime):
    tickets = Ticket.objects.filter(person=person, offering=offering, status=Ticket.Status.VALID)
    if showing is not None:
        return tickets.filter(showing=showing).first()
    return tickets.filter(showing=None, valid_until__gt=now).first()


def sale_refusal(
    offering: Offering, showing: Showing | None, now: datetime, *, group: bool = False
) -> str | None:
    """Why tickets to this are not sold (a refusal code), or None when they are."""
    if offering.status != Offering.Status.PUBLISHED or offering.price_cents == 0:
        return "tickets.not_for_sale"
    if group and (showing is None or offering.group_price_cents == 0):
        return "tickets.no_group_tickets"
    if showing is None:
        return None if offering.kind == Offering.Kind.RECORDING else "tickets.not_for_sale"
    if showing.offering_id != offering.pk or showing.is_cancelled or showing.ends_at <= now:
        return "tickets.not_for_sale"
    return None


def _valid_until(offering: Offering, showing: Showing | None, now: datetime):
    if showing is None:
        return now + timedelta(days=RECORDING_DAYS)
    if offering.ticket_includes_recording:
        return showing.ends_at + timedelta(days=RECORDING_DAYS)
    return None


@transaction.atomic
def ticket_buy(
    *,
    person,
    offering: Offering,
    showing: Showing | None = None,
    idempotency_key: str,
    bought_by=None,
    sponsorship: Sponsorship | None = None,
    group: bool = False,
    now: datetime | None = None,
) -> Ticket:
    """Pay a ticket from the balance. A ticket already held is returned, not bought again;
    a sold-out showing, a short balance or a free offering is refused with nothing written.
    The showing's row is locked while its seats are counted, so two buyers of the last seat
    are served one after the other. The price and VAT are copied onto the ticket, so a later
    price change never touches it. A helper (`bought_by`) buys for the person they help."""
    now = now or timezone.now()
    bought_by = bought_by or person
    if showing is not None:
        showing = Showing.objects.select_for_update().get(pk=showing.pk)
    if refusal := sale_refusal(offering, showing, now, group=group):
        raise RefusedError(refusal)
    if group and not GroupHost.objects.filter(user=person).exists():
        raise RefusedError("tickets.no_group_tickets")
    held = _valid_ticket(person, offering, showing, now)
    if held is not None:
        return held
    if showing is not None and showing.capacity is not None:
        sold = Ticket.objects.filter(showing=showing, status=Ticket.Status.VALID).count()
        if sold >= showing.capacity:
            raise RefusedError("tickets.sold_out")
    price, rate = (
        offering.group_price_cents if group else offering.price_cents,
        offering.vat_basis_points,
    )
    vat = vat_included(price, rate)
    if sponsorship is not None:
        sponsorship = _sponsorship_taken(sponsorship, person, offering, showing, price)
        payer = sponsorship_account(sponsorship.municipality)
    else:
        payer = balance_account(person)
    fee = fee_of(price - vat)
    lines = [(payer, -price), (producer_account(offering.producer), price - vat - fee)]
    if vat:
        lines.append((platform_account(LedgerAccount.Kind.VAT), vat))
    if fee:
        lines.append((platform_account(LedgerAccount.Kind.PLATFORM), fee))
    payment = ledger_post(
        kind="purchase",
        lines=lines,
        idempotency_key=f"ticket:{person.pk}:{idempotency_key}",
        memo=offering.title[:200],
        actor=bought_by,
    )
    earlier = Ticket.objects.filter(payment=payment).first()
    if earlier is not None:  # the same request again: its ticket
        return earlier
    ticket = Ticket.objects.create(
        person=person,
        offering=offering,
        showing=showing,
        price_cents=price,
        vat_cents=vat,
        vat_basis_points=rate,
        fee_cents=fee,
        valid_until=_valid_until(offering, showing, now),
        payment=payment,
        bought_by=bought_by,
        sponsorship=sponsorship,
        is_group=group,
    )
    if bought_by.pk != person.pk:
        audit_record(
            action="tickets.ticket_bought_for",
            actor=bought_by,
            subject=person,
            target=offering,
            data={"ticket": ticket.pk},
        )
    _receipt_send(ticket)
    return ticket


def _sponsorship_taken(
    sponsorship: Sponsorship, person, offering: Offering, showing: Showing | None, price: int
) -> Sponsorship:
    """One ticket's worth of the sponsorship, under its row lock (two residents taking the
    last sponsored ticket are served one after the other)."""
    sponsorship = Sponsorship.objects.select_for_update().get(pk=sponsorship.pk)
    fits = (
        sponsorship.is_active
        and sponsorship.offering_id == offering.pk
        and sponsorship.showing_id in (None, showing.pk if showing else None)
        and person.home_municipality_id == sponsorship.municipality_id
        and sponsorship.covers(price)
    )
    if not fits:
        raise RefusedError("tickets.sponsorship_used_up")
    sponsorship.used_cents += price
    sponsorship.used_tickets += 1
    sponsorship.save(update_fields=["used_cents", "used_tickets"])
    return sponsorship


def _ticket_url(ticket: Ticket) -> str:
    return settings.SITE_URL + reverse("tickets:ticket", args=[ticket.pk])


def _receipt_send(ticket: Ticket) -> None:
    """The receipt with its VAT itemised, to the ticket's holder (and a copy to the helper
    who bought it), sent once the purchase commits."""
    context = {
        "ticket": ticket,
        "offering": ticket.offering,
        "url": _ticket_url(ticket),
        "price_without_vat_cents": ticket.price_cents - ticket.vat_cents,
        "vat_percent": ticket.vat_basis_points / 100,
    }
    people = [ticket.person]
    if ticket.bought_by_id and ticket.bought_by_id != ticket.person_id:
        people.append(ticket.bought_by)
    for recipient in people:
        if recipient.email:
            templated_email_send(
                template_prefix="tickets/email/receipt",
                to=[recipient.email],
                context={**context, "recipient": recipient},
                language=recipient.language,
            )


@transaction.atomic
def ticket_refund(*, ticket: Ticket, actor=None, reason: str = "refund") -> Ticket:
    """The ticket's whole price back to the holder's balance: every line of its purchase
    reversed. A ticket already refunded is returned as it is."""
    ticket = (
        Ticket.objects.select_for_update().select_related("offering", "person").get(pk=ticket.pk)
    )
    if ticket.status == Ticket.Status.REFUNDED:
        return ticket
    reversed_lines = [
        (entry.account, -entry.amount_cents) for entry in ticket.payment.entries.all()
    ]
    ticket.refund = ledger_post(
        kind="refund",
        lines=reversed_lines,
        idempotency_key=f"refund:ticket:{ticket.pk}",
        memo=ticket.offering.title[:200],
        actor=actor,
    )
    ticket.status = Ticket.Status.REFUNDED
    ticket.save(update_fields=["status", "refund"])
    if ticket.sponsorship_id:  # the municipality's budget gets the ticket back
        Sponsorship.objects.filter(pk=ticket.sponsorship_id).update(
            used_cents=F("used_cents") - ticket.price_cents, used_tickets=F("used_tickets") - 1
        )
    if reason == "refund":
        audit_record(
            action="tickets.ticket_refunded",
            actor=actor,
            subject=ticket.person,
            target=ticket.offering,
            data={"ticket": ticket.pk, "amount": ticket.price_cents},
        )
    if ticket.person.email:
        templated_email_send(
            template_prefix=f"tickets/email/{reason}",
            to=[ticket.person.email],
            context={
                "ticket": ticket,
                "offering": ticket.offering,
                "recipient": ticket.person,
                "url": settings.SITE_URL + reverse("tickets:balance"),
            },
            language=ticket.person.language,
        )
    return ticket


def tickets_refund_cancelled(*, showing_id: int | None = None) -> int:
    """Every valid ticket of a cancelled showing back to its holder's balance, each in its
    own transaction, with a notice. Called when a showing is cancelled, and as a sweep by
    the background worker in case that call was lost."""
    tickets = Ticket.objects.filter(status=Ticket.Status.VALID, showing__is_cancelled=True)
    if showing_id is not None:
        tickets = tickets.filter(showing_id=showing_id)
    refunded = 0
    for ticket in tickets.order_by("pk"):
        ticket_refund(ticket=ticket, reason="cancelled")
        refunded += 1
    return refunded
