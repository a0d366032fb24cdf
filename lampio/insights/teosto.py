from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Max, QuerySet, Sum

from lampio.programme.models import Showing
from lampio.tickets.models import Ticket

from .figures import people
from .models import ShowingMinute, ViewingFact


def teosto_rows(offerings: QuerySet, *, start: datetime, end: datetime) -> list[list]:
    """One row per music livestream that began in [start, end), with its real ticket sales:
    the tickets to the showing that were not refunded (sponsored and group tickets included),
    and their revenue without VAT, which the licence fee is counted from. Viewers fewer than
    five are hidden; sales are the producer's own figures (their ticket list shows them)."""
    showings = (
        Showing.objects.filter(
            offering__in=offerings,
            offering__art_forms__slug="music",
            starts_at__gte=start,
            starts_at__lt=end,
            is_cancelled=False,
        )
        .exclude(stream_url="")
        .select_related("offering__producer")
        .distinct()
        .order_by("starts_at")
    )
    ids = [showing.pk for showing in showings]
    viewers = dict(
        ViewingFact.objects.filter(showing_id__in=ids)
        .values("showing_id")
        .annotate(n=Count("viewer", distinct=True))
        .values_list("showing_id", "n")
    )
    peaks = dict(
        ShowingMinute.objects.filter(showing_id__in=ids)
        .values("showing_id")
        .annotate(peak=Max("viewers"))
        .values_list("showing_id", "peak")
    )
    sales = {
        row["showing_id"]: row
        for row in Ticket.objects.filter(showing_id__in=ids, status=Ticket.Status.VALID)
        .values("showing_id")
        .annotate(sold=Count("pk"), gross=Sum("price_cents"), vat=Sum("vat_cents"))
    }
    rows = []
    for showing in showings:
        sold = sales.get(showing.pk, {"sold": 0, "gross": 0, "vat": 0})
        price = Decimal(showing.offering.price_cents) / 100
        revenue = Decimal(sold["gross"] - sold["vat"]) / 100
        rows.append(
            [
                showing.pk,
                showing.offering.title,
                showing.offering.producer.name,
                f"{showing.starts_at.astimezone(start.tzinfo):%Y-%m-%d %H:%M}",
                people(viewers.get(showing.pk, 0)),
                people(peaks.get(showing.pk, 0)),
                f"{price:.2f}",
                sold["sold"],
                f"{revenue:.2f}",
            ]
        )
    return rows
