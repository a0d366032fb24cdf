"""What "My data" shows of a person's programme and reminders."""

from lampio.accounts.personal_data import personal_data_section

from .models import CalendarFeed, ProgrammeEntry, ReminderSent, ReminderSettings


@personal_data_section("programme")
def programme(*, user, emails) -> dict:
    choice = ReminderSettings.objects.filter(person=user).first()
    return {
        "showings": [
            {
                "performance": entry.showing.offering.title,
                "starts": entry.showing.starts_at,
                "added": entry.created_at,
                "added_by_a_helper": entry.added_by_id is not None,
            }
            for entry in ProgrammeEntry.objects.filter(person=user).select_related(
                "showing__offering"
            )
        ],
        "added_for_others": ProgrammeEntry.objects.filter(added_by=user).count(),
        "reminders": {
            "day_before": choice.day_before if choice else None,
            "thirty_minutes_before": choice.soon_before if choice else None,
        },
        "reminders_sent": [
            {"kind": sent.kind, "sent": sent.sent_at, "showing": sent.showing_id}
            for sent in ReminderSent.objects.filter(person=user)
        ],
        "calendar_feed": CalendarFeed.objects.filter(person=user).exists(),
    }
