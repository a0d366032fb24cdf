from django.db.models import QuerySet

from .models import LedgerAccount, LedgerEntry, Payment


def balance_of(person) -> int:
    account = LedgerAccount.objects.filter(kind=LedgerAccount.Kind.BALANCE, person=person).first()
    return account.balance_cents if account else 0


def balance_history(person, limit: int = 50) -> QuerySet[LedgerEntry]:
    return (
        LedgerEntry.objects.filter(account__kind=LedgerAccount.Kind.BALANCE, account__person=person)
        .select_related("transaction")
        .order_by("-transaction__created_at", "-pk")[:limit]
    )


def payment_pending(reference: str, *, provider: str) -> Payment | None:
    return Payment.objects.filter(
        reference=reference, provider=provider, status=Payment.Status.PENDING
    ).first()
