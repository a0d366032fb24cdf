"""The course: the cohort, its sessions' materials and attendance, the pilot performance and
completion. The cohort is the round's selected participants; trainers (and admins) run it."""

from datetime import datetime

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from lampio.accounts.models import ProducerMembership
from lampio.accounts.scoping import Scope
from lampio.core.audit import audit_record
from lampio.core.refusals import RefusedError
from lampio.core.slugs import unique_slug
from lampio.programme.models import Offering, Producer
from lampio.programme.services import producer_create

from .models import Application, Attendance, RoundSession, SessionMaterial, TrainingRound

PILOT_TITLE = "Pilottiesitys"  # a working title the participant replaces in the studio


def cohort(training_round: TrainingRound) -> QuerySet[Application]:
    """The round's participants with the sessions they attended."""
    return (
        Application.objects.participants(training_round)
        .select_related("applicant", "selected_for")
        .annotate(attended=Count("attendances", filter=Q(attendances__present=True)))
        .order_by("applicant__name")
    )


def may_train(user, training_round: TrainingRound) -> bool:
    scope = Scope.of(user)
    return scope.is_platform_admin or training_round.pk in scope.trained_round_ids


def _require_trainer(user, training_round: TrainingRound) -> None:
    if not may_train(user, training_round):
        raise RefusedError("academy.not_your_course")


@transaction.atomic
def material_add(
    *, session: RoundSession, actor, title: str, kind: str, url: str = "", file=None, text: str = ""
) -> SessionMaterial:
    _require_trainer(actor, session.training_round)
    if kind not in SessionMaterial.Kind.values:
        raise ValueError(f"unknown kind {kind!r}")
    material = SessionMaterial(session=session, title=title, kind=kind, url=url, text=text)
    if kind == SessionMaterial.Kind.FILE and file is not None:
        material.file.save(file.name, file, save=False)
    material.save()
    return material


@transaction.atomic
def session_update(*, session: RoundSession, form, actor) -> RoundSession:
    """How a session is held and its address (the trainer's SessionForm); a session on the
    platform is a live showing of the round's course offering."""
    from .platform import platform_session_end, platform_session_prepare

    _require_trainer(actor, session.training_round)
    session = form.save()
    if session.mode == RoundSession.Mode.PLATFORM:
        platform_session_prepare(session=session, stream_url=form.cleaned_data["stream_url"])
    else:
        platform_session_end(session=session)
    return session


@transaction.atomic
def attendance_record(
    *, session: RoundSession, present_ids: set[int], actor, now: datetime | None = None
) -> int:
    """The trainer's list of who was there: every participant is marked present or not."""
    training_round = session.training_round
    _require_trainer(actor, training_round)
    participants = list(cohort(training_round))
    for application in participants:
        Attendance.objects.update_or_create(
            session=session,
            application=application,
            defaults={"present": application.pk in present_ids, "recorded_by": actor},
        )
    present = sum(1 for a in participants if a.pk in present_ids)
    audit_record(
        action="academy.attendance_recorded",
        actor=actor,
        target=training_round,
        data={"session": session.title, "present": present},
    )
    for application in participants:
        completion_update(application=application, now=now)
    return present


def _participant_producer(application: Application, actor) -> Producer:
    membership = (
        ProducerMembership.objects.filter(user=application.applicant)
        .select_related("producer")
        .order_by("created_at")
        .first()
    )
    if membership is not None:
        return membership.producer
    name = application.organisation_name or application.applicant.name or str(application.applicant)
    producer = producer_create(name=name, home_municipality=application.selected_for, actor=actor)
    ProducerMembership.objects.create(user=application.applicant, producer=producer)
    return producer


@transaction.atomic
def pilot_start(*, application: Application, actor) -> Offering:
    """The participant's pilot: a draft in the studio of their own organisation (one is made
    for a freelancer), marked as the round's pilot. Starting again opens the same one."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.applicant_id != actor.pk or application.selected_for_id is None:
        raise RefusedError("academy.not_your_course")
    existing = application.pilot_offerings.order_by("created_at").first()
    if existing is not None:
        return existing
    producer = _participant_producer(application, actor)
    offering = Offering.objects.create(
        slug=unique_slug(
            Offering,
            f"pilotti-{application.training_round.slug}-{application.pk}",
            fallback="pilotti",
        ),
        title=PILOT_TITLE,
        title_fi=PILOT_TITLE,
        summary="",
        kind=Offering.Kind.RECORDING,
        producer=producer,
        duration_minutes=30,
        status=Offering.Status.DRAFT,
    )
    if application.selected_for_id:
        offering.municipalities.set([application.selected_for_id])
    application.pilot_offerings.add(offering)
    audit_record(action="academy.pilot_started", actor=actor, target=offering)
    return offering


@transaction.atomic
def pilot_join(*, application: Application, offering: Offering, actor) -> None:
    """A pilot made by a group: the trainer adds a participant to another participant's
    pilot; they join its organisation in the studio and complete with it."""
    training_round = application.training_round
    _require_trainer(actor, training_round)
    is_round_pilot = Application.objects.filter(
        training_round=training_round, pilot_offerings=offering
    ).exists()
    if not is_round_pilot or application.selected_for_id is None:
        raise RefusedError("academy.not_your_course")
    application.pilot_offerings.add(offering)
    ProducerMembership.objects.get_or_create(user=application.applicant, producer=offering.producer)
    audit_record(
        action="academy.pilot_joined",
        actor=actor,
        subject=application.applicant,
        target=offering,
    )
    completion_update(application=application)


def completion_update(*, application: Application, now: datetime | None = None) -> bool:
    """Complete a participant who attended enough sessions and whose pilot is published:
    their pilot's producer becomes verified (publishes without review). Once only."""
    if application.completed_at or application.selected_for_id is None:
        return False
    training_round = application.training_round
    attended = application.attendances.filter(present=True).count()
    published = application.pilot_offerings.filter(status=Offering.Status.PUBLISHED)
    if attended < training_round.minimum_attendance or not published.exists():
        return False
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.completed_at:
            return False
        locked.completed_at = now or timezone.now()
        locked.save(update_fields=["completed_at", "updated_at"])
        application.completed_at = locked.completed_at
        audit_record(
            action="academy.participant_completed",
            subject=locked.applicant,
            municipality=locked.selected_for,
            target=training_round,
        )
        producers = Producer.objects.filter(pk__in=published.values("producer_id"))
        for producer in producers.filter(is_verified=False):
            producer.is_verified = True
            producer.save(update_fields=["is_verified", "updated_at"])
            audit_record(
                action="academy.producer_verified",
                subject=locked.applicant,
                municipality=producer.home_municipality,
                target=producer,
            )
    return True
