from django.db.models import Count, Q, QuerySet

from lampio.programme.models import Offering, Showing

from .access import tickets_giving_access
from .models import LedgerAccount, LedgerEntry, Payment, Sponsorship, Ticket, Voucher, VoucherBatch


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


def tickets_of(person) -> list[Ticket]:
    """The person's tickets ("Omat liput"): those still to use first, by time."""
    return list(
        Ticket.objects.filter(person=person)
        .select_related("offering", "showing", "bought_by")
        .order_by("-bought_at")
    )


def ticket_of(pk: int, person) -> Ticket | None:
    return (
        Ticket.objects.select_related(
            "offering", "offering__producer", "showing", "bought_by", "sponsorship__municipality"
        )
        .filter(pk=pk, person=person)
        .first()
    )


def showing_for_sale(offering, pk) -> Showing | None:
    return Showing.objects.filter(offering=offering, pk=pk).first()


def seats_left(showing: Showing) -> int | None:
    """Seats not yet sold (None: no limit)."""
    if showing.capacity is None:
        return None
    sold = Ticket.objects.filter(showing=showing, status=Ticket.Status.VALID).count()
    return max(showing.capacity - sold, 0)


def ticket_held(person, offering, showing, now) -> Ticket | None:
    return tickets_giving_access(offering, showing, now).filter(person=person).first()


def offering_tickets_sold(offering) -> list[Ticket]:
    """The studio's list of an offering's tickets, newest first."""
    return list(
        Ticket.objects.filter(offering=offering)
        .select_related("person", "showing")
        .order_by("-bought_at")[:500]
    )


def offering_ticket(offering, pk: int) -> Ticket | None:
    return Ticket.objects.select_related("person").filter(offering=offering, pk=pk).first()


def offered_in(offering, municipality) -> bool:
    return offering.is_nationwide or offering.municipalities.filter(pk=municipality.pk).exists()


def sponsorship_for(person, offering: Offering, showing) -> Sponsorship | None:
    """The sponsorship that gives this resident their ticket free, if one has room."""
    if not person.is_authenticated or person.home_municipality_id is None:
        return None
    candidates = Sponsorship.objects.select_related("municipality").filter(
        Q(showing=None) | Q(showing=showing) if showing is not None else Q(showing=None),
        is_active=True,
        offering=offering,
        municipality_id=person.home_municipality_id,
    )
    return next((s for s in candidates if s.covers(offering.price_cents)), None)


def sponsorships_of(municipality_ids) -> list[Sponsorship]:
    """The manage wing's sponsorships (None: every municipality's, for admins)."""
    found = Sponsorship.objects.select_related("municipality", "offering", "showing")
    if municipality_ids is not None:
        found = found.filter(municipality_id__in=municipality_ids)
    return list(found)


def sponsorship_in(pk: int, municipality_ids) -> Sponsorship | None:
    found = Sponsorship.objects.select_related("municipality", "offering").filter(pk=pk)
    if municipality_ids is not None:
        found = found.filter(municipality_id__in=municipality_ids)
    return found.first()


def sponsorable_offerings(municipality_ids):
    """Paid, published offerings offered in these municipalities (or nationwide)."""
    found = Offering.objects.filter(status=Offering.Status.PUBLISHED, price_cents__gt=0)
    if municipality_ids is not None:
        found = found.filter(Q(is_nationwide=True) | Q(municipalities__in=municipality_ids))
    return found.distinct().order_by("title")


def voucher_batches_of(municipality_ids) -> list[VoucherBatch]:
    found = VoucherBatch.objects.select_related("municipality").annotate(
        used=Count("vouchers", filter=Q(vouchers__redeemed_at__isnull=False))
    )
    if municipality_ids is not None:
        found = found.filter(municipality_id__in=municipality_ids)
    return list(found)


def voucher_batch_in(pk: int, municipality_ids) -> VoucherBatch | None:
    found = VoucherBatch.objects.select_related("municipality").filter(pk=pk)
    if municipality_ids is not None:
        found = found.filter(municipality_id__in=municipality_ids)
    return found.first()


def vouchers_of(batch) -> list[Voucher]:
    return list(batch.vouchers.select_related("redeemed_by").order_by("pk"))


def showings_upcoming_of(offering) -> QuerySet[Showing]:
    from django.utils import timezone

    return Showing.objects.filter(
        offering=offering, is_cancelled=False, ends_at__gt=timezone.now()
    ).order_by("starts_at")
