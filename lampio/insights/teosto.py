from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Max, QuerySet

from lampio.programme.models import Showing

from .figures import people
from .models import ShowingMinute, ViewingFact


def teosto_rows(offerings: QuerySet, *, start: datetime, end: datetime) -> list[list]:
    """One row per music livestream that began in [start, end). Revenue is the ticket price
    times the viewers (every offering is free until ticket sales come; the price is then 0).
    A revenue computed from fewer than five viewers would tell their number, so it is hidden
    as they are."""
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
    rows = []
    for showing in showings:
        count = viewers.get(showing.pk, 0)
        shown = people(count)
        price = Decimal(showing.offering.price_cents) / 100
        revenue = shown if shown.hidden else f"{price * Decimal(count):.2f}"
        rows.append(
            [
                showing.pk,
                showing.offering.title,
                showing.offering.producer.name,
                f"{showing.starts_at.astimezone(start.tzinfo):%Y-%m-%d %H:%M}",
                shown,
                people(peaks.get(showing.pk, 0)),
                f"{price:.2f}",
                revenue,
            ]
        )
    return rows
