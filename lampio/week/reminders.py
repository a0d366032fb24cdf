"""Reminders and change notices by email, each sent at most once per person, showing and
kind (a ReminderSent row is written first: its unique key is the claim, so two workers
never send the same one).

- "The day before": from the same local time the day before (Helsinki time, so a DST change
  between the two days moves it with the clock), until two hours before the start.
- "30 minutes before": from 30 minutes before until the start.
Both carry a one-tap link that logs the person in and opens the watch page."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from lampio.accounts.links import login_link_create
from lampio.core.language import path_in_language
from lampio.core.mail import templated_email_send
from lampio.programme.models import Showing

from .models import ProgrammeEntry, ReminderSent

SOON_BEFORE = timedelta(minutes=30)
DAY_BEFORE_UNTIL = timedelta(hours=2)  # not "tomorrow" any more after this


def day_before(starts_at: datetime) -> datetime:
    """The same local time the day before."""
    local = timezone.localtime(starts_at)
    return timezone.make_aware(local.replace(tzinfo=None) - timedelta(days=1))


def _due_entries(now: datetime):
    """Programme entries with a reminder due now, with the kind that is due."""
    upcoming = ProgrammeEntry.objects.filter(
        showing__is_cancelled=False,
        showing__starts_at__gt=now,
        showing__starts_at__lte=now + timedelta(hours=26),
        showing__offering__status="published",
        person__is_active=True,
        person__email__gt="",
    ).select_related("person", "person__reminder_settings", "showing__offering", "added_by")
    for entry in upcoming:
        choice = getattr(entry.person, "reminder_settings", None)
        starts_at = entry.showing.starts_at
        if (choice is None or choice.soon_before) and now >= starts_at - SOON_BEFORE:
            yield entry, ReminderSent.Kind.SOON
        elif (choice is None or choice.day_before) and day_before(
            starts_at
        ) <= now < starts_at - DAY_BEFORE_UNTIL:
            yield entry, ReminderSent.Kind.DAY_BEFORE


def _claimed(person, showing, kind: str, version: int = 0) -> bool:
    try:
        with transaction.atomic():
            ReminderSent.objects.create(person=person, showing=showing, kind=kind, version=version)
    except IntegrityError:
        return False
    return True


def reminders_send(*, now: datetime | None = None) -> int:
    """Send the reminders due now; returns how many went."""
    now = now or timezone.now()
    sent = 0
    for entry, kind in _due_entries(now):
        with transaction.atomic():
            if not _claimed(entry.person, entry.showing, kind):
                continue
            _reminder_mail(entry, kind)
        sent += 1
    return sent


def _watch_link(person, showing) -> str:
    """A one-tap link: logs the person in and opens the watch page (until the showing ends)."""
    watch = path_in_language(
        reverse("media:watch", args=[showing.offering.slug]), person.language or "fi"
    )
    valid_for = showing.ends_at - timezone.now() + timedelta(hours=1)
    token = login_link_create(user=person, next_path=watch, valid_for=valid_for)
    return settings.SITE_URL + reverse("accounts:login_link", args=[token])


def _reminder_mail(entry: ProgrammeEntry, kind: str) -> None:
    showing, person = entry.showing, entry.person
    context = {
        "recipient": person,
        "person": person,
        "showing": showing,
        "offering": showing.offering,
        "kind": kind,
        "url": _watch_link(person, showing),
    }
    templated_email_send(
        template_prefix="week/email/reminder",
        to=[person.email],
        context=context,
        language=person.language,
    )
    helper = entry.added_by
    if entry.copy_to_helper and helper is not None and helper.email and helper.is_active:
        templated_email_send(
            template_prefix="week/email/reminder_copy",
            to=[helper.email],
            context={
                **context,
                "recipient": helper,
                "url": settings.SITE_URL
                + reverse("programme:offering", args=[showing.offering.slug]),
            },
            language=helper.language,
        )


def change_notices_send(*, showing: Showing, old_starts_at: datetime | None) -> int:
    """One notice to everyone with the showing in their programme and every ticket holder,
    per version of the showing: the old and the new time in plain words, or that it is
    cancelled (ticket holders learn that from their refund's mail instead)."""
    from lampio.tickets.models import Ticket

    showing = Showing.objects.select_related("offering").get(pk=showing.pk)
    people = {
        entry.person
        for entry in ProgrammeEntry.objects.filter(showing=showing).select_related("person")
    }
    holders = {
        ticket.person
        for ticket in Ticket.objects.filter(showing=showing).select_related("person")
        if ticket.status == Ticket.Status.VALID or showing.is_cancelled
    }
    if showing.is_cancelled:
        # Ticket holders get the cancellation with their refund (tickets app): one mail.
        people -= holders
    else:
        people |= holders
    sent = 0
    for person in sorted(people, key=lambda p: p.pk):
        if not person.is_active or not person.email:
            continue
        with transaction.atomic():
            if not _claimed(person, showing, ReminderSent.Kind.CHANGED, showing.sequence):
                continue
            templated_email_send(
                template_prefix="week/email/changed",
                to=[person.email],
                context={
                    "recipient": person,
                    "showing": showing,
                    "offering": showing.offering,
                    "old_starts_at": old_starts_at,
                    "url": settings.SITE_URL
                    + reverse("programme:offering", args=[showing.offering.slug]),
                },
                language=person.language,
            )
        sent += 1
    return sent
