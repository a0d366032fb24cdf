"""Adding showings to a person's programme, their reminder settings and calendar feed."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from lampio.core.audit import audit_record
from lampio.core.refusals import RefusedError
from lampio.core.tokens import token_new

from .models import CalendarFeed, ProgrammeEntry, ReminderSettings


@transaction.atomic
def programme_add(*, person, showing, actor, copy_to_helper: bool = False) -> ProgrammeEntry:
    """Put a showing in the person's programme ("Muistuta minua"). A helper acting for
    someone adds it for them (audited) and may ask for a copy of the reminders."""
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


def programme_remove(*, person, showing_id: int) -> bool:
    """Take a showing out of the programme (whatever has become of its offering since)."""
    removed, _ = ProgrammeEntry.objects.filter(person=person, showing_id=showing_id).delete()
    return bool(removed)


def reminder_settings_save(*, person, day_before: bool, soon_before: bool) -> ReminderSettings:
    settings, _created = ReminderSettings.objects.update_or_create(
        person=person, defaults={"day_before": day_before, "soon_before": soon_before}
    )
    return settings


def calendar_feed_renew(*, person) -> str:
    """A new secret address for the person's feed; the old one stops working."""
    token, hashed = token_new()
    CalendarFeed.objects.update_or_create(person=person, defaults={"token_hash": hashed})
    return token


def calendar_feed_revoke(*, person) -> None:
    CalendarFeed.objects.filter(person=person).delete()
