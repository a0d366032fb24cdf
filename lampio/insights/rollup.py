"""The daily rollup: raw viewing events become facts that reports read.

A day is a day in Helsinki. Rolling up a day again replaces its facts, so the task can run
every hour over today and yesterday (late beacons are accepted for 24 hours) and give the
same result each time.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Count, Max, Min, Q, Sum
from django.db.models.functions import Cast, Coalesce, TruncMinute
from django.utils import timezone
from django.utils.crypto import salted_hmac

from lampio.accounts.models import User
from lampio.feedback.models import ViewingEvent
from lampio.feedback.telemetry import MAX_PLAYED_SECONDS
from lampio.programme.models import Offering

from .models import MonthlyReach, OfferingTotal, RollupRun, ShowingMinute, ViewingFact

Kind = ViewingEvent.Kind
PLAYER_KINDS = (Kind.PLAY, Kind.HEARTBEAT, Kind.COMPLETE)


def viewer_key(*, user_id: int | None, session) -> int:
    """A keyed hash that counts a person (or, without consent, a page) once, and cannot be
    turned back into who they are without the platform's secret key. 63 bits: collisions
    among a million viewers are about one in ten million."""
    source = f"u{user_id}" if user_id else f"s{session}"
    digest = salted_hmac("lampio.insights.viewer", source, algorithm="sha256").digest()
    return int.from_bytes(digest[:8], "big") >> 1


def day_bounds(day: date) -> tuple[datetime, datetime]:
    zone = ZoneInfo(settings.TIME_ZONE)
    start = datetime.combine(day, time.min, tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


@dataclass
class _Fact:
    watch_seconds: int = 0
    max_position: int = 0
    completed: bool = False
    stalls: int = 0
    quality_switches: int = 0
    in_foyer: bool = False
    foyer_messages: int = 0
    foyer_reactions: int = 0


@transaction.atomic
def day_rollup(day: date) -> int:
    """Replace the facts of one day; returns how many facts it holds."""
    start, end = day_bounds(day)
    events = ViewingEvent.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
    groups = events.values("offering_id", "showing_id", "user_id", "session", "device").annotate(
        played=Sum("value", filter=Q(kind__in=(Kind.HEARTBEAT, Kind.COMPLETE))),
        position=Max("position"),
        completions=Count("id", filter=Q(kind=Kind.COMPLETE)),
        stalls=Count("id", filter=Q(kind=Kind.STALL)),
        switches=Count("id", filter=Q(kind=Kind.QUALITY)),
        joins=Count("id", filter=Q(kind=Kind.FOYER_JOIN)),
        messages=Sum("value", filter=Q(kind=Kind.FOYER_MESSAGES)),
        reactions=Sum("value", filter=Q(kind=Kind.FOYER_REACTIONS)),
        first=Min("occurred_at"),
        last=Max("occurred_at"),
    )
    facts: dict[tuple, _Fact] = {}
    user_ids, offering_ids = set(), set()
    for row in groups:
        user_id = row["user_id"]
        key = (
            viewer_key(user_id=user_id, session=row["session"]),
            user_id,
            row["offering_id"],
            row["showing_id"],
            row["device"],
        )
        # Implausible sessions are discounted: no more playing than the wall clock allows
        # (a heartbeat reports at most MAX_PLAYED_SECONDS), and a page that neither played
        # nor came to the foyer is not a viewer.
        span = (row["last"] - row["first"]).total_seconds() + MAX_PLAYED_SECONDS
        played = min(row["played"] or 0, int(span))
        if played <= 0 and not row["joins"] and not row["completions"]:
            continue
        fact = facts.setdefault(key, _Fact())
        fact.watch_seconds += played
        fact.max_position = max(fact.max_position, int(row["position"] or 0))
        fact.completed |= bool(row["completions"])
        fact.stalls += row["stalls"]
        fact.quality_switches += row["switches"]
        fact.in_foyer |= bool(row["joins"])
        fact.foyer_messages += row["messages"] or 0
        fact.foyer_reactions += row["reactions"] or 0
        if user_id:
            user_ids.add(user_id)
        offering_ids.add(row["offering_id"])
    people = {
        pk: (municipality_id, band)
        for pk, municipality_id, band in User.objects.filter(pk__in=user_ids).values_list(
            "pk", "home_municipality_id", "birth_year_band"
        )
    }
    producers = dict(Offering.objects.filter(pk__in=offering_ids).values_list("pk", "producer_id"))
    ViewingFact.objects.filter(day=day).delete()
    rows = []
    for (viewer, user_id, offering_id, showing_id, device), fact in facts.items():
        if offering_id not in producers:
            continue  # the offering has been deleted since
        municipality_id, band = people.get(user_id, (None, ""))
        rows.append(
            ViewingFact(
                day=day,
                offering_id=offering_id,
                showing_id=showing_id,
                producer_id=producers[offering_id],
                municipality_id=municipality_id,
                age_band=band or "",
                device=device,
                viewer=viewer,
                identified=bool(user_id),
                **fact.__dict__,
            )
        )
    ViewingFact.objects.bulk_create(rows, batch_size=2000)
    _minutes_rollup(events, start, end)
    return len(rows)


def _minutes_rollup(events, start: datetime, end: datetime) -> None:
    person = Coalesce(Cast("user_id", CharField()), Cast("session", CharField()))
    per_minute = (
        events.filter(showing_id__isnull=False, kind__in=PLAYER_KINDS)
        .annotate(at=TruncMinute("occurred_at"))
        .values("showing_id", "at")
        .annotate(viewers=Count(person, distinct=True))
    )
    rows = [
        ShowingMinute(showing_id=row["showing_id"], minute=row["at"], viewers=row["viewers"])
        for row in per_minute
    ]
    ShowingMinute.objects.filter(minute__gte=start, minute__lt=end).delete()
    ShowingMinute.objects.bulk_create(rows, batch_size=2000)


def raw_events_purge(*, now: datetime) -> int:
    cutoff = now - timedelta(days=settings.TELEMETRY_RETENTION_DAYS)
    deleted, _ = ViewingEvent.objects.filter(occurred_at__lt=cutoff).delete()
    return deleted


def month_reach_refresh(month: date) -> None:
    """Recount the distinct people reached in one month (identified viewers only: only they
    tell where they live), per municipality and age band and for the whole country."""
    following = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    facts = ViewingFact.objects.filter(
        identified=True, municipality__isnull=False, day__gte=month, day__lt=following
    )
    everybody = MonthlyReach.ALL_BANDS
    rows = [
        MonthlyReach(month=month, municipality_id=town, age_band=band, viewers=n)
        for town, band, n in facts.values("municipality_id", "age_band")
        .annotate(n=Count("viewer", distinct=True))
        .values_list("municipality_id", "age_band", "n")
    ]
    rows += [
        MonthlyReach(month=month, municipality_id=town, age_band=everybody, viewers=n)
        for town, n in facts.values("municipality_id")
        .annotate(n=Count("viewer", distinct=True))
        .values_list("municipality_id", "n")
    ]
    rows += [
        MonthlyReach(month=month, municipality_id=None, age_band=band, viewers=n)
        for band, n in facts.values("age_band")
        .annotate(n=Count("viewer", distinct=True))
        .values_list("age_band", "n")
    ]
    total = facts.values("viewer").distinct().count()
    if total:
        rows.append(MonthlyReach(month=month, age_band=everybody, viewers=total))
    MonthlyReach.objects.filter(month=month).delete()
    MonthlyReach.objects.bulk_create(rows)


def offering_totals_refresh(offering_ids) -> None:
    totals = (
        ViewingFact.objects.filter(offering_id__in=offering_ids)
        .values("offering_id")
        .annotate(n=Count("viewer", distinct=True))
        .values_list("offering_id", "n")
    )
    OfferingTotal.objects.bulk_create(
        [OfferingTotal(offering_id=pk, viewers=n) for pk, n in totals],
        update_conflicts=True,
        unique_fields=["offering"],
        update_fields=["viewers"],
    )


def rollup_run(*, first_day: date, last_day: date, now: datetime | None = None) -> RollupRun:
    """Roll up every day from first_day to last_day, refresh the monthly reach and offering
    totals they touch, then delete raw events past retention."""
    now = now or timezone.now()
    run = RollupRun.objects.create(started_at=now, first_day=first_day, last_day=last_day)
    day = first_day
    months = set()
    while day <= last_day:
        run.facts += day_rollup(day)
        months.add(day.replace(day=1))
        day += timedelta(days=1)
    for month in sorted(months):
        month_reach_refresh(month)
    touched = ViewingFact.objects.filter(day__range=(first_day, last_day)).values("offering_id")
    offering_totals_refresh(touched.distinct())
    run.events_deleted = raw_events_purge(now=now)
    run.finished_at = timezone.now()
    run.save(update_fields=["facts", "events_deleted", "finished_at"])
    return run


def recent_days_rollup(*, now: datetime | None = None) -> RollupRun:
    """What the worker runs every hour: yesterday (for late beacons) and today, and every day
    since the last finished run if the worker has been away longer."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    first_day = today - timedelta(days=1)
    last = RollupRun.objects.filter(finished_at__isnull=False).order_by("-finished_at").first()
    if last is not None:
        oldest_kept = today - timedelta(days=settings.TELEMETRY_RETENTION_DAYS)
        first_day = max(min(first_day, last.last_day), oldest_kept)
    return rollup_run(first_day=first_day, last_day=today, now=now)
