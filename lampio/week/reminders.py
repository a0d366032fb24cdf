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
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from lampio.accounts.models import LoginLink
from lampio.core.dates import format_time
from lampio.core.language import path_in_language
from lampio.core.mail import email_render, emails_deliver_many, templated_email_send
from lampio.core.tokens import token_new
from lampio.programme.models import Showing

from .models import ProgrammeEntry, ReminderSent
from .sms import text_message_send, text_messages_on

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
    ).select_related(
        "person",
        "person__reminder_settings",
        "person__phone_number",
        "showing__offering",
        "added_by",
    )
    for entry in upcoming:
        choice = getattr(entry.person, "reminder_settings", None)
        starts_at = entry.showing.starts_at
        if (choice is None or choice.soon_before) and now >= starts_at - SOON_BEFORE:
            yield entry, ReminderSent.Kind.SOON
        elif (choice is None or choice.day_before) and day_before(
            starts_at
        ) <= now < starts_at - DAY_BEFORE_UNTIL:
            yield entry, ReminderSent.Kind.DAY_BEFORE


def _claimed(person, showing, kind: str, version: int = 0, channel: str = "email") -> bool:
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                person=person, showing=showing, kind=kind, version=version, channel=channel
            )
    except IntegrityError:
        return False
    return True


def _claimed_many(due: list, channel: str = "email") -> list:
    """Claim a batch's reminders in one insert; if another worker claimed any of them, claim
    one by one and keep those that are still ours."""
    try:
        with transaction.atomic():
            ReminderSent.objects.bulk_create(
                [
                    ReminderSent(
                        person_id=entry.person_id,
                        showing_id=entry.showing_id,
                        kind=kind,
                        channel=channel,
                    )
                    for entry, kind in due
                ]
            )
    except IntegrityError:
        return [
            (entry, kind)
            for entry, kind in due
            if _claimed(entry.person, entry.showing, kind, channel=channel)
        ]
    return due


BATCH = 500
# Stand-ins for what differs between recipients, filled in after one rendering per language.
NAME_MARK, URL_MARK = "\ue000name\ue000", "\ue001url\ue001"


def reminders_send(*, now: datetime | None = None) -> int:
    """Send the reminders due now; returns how many went. In batches: one insert claims a
    batch, one insert makes its login links, each (showing, kind, language) is rendered once,
    and the mails go to the backend over one connection after the batch commits."""
    now = now or timezone.now()
    due = list(_due_entries(now))
    if not due:
        return 0
    already = set(
        ReminderSent.objects.filter(
            showing_id__in={entry.showing_id for entry, _kind in due}, version=0
        ).values_list("person_id", "showing_id", "kind", "channel")
    )
    due = [
        (e, k)
        for e, k in due
        if (e.person_id, e.showing_id, k, "email") not in already
        or (_wants_text(e) and (e.person_id, e.showing_id, k, "sms") not in already)
    ]
    rendered_once: dict = {}
    sent = 0
    for first in range(0, len(due), BATCH):
        sent += _send_batch(due[first : first + BATCH], rendered_once)
    return sent


def _wants_text(entry: ProgrammeEntry) -> bool:
    """Reminders by text message too: chosen, and the number confirmed by its code."""
    choice = getattr(entry.person, "reminder_settings", None)
    phone = getattr(entry.person, "phone_number", None)
    return bool(choice and choice.by_text_message and phone and phone.verified_at)


def _send_batch(due: list, rendered_once: dict) -> int:
    with transaction.atomic():
        claimed = _claimed_many(due)
        links = _watch_links([entry for entry, _kind in claimed])
        mails = [
            _reminder_for(entry, kind, links[entry.pk], rendered_once) for entry, kind in claimed
        ]
        copies = [(entry, kind) for entry, kind in claimed if entry.copy_to_helper]
        transaction.on_commit(lambda: emails_deliver_many(mails))
        for entry, kind in copies:
            _copy_to_helper(entry, kind)
        texts = _text_reminders([(e, k) for e, k in due if _wants_text(e)])
        transaction.on_commit(lambda: _texts_deliver(texts))
    return len(claimed)


def _text_reminders(due: list) -> list[dict]:
    """The same reminders as text messages (claimed on their own channel), each with its
    own one-tap link, in the person's language."""
    if not due or not text_messages_on():
        return []
    claimed = _claimed_many(due, channel="sms")
    links = _watch_links([entry for entry, _kind in claimed])
    texts = []
    for entry, kind in claimed:
        with translation.override(entry.person.language or settings.LANGUAGE_CODE):
            texts.append(
                {
                    "to": entry.person.phone_number.number,
                    "text": _text_reminder(entry.showing, kind, links[entry.pk]),
                    "person": entry.person,
                }
            )
    return texts


def _text_reminder(showing: Showing, kind: str, url: str) -> str:
    words = {"title": showing.offering.title, "time": format_time(showing.starts_at), "url": url}
    if kind == ReminderSent.Kind.SOON:
        return _("Lämpiö: %(title)s starts at %(time)s. Take part: %(url)s") % words
    return _("Lämpiö: %(title)s tomorrow at %(time)s. Take part: %(url)s") % words


def _texts_deliver(texts: list[dict]) -> None:
    for text in texts:
        text_message_send(**text)


TOKEN_MARK = "TOKENMARK"  # noqa: S105 - a stand-in replaced by each link's token


def _watch_links(entries: list) -> dict[int, str]:
    """One-tap links: each logs its person in once and opens the watch page, until the
    showing ends (an hour more). The paths are worked out once per offering and language (a
    national concert's round makes tens of thousands of links)."""
    now = timezone.now()
    links, rows = {}, []
    watch_paths: dict[tuple[str, str], str] = {}
    link_paths: dict[str, str] = {}
    for entry in entries:
        person, showing = entry.person, entry.showing
        language = person.language or "fi"
        slug = showing.offering.slug
        if (slug, language) not in watch_paths:
            watch_paths[slug, language] = path_in_language(
                reverse("media:watch", args=[slug]), language
            )
        if language not in link_paths:
            link_paths[language] = settings.SITE_URL + path_in_language(
                reverse("accounts:login_link", args=[TOKEN_MARK]), language
            )
        token, hashed = token_new()
        rows.append(
            LoginLink(
                user=person,
                token_hash=hashed,
                expires_at=max(showing.ends_at, now) + timedelta(hours=1),
                next_path=watch_paths[slug, language],
            )
        )
        links[entry.pk] = link_paths[language].replace(TOKEN_MARK, token)
    LoginLink.objects.bulk_create(rows)
    return links


def _reminder_for(entry: ProgrammeEntry, kind: str, url: str, rendered_once: dict) -> dict:
    """The person's reminder: the showing's mail in their language, rendered once and
    then given their name and link."""
    person, showing = entry.person, entry.showing
    language = person.language or settings.LANGUAGE_CODE
    key = (showing.pk, kind, language)
    if key not in rendered_once:
        rendered_once[key] = email_render(
            template_prefix="week/email/reminder",
            to=[],
            context={
                "recipient": {"name": NAME_MARK},
                "showing": showing,
                "offering": showing.offering,
                "kind": kind,
                "url": URL_MARK,
            },
            language=language,
        )
    template = rendered_once[key]
    return {
        "subject": template["subject"],
        "text": template["text"].replace(NAME_MARK, person.name).replace(URL_MARK, url),
        "html": template["html"]
        .replace(NAME_MARK, escape(person.name))
        .replace(URL_MARK, escape(url)),
        "to": [person.email],
    }


def _copy_to_helper(entry: ProgrammeEntry, kind: str) -> None:
    """A copy for the helper who asked ("Äiti katsoo tänään klo 14 Tuolijumppaa"), without
    the login link, which is the person's own."""
    helper, showing = entry.added_by, entry.showing
    if helper is None or not helper.email or not helper.is_active:
        return
    templated_email_send(
        template_prefix="week/email/reminder_copy",
        to=[helper.email],
        context={
            "recipient": helper,
            "person": entry.person,
            "showing": showing,
            "offering": showing.offering,
            "kind": kind,
            "url": settings.SITE_URL + reverse("programme:offering", args=[showing.offering.slug]),
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
