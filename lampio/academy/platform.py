"""Course sessions on the platform itself: each is a live showing of the round's unlisted
course offering, watched on a page only the cohort and its trainers open, with a foyer only
they enter. Who came is read from the foyer's seats after the session."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from lampio.core.audit import audit_record
from lampio.foyer.models import Seat
from lampio.programme.models import Offering, Producer, Showing

from .models import Application, Attendance, RoundSession, TrainingRound

ACADEMY_PRODUCER_SLUG = "lampio-akatemia"
DOORS_OPEN_BEFORE = timedelta(minutes=15)


def _academy_producer() -> Producer:
    producer, _created = Producer.objects.get_or_create(
        slug=ACADEMY_PRODUCER_SLUG,
        defaults={"name": "Lämpiö-akatemia", "is_verified": True},
    )
    return producer


def course_offering(training_round: TrainingRound) -> Offering:
    """The round's unlisted live offering, made when its first platform session is."""
    if training_round.course_offering_id:
        return training_round.course_offering
    offering = Offering.objects.create(
        slug=f"akatemia-{training_round.pk}-{training_round.slug}"[:140],
        title=training_round.name_fi or training_round.name,
        title_fi=training_round.name_fi or training_round.name,
        title_sv=training_round.name_sv or "",
        title_en=training_round.name_en or "",
        summary=(training_round.description_fi or training_round.description)[:300],
        kind=Offering.Kind.LIVE,
        status=Offering.Status.PUBLISHED,
        is_listed=False,
        is_nationwide=True,
        producer=_academy_producer(),
        duration_minutes=120,
        published_at=timezone.now(),
    )
    training_round.course_offering = offering
    training_round.save(update_fields=["course_offering", "updated_at"])
    return offering


@transaction.atomic
def platform_session_prepare(*, session: RoundSession, stream_url: str) -> Showing:
    """Make (or move) the live showing a platform session is."""
    offering = course_offering(session.training_round)
    showing = session.showing
    if showing is None:
        showing = Showing(offering=offering)
    showing.starts_at = session.starts_at
    showing.ends_at = session.ends_at
    showing.doors_open_at = session.starts_at - DOORS_OPEN_BEFORE
    showing.stream_url = stream_url
    showing.is_cancelled = False
    showing.save()
    if session.showing_id != showing.pk:
        session.showing = showing
        session.save(update_fields=["showing"])
    return showing


def platform_session_end(*, session: RoundSession) -> None:
    """A session moved off the platform: its showing is cancelled (the foyer closes)."""
    if session.showing_id:
        Showing.objects.filter(pk=session.showing_id).update(is_cancelled=True)
        session.showing = None
        session.save(update_fields=["showing"])


def cohort_ids(training_round: TrainingRound) -> tuple[frozenset[int], frozenset[int]]:
    """(the cohort's people, the trainers) of a round."""
    members = frozenset(
        Application.objects.participants(training_round).values_list("applicant_id", flat=True)
    )
    trainers = frozenset(training_round.trainers.values_list("user_id", flat=True))
    return members, trainers


def attendance_from_foyer(*, session: RoundSession, now: datetime | None = None) -> int:
    """After a platform session: every participant who sat at a table of its foyer was
    there. A trainer's own marks are kept as they are."""
    from .course import completion_update

    now = now or timezone.now()
    if session.showing_id is None or session.ends_at > now:
        return 0
    training_round = session.training_round
    came = set(
        Seat.objects.filter(foyer__showing_id=session.showing_id).values_list("user_id", flat=True)
    )
    participants = list(
        Application.objects.participants(training_round).filter(applicant_id__in=came)
    )
    marked = set(session.attendances.values_list("application_id", flat=True))
    with transaction.atomic():
        Attendance.objects.bulk_create(
            [
                Attendance(session=session, application=application, present=True)
                for application in participants
                if application.pk not in marked
            ]
        )
        RoundSession.objects.filter(pk=session.pk).update(attendance_collected_at=now)
        audit_record(
            action="academy.attendance_from_foyer",
            target=training_round,
            data={"session": session.title, "present": len(participants)},
        )
    for application in participants:
        completion_update(application=application, now=now)
    return len(participants)


def attendance_collect_due(*, now: datetime | None = None) -> int:
    """Read attendance of every platform session that has ended and not been read yet."""
    now = now or timezone.now()
    due = RoundSession.objects.filter(
        showing__isnull=False, ends_at__lte=now, attendance_collected_at=None
    ).select_related("training_round")
    return sum(attendance_from_foyer(session=session, now=now) for session in due)
