"""Topping up a balance through the payment provider, settled exactly once."""

import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from lampio.core.audit import audit_record
from lampio.core.refusals import RefusedError

from .ledger import balance_account, ledger_post, platform_account
from .models import LedgerAccount, Payment
from .providers import ProviderAnswer, default_provider, provider_named

TOP_UP_SMALLEST_CENTS = 500
TOP_UP_LARGEST_CENTS = 50_000
UNSETTLED_AFTER = timedelta(minutes=10)


def euros(cents: int, *, signed: bool = False) -> str:
    """12,00 € — as Finnish, Swedish and English readers here all write euros."""
    sign = "−" if cents < 0 else ("+" if signed and cents > 0 else "")
    cents = abs(cents)
    return f"{sign}{cents // 100},{cents % 100:02d} €"


def top_up_start(*, person, paid_by, amount_cents: int, return_url: str) -> tuple[Payment, str]:
    """A top-up waiting for its payment; returns where the payer's browser goes to pay."""
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
    )
    return payment, provider.start(payment=payment, return_url=return_url)


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
    payment.save(update_fields=["status", "settled_at", "ledger_transaction"])
    return payment


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
