from django.tasks import task

from lampio.core.scheduling import periodic_schedule

REMIND_EVERY_MINUTES = 5


@task()
def reminders_due_send() -> int:
    """Send the reminders that are due (every few minutes; each at most once)."""
    from .reminders import reminders_send

    sent = reminders_send()
    reminders_schedule()
    return sent


def reminders_schedule(*, now=None) -> bool:
    return periodic_schedule(reminders_due_send, every_minutes=REMIND_EVERY_MINUTES, now=now)
