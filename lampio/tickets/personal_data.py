"""What the ledger keeps about a person, for "My data"."""

from django.db.models import Q

from lampio.accounts.personal_data import personal_data_section

from .models import LedgerAccount, LedgerEntry, Payment, Voucher


@personal_data_section("money")
def money(*, user, emails) -> dict:
    accounts = LedgerAccount.objects.filter(person=user)
    entries = (
        LedgerEntry.objects.filter(Q(account__in=accounts) | Q(transaction__actor=user))
        .select_related("transaction", "account")
        .order_by("transaction__created_at", "pk")
    )
    return {
        "balance_cents": sum(account.balance_cents for account in accounts),
        "payments": [
            {
                "time": payment.created_at,
                "cents": payment.amount_cents,
                "status": payment.status,
                "for_me": payment.person_id == user.pk,
                "paid_by_me": payment.paid_by_id == user.pk,
            }
            for payment in Payment.objects.filter(Q(person=user) | Q(paid_by=user))
        ],
        "culture_vouchers": [
            {"used": voucher.redeemed_at, "cents": voucher.batch.value_cents}
            for voucher in Voucher.objects.filter(redeemed_by=user).select_related("batch")
        ],
        "entries": [
            {
                "time": entry.transaction.created_at,
                "what": entry.transaction.kind,
                "account": entry.account.kind,
                "cents": entry.amount_cents,
                "done_by_me": entry.transaction.actor_id == user.pk,
            }
            for entry in entries
            if entry.account.person_id == user.pk or entry.transaction.actor_id == user.pk
        ],
    }


@personal_data_section("tickets")
def tickets(*, user, emails) -> list[dict]:
    from .models import Ticket

    held_or_bought = Ticket.objects.filter(Q(person=user) | Q(bought_by=user))
    return [
        {
            "performance": ticket.offering.title,
            "showing": ticket.showing.starts_at if ticket.showing else None,
            "price_cents": ticket.price_cents,
            "vat_cents": ticket.vat_cents,
            "valid_until": ticket.valid_until,
            "status": ticket.status,
            "bought": ticket.bought_at,
            "mine": ticket.person_id == user.pk,
            "bought_by_me": ticket.bought_by_id == user.pk,
        }
        for ticket in held_or_bought.select_related("offering", "showing")
    ]
