from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from lampio.core.tokens import token_hash, token_plausible
from lampio.programme.models import Showing
from lampio.programme.selectors import offered_in

from .models import CalendarFeed, PhoneNumber, ProgrammeEntry, ReminderSettings, SeriesFollow


def programme_of(person) -> QuerySet[ProgrammeEntry]:
    return ProgrammeEntry.objects.filter(person=person).select_related(
        "showing", "showing__offering"
    )


def programme_split(person, now: datetime | None = None) -> tuple[list, list]:
    """Oma ohjelma: upcoming first (soonest first), then the past (latest first)."""
    now = now or timezone.now()
    entries = list(programme_of(person).order_by("showing__starts_at"))
    upcoming = [e for e in entries if e.showing.ends_at >= now]
    past = [e for e in reversed(entries) if e.showing.ends_at < now][:20]
    return upcoming, past


def entry_of(person, showing) -> ProgrammeEntry | None:
    return ProgrammeEntry.objects.filter(person=person, showing=showing).first()


def phone_of(person) -> PhoneNumber | None:
    return PhoneNumber.objects.filter(person=person).first()


def series_of(person) -> list[SeriesFollow]:
    return list(
        SeriesFollow.objects.filter(person=person).select_related("offering").order_by("pk")
    )


def follows(person, offering) -> bool:
    return SeriesFollow.objects.filter(person=person, offering=offering).exists()


def is_series(offering) -> bool:
    """More than one coming showing: "every week" makes sense."""
    return (
        Showing.objects.filter(
            offering=offering, is_cancelled=False, ends_at__gt=timezone.now()
        ).count()
        > 1
    )


def reminder_settings_of(person) -> ReminderSettings | None:
    return ReminderSettings.objects.filter(person=person).first()


def showing_to_remember(pk: int) -> Showing | None:
    """A published, listed showing someone may add to their programme."""
    return (
        Showing.objects.select_related("offering")
        .filter(pk=pk, offering__status="published", offering__is_listed=True)
        .first()
    )


def active_person(pk: int):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk=pk, is_active=True).first()


def feed_person(token: str):
    if not token_plausible(token):
        return None
    feed = CalendarFeed.objects.select_related("person").filter(token_hash=token_hash(token))
    found = feed.first()
    return found.person if found and found.person.is_active else None


def feed_showings(person) -> list[Showing]:
    """The feed: the programme from a month back on (cancelled ones too, marked so)."""
    since = timezone.now() - timedelta(days=30)
    return [
        entry.showing
        for entry in programme_of(person)
        .filter(showing__ends_at__gte=since)
        .order_by("showing__starts_at")
    ]


def group_host_of(user):
    from lampio.accounts.models import GroupHost

    if not user.is_authenticated:
        return None
    return GroupHost.objects.select_related("municipality").filter(user=user).first()


def group_week(host, *, now: datetime | None = None, days: int = 7) -> list[Showing]:
    """The coming week's showings for a group: published and listed, offered in the unit's
    municipality (or nationwide); those suited to group viewing first, then by time."""
    now = now or timezone.now()
    showings = (
        Showing.objects.filter(
            offered_in(host.municipality_id, "offering__"),
            offering__status="published",
            offering__is_listed=True,
            is_cancelled=False,
            ends_at__gt=now,
            starts_at__lt=now + timedelta(days=days),
        )
        .select_related("offering")
        .distinct()
    )
    return sorted(showings, key=lambda s: (not s.offering.is_group_friendly, s.starts_at))


def group_plans_of(host):
    from .models import GroupPlan

    return list(
        GroupPlan.objects.filter(host=host)
        .select_related("showing", "showing__offering")
        .order_by("showing__starts_at")
    )


def group_plan_of(host, showing_pk: int):
    from .models import GroupPlan

    return (
        GroupPlan.objects.select_related("showing", "showing__offering")
        .filter(host=host, showing_id=showing_pk)
        .first()
    )


def group_showing(pk: int) -> Showing | None:
    return Showing.objects.select_related("offering").filter(pk=pk).first()
