from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from lampio.accounts.models import GroupHost, User
from lampio.core.refusals import RefusedError
from lampio.programme.models import Offering, Showing

from .models import Feedback, FeedbackQuestion, ViewingEvent, WatchHistory
from .selectors import viewing_target
from .telemetry import KIND_BY_NAME, BatchIn


@dataclass(frozen=True)
class RecordResult:
    stored: int
    duplicates: int


def viewing_events_record(
    *, batch: BatchIn, user: User | None, device: int, now: datetime
) -> RecordResult:
    """Store a validated batch once. Events already stored (the same page's seq) are skipped.
    The person is linked only with their consent to viewing statistics; their own watch
    history is kept either way."""
    target = viewing_target(batch.offering, batch.showing)
    if target is None:
        raise RefusedError("feedback.beacon_unknown_offering")
    offering_id, showing_id = target
    seqs = [event.seq for event in batch.events]
    stored_seqs = set(
        ViewingEvent.objects.filter(session=batch.session, seq__in=seqs).values_list(
            "seq", flat=True
        )
    )
    identified = user is not None and user.is_authenticated
    linked_user_id = user.pk if identified and user.analytics_consent_at else None
    tz = now.tzinfo
    rows = [
        ViewingEvent(
            session=batch.session,
            seq=event.seq,
            user_id=linked_user_id,
            offering_id=offering_id,
            showing_id=showing_id,
            kind=KIND_BY_NAME[event.kind],
            device=device,
            occurred_at=datetime.fromtimestamp(event.t / 1000, tz=tz),
            position=event.position,
            value=event.value,
        )
        for event in batch.events
        if event.seq not in stored_seqs
    ]
    # A concurrent copy of the same batch may win the race: the constraint keeps it once.
    ViewingEvent.objects.bulk_create(rows, ignore_conflicts=True)
    if identified and any(row.kind == ViewingEvent.Kind.PLAY for row in rows):
        watch_history_note(user=user, offering_id=offering_id, showing_id=showing_id, when=now)
    return RecordResult(stored=len(rows), duplicates=len(batch.events) - len(rows))


def watch_history_note(
    *, user: User, offering_id: int, showing_id: int | None, when: datetime
) -> None:
    keys = {"user": user, "offering_id": offering_id, "showing_id": showing_id}
    WatchHistory.objects.update_or_create(**keys, defaults={"last_watched_at": when})


@dataclass(frozen=True)
class FeedbackAnswer:
    rating: int
    watch_again: bool | None = None
    mood_before: int | None = None
    mood_after: int | None = None
    comment: str = ""
    answers: dict | None = None
    group_size: int | None = None


@transaction.atomic
def feedback_submit(
    *, user: User, offering: Offering, showing: Showing | None, answer: FeedbackAnswer
) -> Feedback:
    """Save a person's feedback; answering again replaces their earlier answer."""
    group_host = GroupHost.objects.filter(user=user).select_related("municipality").first()
    group_size = answer.group_size if group_host is not None else None
    municipality_id = (
        group_host.municipality_id
        if group_host is not None and group_size
        else user.home_municipality_id
    )
    feedback, _created = Feedback.objects.update_or_create(
        user=user,
        offering=offering,
        showing=showing,
        defaults={
            "rating": answer.rating,
            "watch_again": answer.watch_again,
            "mood_before": answer.mood_before,
            "mood_after": answer.mood_after,
            "comment": answer.comment.strip(),
            "answers": answer.answers or {},
            "group_size": group_size,
            "municipality_id": municipality_id,
        },
    )
    watch_history_note(
        user=user,
        offering_id=offering.pk,
        showing_id=showing.pk if showing else None,
        when=feedback.updated_at,
    )
    return feedback


def feedback_rating_set(
    *, user: User, offering: Offering, showing: Showing | None, rating: int
) -> Feedback:
    """One tap on a face: the rating changes, the rest of an earlier answer stays."""
    earlier = Feedback.objects.filter(user=user, offering=offering, showing=showing).first()
    kept = (
        {
            "watch_again": earlier.watch_again,
            "mood_before": earlier.mood_before,
            "mood_after": earlier.mood_after,
            "comment": earlier.comment,
            "answers": earlier.answers,
            "group_size": earlier.group_size,
        }
        if earlier
        else {}
    )
    return feedback_submit(
        user=user,
        offering=offering,
        showing=showing,
        answer=FeedbackAnswer(rating=rating, **kept),
    )


def mood_before_note(*, user: User, offering: Offering, showing: Showing | None, mood: int) -> None:
    """The feeling before the performance, asked as it begins; the card asks the rest."""
    Feedback.objects.update_or_create(
        user=user,
        offering=offering,
        showing=showing,
        defaults={"mood_before": mood},
        create_defaults={"mood_before": mood, "municipality_id": user.home_municipality_id},
    )


@transaction.atomic
def feedback_questions_save(*, offering: Offering, questions: list[dict]) -> None:
    """Set an offering's extra questions (at most three, in the order given). Answers are
    kept by position, so a question changed later keeps the answers given to it."""
    if len(questions) > 3:
        raise ValueError("at most three questions")
    for position, fields in enumerate(questions, start=1):
        FeedbackQuestion.objects.update_or_create(
            offering=offering, position=position, defaults=fields
        )
    FeedbackQuestion.objects.filter(offering=offering, position__gt=len(questions)).delete()
