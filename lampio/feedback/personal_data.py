"""What the feedback app keeps about a person, for "My data"."""

from lampio.accounts.personal_data import personal_data_section

from .models import Feedback, ViewingEvent, WatchHistory


@personal_data_section("watched")
def watched(*, user, emails) -> list[dict]:
    return [
        {
            "performance": entry.offering.title,
            "showing": entry.showing.starts_at if entry.showing else None,
            "last_watched": entry.last_watched_at,
        }
        for entry in WatchHistory.objects.filter(user=user).select_related("offering", "showing")
    ]


@personal_data_section("feedback")
def feedback(*, user, emails) -> list[dict]:
    return [
        {
            "performance": answer.offering.title,
            "showing": answer.showing.starts_at if answer.showing else None,
            "rating": answer.rating,
            "would_watch_again": answer.watch_again,
            "feeling_before": answer.mood_before,
            "feeling_after": answer.mood_after,
            "comment": answer.comment,
            "answers": answer.answers,
            "group_size": answer.group_size,
            "answered": answer.updated_at,
        }
        for answer in Feedback.objects.filter(user=user).select_related("offering", "showing")
    ]


@personal_data_section("viewing_events_linked")
def viewing_events(*, user, emails) -> int:
    """Viewing events are linked to a person only with consent; deleting the account unlinks
    them, and they are deleted after the retention time in any case."""
    return ViewingEvent.objects.filter(user=user).count()
