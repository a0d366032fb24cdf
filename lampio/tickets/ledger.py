"""The ledger: every movement of money is a transaction whose entries add up to zero, in
integer cents, written in one database transaction with the thing it pays for.

Accounts are locked in a fixed order (by id) before anything is written, so two purchases
from one balance are served one after the other and a prepaid balance never goes below zero
(also a database constraint). A repeated request with the same idempotency key gets the first
one's transaction back instead of moving money twice."""

from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Sum

from lampio.core.refusals import RefusedError

from .models import LedgerAccount, LedgerEntry, LedgerTransaction

# No single movement is larger than this (a million euros): a wrong number is refused early.
LARGEST_CENTS = 100_000_000


def _account(**owner) -> LedgerAccount:
    account = LedgerAccount.objects.filter(**owner).first()
    if account is not None:
        return account
    try:
        with transaction.atomic():
            return LedgerAccount.objects.create(**owner)
    except IntegrityError:  # made by a concurrent request a moment ago
        return LedgerAccount.objects.get(**owner)


def balance_account(person) -> LedgerAccount:
    return _account(kind=LedgerAccount.Kind.BALANCE, person=person)


def producer_account(producer) -> LedgerAccount:
    return _account(kind=LedgerAccount.Kind.PRODUCER, producer=producer)


def sponsorship_account(municipality) -> LedgerAccount:
    return _account(kind=LedgerAccount.Kind.SPONSORSHIP, municipality=municipality)


def platform_account(kind: str) -> LedgerAccount:
    """The provider, VAT and platform-fee accounts: one of each for the whole platform."""
    return _account(kind=kind, person=None, producer=None, municipality=None)


def _checked_amounts(lines: list[tuple[LedgerAccount, int]]) -> dict[int, int]:
    by_account: dict[int, int] = defaultdict(int)
    for account, amount in lines:
        if not isinstance(amount, int) or isinstance(amount, bool):
            raise TypeError(f"amounts are integer cents, not {type(amount).__name__}")
        if amount == 0 or abs(amount) > LARGEST_CENTS:
            raise ValueError(f"an entry of {amount} cents")
        by_account[account.pk] += amount
    if sum(by_account.values()) != 0:
        raise ValueError("the entries of a transaction must add up to zero")
    return {pk: amount for pk, amount in by_account.items() if amount}


@transaction.atomic
def ledger_post(
    *,
    kind: str,
    lines: list[tuple[LedgerAccount, int]],
    idempotency_key: str | None = None,
    memo: str = "",
    actor=None,
) -> LedgerTransaction:
    """Move money. Refused (nothing written) if a prepaid balance would go below zero."""
    amounts = _checked_amounts(lines)
    accounts = {
        account.pk: account
        for account in LedgerAccount.objects.select_for_update()
        .filter(pk__in=amounts)
        .order_by("pk")
    }
    # Checked after the locks: a concurrent copy of this request has committed by now.
    if idempotency_key:
        earlier = LedgerTransaction.objects.filter(idempotency_key=idempotency_key).first()
        if earlier is not None:
            return earlier
    for pk, amount in amounts.items():
        account = accounts[pk]
        if account.kind == LedgerAccount.Kind.BALANCE and account.balance_cents + amount < 0:
            raise RefusedError("tickets.balance_short")
    posted = LedgerTransaction.objects.create(
        kind=kind, idempotency_key=idempotency_key or None, memo=memo[:200], actor=actor
    )
    LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(transaction=posted, account_id=pk, amount_cents=amount)
            for pk, amount in amounts.items()
        ]
    )
    for pk, amount in amounts.items():
        LedgerAccount.objects.filter(pk=pk).update(balance_cents=F("balance_cents") + amount)
    return posted


@dataclass(frozen=True)
class LedgerCheck:
    total_cents: int
    unbalanced_transactions: list[int]
    accounts_off: list[tuple[int, int, int]]  # (account, kept balance, sum of entries)

    @property
    def sound(self) -> bool:
        return self.total_cents == 0 and not self.unbalanced_transactions and not self.accounts_off


def ledger_check() -> LedgerCheck:
    """Prove the books: all entries add up to zero, each transaction does, and every
    account's balance equals the sum of its entries."""
    total = LedgerEntry.objects.aggregate(total=Sum("amount_cents"))["total"] or 0
    unbalanced = list(
        LedgerEntry.objects.values("transaction")
        .annotate(total=Sum("amount_cents"))
        .exclude(total=0)
        .values_list("transaction", flat=True)
    )
    sums = dict(
        LedgerEntry.objects.values("account")
        .annotate(total=Sum("amount_cents"))
        .values_list("account", "total")
    )
    off = [
        (pk, kept, sums.get(pk, 0))
        for pk, kept in LedgerAccount.objects.values_list("pk", "balance_cents")
        if kept != sums.get(pk, 0)
    ]
    return LedgerCheck(total_cents=total, unbalanced_transactions=unbalanced, accounts_off=off)
