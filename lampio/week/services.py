"""Adding showings to a person's programme, their reminder settings and calendar feed."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from lampio.core.audit import audit_record
from lampio.core.refusals import RefusedError
from lampio.core.tokens import token_new

from .models import CalendarFeed, ProgrammeEntry, ReminderSettings, SeriesFollow


@transaction.atomic
def programme_add(
    *, person, showing, actor, copy_to_helper: bool = False, every_week: bool = False
) -> ProgrammeEntry:
    """Put a showing in the person's programme ("Muistuta minua"), and with `every_week`
    every other coming showing of its series, those added later too. A helper acting for
    someone adds it for them (audited) and may ask for a copy of the reminders."""
    if every_week:
        series_follow(
            person=person, offering=showing.offering, actor=actor, copy_to_helper=copy_to_helper
        )
    if showing.is_cancelled:
        raise RefusedError("week.cancelled")
    if showing.ends_at <= timezone.now():
        raise RefusedError("week.past")
    helper = actor if actor.pk != person.pk else None
    try:
        with transaction.atomic():
            entry = ProgrammeEntry.objects.create(
                person=person,
                showing=showing,
                added_by=helper,
                copy_to_helper=bool(helper and copy_to_helper),
            )
    except IntegrityError:  # already there (a double tap): the same entry
        entry = ProgrammeEntry.objects.get(person=person, showing=showing)
        if helper and copy_to_helper and not entry.copy_to_helper:
            entry.added_by, entry.copy_to_helper = helper, True
            entry.save(update_fields=["added_by", "copy_to_helper"])
        return entry
    ReminderSettings.objects.get_or_create(person=person)
    if helper:
        audit_record(
            action="week.reminder_set_for",
            actor=helper,
            subject=person,
            target=showing.offering,
            data={"showing": showing.pk},
        )
    return entry


def series_follow(*, person, offering, actor, copy_to_helper: bool = False) -> SeriesFollow:
    helper = actor if actor.pk != person.pk else None
    follow, created = SeriesFollow.objects.get_or_create(
        person=person,
        offering=offering,
        defaults={"added_by": helper, "copy_to_helper": bool(helper and copy_to_helper)},
    )
    if created and helper:
        audit_record(
            action="week.series_followed_for", actor=helper, subject=person, target=offering
        )
    series_entries_add(follow=follow)
    return follow


def series_entries_add(*, follow: SeriesFollow) -> int:
    """The series' coming showings in the follower's programme; those already there stay as
    they are."""
    from lampio.programme.models import Showing

    showings = Showing.objects.filter(
        offering=follow.offering, is_cancelled=False, ends_at__gt=timezone.now()
    )
    created = ProgrammeEntry.objects.bulk_create(
        [
            ProgrammeEntry(
                person_id=follow.person_id,
                showing=one,
                added_by_id=follow.added_by_id,
                copy_to_helper=follow.copy_to_helper,
            )
            for one in showings
        ],
        ignore_conflicts=True,
    )
    ReminderSettings.objects.get_or_create(person_id=follow.person_id)
    return len(created)


def series_showing_spread(*, showing) -> int:
    """A showing added to a series: into every follower's programme, in one insert."""
    follows = SeriesFollow.objects.filter(offering_id=showing.offering_id)
    created = ProgrammeEntry.objects.bulk_create(
        [
            ProgrammeEntry(
                person_id=follow.person_id,
                showing=showing,
                added_by_id=follow.added_by_id,
                copy_to_helper=follow.copy_to_helper,
            )
            for follow in follows
        ],
        ignore_conflicts=True,
    )
    return len(created)


def series_unfollow(*, person, offering_id: int) -> bool:
    """Stop "every week": the series' coming showings leave the programme."""
    removed, _ = SeriesFollow.objects.filter(person=person, offering_id=offering_id).delete()
    ProgrammeEntry.objects.filter(
        person=person, showing__offering_id=offering_id, showing__starts_at__gt=timezone.now()
    ).delete()
    return bool(removed)


def programme_remove(*, person, showing_id: int) -> bool:
    """Take a showing out of the programme (whatever has become of its offering since)."""
    removed, _ = ProgrammeEntry.objects.filter(person=person, showing_id=showing_id).delete()
    return bool(removed)


def reminder_settings_save(*, person, **choices) -> ReminderSettings:
    """day_before, soon_before, by_text_message, weekly_digest: those given are saved."""
    settings, _created = ReminderSettings.objects.update_or_create(person=person, defaults=choices)
    return settings


def calendar_feed_renew(*, person) -> str:
    """A new secret address for the person's feed; the old one stops working."""
    token, hashed = token_new()
    CalendarFeed.objects.update_or_create(person=person, defaults={"token_hash": hashed})
    return token


def calendar_feed_revoke(*, person) -> None:
    CalendarFeed.objects.filter(person=person).delete()
