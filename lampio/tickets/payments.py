"""Topping up a balance through the payment provider, settled exactly once."""

import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from lampio.core.audit import audit_record
from lampio.core.refusals import RefusedError

from .ledger import balance_account, ledger_post, platform_account
from .models import LedgerAccount, Payment
from .providers import ProviderAnswer, ProviderUnreachable, default_provider, provider_named

TOP_UP_SMALLEST_CENTS = 500
TOP_UP_LARGEST_CENTS = 50_000
UNSETTLED_AFTER = timedelta(minutes=10)


def euros(cents: int, *, signed: bool = False) -> str:
    """12,00 € — as Finnish, Swedish and English readers here all write euros."""
    sign = "−" if cents < 0 else ("+" if signed and cents > 0 else "")
    cents = abs(cents)
    return f"{sign}{cents // 100},{cents % 100:02d} €"


def top_up_start(
    *, person, paid_by, amount_cents: int, return_url: str, for_ticket: dict | None = None
) -> tuple[Payment, str]:
    """A top-up waiting for its payment; returns where the payer's browser goes to pay.
    `for_ticket` (offering, showing, key): the ticket to buy once the money has come."""
    provider = default_provider()
    if provider is None:
        raise RefusedError("tickets.top_ups_off")
    if not TOP_UP_SMALLEST_CENTS <= amount_cents <= TOP_UP_LARGEST_CENTS:
        raise RefusedError(
            "tickets.top_up_amount",
            smallest=euros(TOP_UP_SMALLEST_CENTS),
            largest=euros(TOP_UP_LARGEST_CENTS),
        )
    payment = Payment.objects.create(
        reference=secrets.token_hex(16),
        provider=provider.name,
        person=person,
        paid_by=paid_by,
        amount_cents=amount_cents,
        for_offering=(for_ticket or {}).get("offering"),
        for_showing=(for_ticket or {}).get("showing"),
        for_ticket_key=(for_ticket or {}).get("key", ""),
    )
    try:
        return payment, provider.start(payment=payment, return_url=return_url)
    except ProviderUnreachable:
        payment.status = Payment.Status.FAILED
        payment.save(update_fields=["status"])
        raise RefusedError("tickets.provider_down") from None


@transaction.atomic
def payment_settle(
    *, provider: str, answer: ProviderAnswer, now: datetime | None = None
) -> Payment | None:
    """The provider's word on a payment (its return, its callback, or a status query). The
    first settles it; the same word again changes nothing."""
    payment = (
        Payment.objects.select_for_update(of=("self",))
        .select_related("person", "paid_by")
        .filter(reference=answer.reference, provider=provider)
        .first()
    )
    if payment is None or payment.status != Payment.Status.PENDING:
        return payment
    if answer.status == "paid":
        payment.ledger_transaction = ledger_post(
            kind="top_up",
            lines=[
                (platform_account(LedgerAccount.Kind.PROVIDER), -payment.amount_cents),
                (balance_account(payment.person), payment.amount_cents),
            ],
            idempotency_key=f"payment:{payment.reference}",
            memo=f"{provider} {payment.reference}",
            actor=payment.paid_by,
        )
        payment.status = Payment.Status.PAID
        if payment.for_offering_id:
            payment.ticket = _ticket_paid_by_card(payment)
        if payment.paid_by_id and payment.paid_by_id != payment.person_id:
            audit_record(
                action="tickets.balance_topped_up_for",
                actor=payment.paid_by,
                subject=payment.person,
                data={"amount": euros(payment.amount_cents)},
            )
    elif answer.status == "failed":
        payment.status = Payment.Status.FAILED
    else:
        return payment
    payment.settled_at = now or timezone.now()
    payment.save(update_fields=["status", "settled_at", "ledger_transaction", "ticket"])
    return payment


def _ticket_paid_by_card(payment: Payment):
    """The ticket the card payment was for, from the balance just topped up. If it can no
    longer be bought (sold out, cancelled meanwhile), the money stays on the balance."""
    from .services import ticket_buy

    try:
        with transaction.atomic():
            return ticket_buy(
                person=payment.person,
                offering=payment.for_offering,
                showing=payment.for_showing,
                idempotency_key=payment.for_ticket_key,
                bought_by=payment.paid_by,
            )
    except RefusedError:
        return None


def card_shortfall(price_cents: int, balance_cents: int) -> int:
    """What a card pays when the balance is short: the missing amount, at least the smallest
    top-up (the rest stays on the balance)."""
    return max(price_cents - balance_cents, TOP_UP_SMALLEST_CENTS)


def payments_settle_pending(*, now: datetime | None = None) -> int:
    """Ask the provider about payments whose return and callback never came."""
    now = now or timezone.now()
    settled = 0
    for payment in Payment.objects.filter(
        status=Payment.Status.PENDING, created_at__lte=now - UNSETTLED_AFTER
    ):
        status = provider_named(payment.provider).status(payment.reference)
        if status in ("paid", "failed"):
            payment_settle(
                provider=payment.provider,
                answer=ProviderAnswer(reference=payment.reference, status=status),
                now=now,
            )
            settled += 1
    return settled
