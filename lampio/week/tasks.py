from django.tasks import task

from lampio.core.scheduling import periodic_schedule

REMIND_EVERY_MINUTES = 5


@task()
def reminders_due_send() -> int:
    """Send the reminders that are due (every few minutes; each at most once)."""
    from lampio.accounts.links import login_links_sweep

    from .reminders import reminders_send

    sent = reminders_send()
    login_links_sweep()
    reminders_schedule()
    return sent


def reminders_schedule(*, now=None) -> bool:
    return periodic_schedule(reminders_due_send, every_minutes=REMIND_EVERY_MINUTES, now=now)


DIGEST_EVERY_MINUTES = 60


@task()
def digests_due_send() -> int:
    """Every hour; on Sunday afternoon the weekly digests go (each once per person and week)."""
    from .digest import digests_send

    sent = digests_send()
    digests_schedule()
    return sent


def digests_schedule(*, now=None) -> bool:
    return periodic_schedule(digests_due_send, every_minutes=DIGEST_EVERY_MINUTES, now=now)


@task()
def change_notices_deliver(showing_id: int, old_starts_at: str | None) -> int:
    """The notices of one change, by the worker (a national concert's programme may hold tens
    of thousands of people: never in the producer's request)."""
    from datetime import datetime

    from lampio.programme.models import Showing

    from .reminders import change_notices_send

    showing = Showing.objects.filter(pk=showing_id).first()
    if showing is None:
        return 0
    old = datetime.fromisoformat(old_starts_at) if old_starts_at else None
    return change_notices_send(showing=showing, old_starts_at=old)


@task()
def text_message_deliver_later(to: str, text: str, person_id: int | None) -> None:
    """A text message the provider did not take, tried once more by the worker."""
    from django.contrib.auth import get_user_model

    from .sms import sms_provider

    provider = sms_provider()
    if provider is None:
        return
    person = get_user_model().objects.filter(pk=person_id).first() if person_id else None
    provider.send(to=to, text=text, person=person)
