"""What "My data" shows of a person's programme and reminders."""

from lampio.accounts.personal_data import personal_data_section

from .models import (
    CalendarFeed,
    DigestSent,
    PhoneNumber,
    ProgrammeEntry,
    ReminderSent,
    ReminderSettings,
    SeriesFollow,
    TextMessage,
)


@personal_data_section("programme")
def programme(*, user, emails) -> dict:
    choice = ReminderSettings.objects.filter(person=user).first()
    phone = PhoneNumber.objects.filter(person=user).first()
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
            "by_text_message": choice.by_text_message if choice else None,
            "weekly_digest": choice.weekly_digest if choice else None,
        },
        "every_week": [
            follow.offering.title
            for follow in SeriesFollow.objects.filter(person=user).select_related("offering")
        ],
        "series_added_for_others": SeriesFollow.objects.filter(added_by=user).count(),
        "mobile_number": {
            "number": phone.number,
            "confirmed": phone.verified_at,
        }
        if phone
        else None,
        "text_messages": [
            {"to": message.to, "text": message.text, "sent": message.created_at}
            for message in TextMessage.objects.filter(person=user)
        ],
        "weekly_digests_sent": list(
            DigestSent.objects.filter(person=user).values_list("week", flat=True)
        ),
        "reminders_sent": [
            {
                "kind": sent.kind,
                "channel": sent.channel,
                "sent": sent.sent_at,
                "showing": sent.showing_id,
            }
            for sent in ReminderSent.objects.filter(person=user)
        ],
        "calendar_feed": CalendarFeed.objects.filter(person=user).exists(),
    }
