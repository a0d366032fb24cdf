"""A producer's monthly statement: tickets sold, what sponsorship paid, refunds, VAT, the
platform's fee and what the producer earns, per offering and in total. Read from the tickets,
whose prices, VAT and fee were fixed when they were bought."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from .models import Ticket


@dataclass
class StatementLine:
    title: str
    sold: int = 0
    sold_cents: int = 0
    sponsored_cents: int = 0
    refunded: int = 0
    refunded_cents: int = 0
    vat_cents: int = 0
    fee_cents: int = 0

    @property
    def net_cents(self) -> int:
        """Sales less refunds, VAT included."""
        return self.sold_cents - self.refunded_cents

    @property
    def earned_cents(self) -> int:
        """What the producer earns: net sales less VAT and the platform's fee."""
        return self.net_cents - self.vat_cents - self.fee_cents


@dataclass
class Statement:
    month: date
    lines: list[StatementLine] = field(default_factory=list)

    @property
    def total(self) -> StatementLine:
        total = StatementLine(title="")
        for line in self.lines:
            for name in (
                "sold",
                "sold_cents",
                "sponsored_cents",
                "refunded",
                "refunded_cents",
                "vat_cents",
                "fee_cents",
            ):
                setattr(total, name, getattr(total, name) + getattr(line, name))
        return total


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month's first and next month's first moment, Helsinki time."""
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(first, time.min), zone),
        timezone.make_aware(datetime.combine(following, time.min), zone),
    )


def producer_statement(producer, month: date) -> Statement:
    """Sales count in the month they were bought; refunds in the month they were made, with
    their VAT and fee taken back."""
    start, end = month_bounds(month)
    lines: dict[int, StatementLine] = {}
    tickets = Ticket.objects.filter(offering__producer=producer).select_related("offering")
    for ticket in tickets.filter(bought_at__gte=start, bought_at__lt=end):
        line = lines.setdefault(ticket.offering_id, StatementLine(ticket.offering.title))
        line.sold += 1
        line.sold_cents += ticket.price_cents
        line.vat_cents += ticket.vat_cents
        line.fee_cents += ticket.fee_cents
        if ticket.sponsorship_id:
            line.sponsored_cents += ticket.price_cents
    for ticket in tickets.filter(
        refund__created_at__gte=start, refund__created_at__lt=end
    ).select_related("refund"):
        line = lines.setdefault(ticket.offering_id, StatementLine(ticket.offering.title))
        line.refunded += 1
        line.refunded_cents += ticket.price_cents
        line.vat_cents -= ticket.vat_cents
        line.fee_cents -= ticket.fee_cents
    return Statement(
        month=month.replace(day=1), lines=sorted(lines.values(), key=lambda line: line.title)
    )
