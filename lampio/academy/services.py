"""The academy's writes: applying, selecting within the municipalities' seats, and telling
the applicants. Every decision is audited; mails go after commit (core.mail)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lampio.accounts.scoping import Scope
from lampio.core.audit import audit_record
from lampio.core.dates import format_when
from lampio.core.mail import templated_email_send
from lampio.core.refusals import RefusedError
from lampio.core.slugs import unique_slug
from lampio.municipalities.models import Municipality
from lampio.programme.models import ArtForm, SpokenLanguage

from .models import Application, Assessment, RoundSeats, TrainingRound


@dataclass
class ApplicationIn:
    works_as: str = ""
    organisation_name: str = ""
    experience: str = ""
    wish: str = ""
    municipalities: list[Municipality] = field(default_factory=list)
    art_forms: list[ArtForm] = field(default_factory=list)
    languages: list[SpokenLanguage] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)


def _missing_for_sending(application: Application) -> list[str]:
    missing = []
    if not application.municipalities.exists():
        missing.append(_("the municipality where you work"))
    if not application.works_as:
        missing.append(_("whether you work in an organisation or as a freelancer"))
    if application.works_as == Application.WorksAs.ORGANISATION and not (
        application.organisation_name.strip()
    ):
        missing.append(_("the name of your organisation"))
    if not application.art_forms.exists():
        missing.append(_("your art forms"))
    if not application.languages.exists():
        missing.append(_("the languages you work in"))
    if not application.experience.strip():
        missing.append(_("your experience with older audiences"))
    if not application.wish.strip():
        missing.append(_("what you would like to produce"))
    for question in application.training_round.questions.all():
        if not str(application.answers.get(str(question.pk), "")).strip():
            missing.append(question.text)
    return missing


@transaction.atomic
def application_save(
    *,
    training_round: TrainingRound,
    applicant,
    data: ApplicationIn,
    send: bool,
    now: datetime | None = None,
) -> Application:
    """Save the person's one application to the round as a draft, and send it if asked.
    Nothing can be saved before the call opens; after the deadline a draft is kept as it
    was and cannot be sent."""
    now = now or timezone.now()
    training_round = TrainingRound.objects.select_for_update().get(pk=training_round.pk)
    if now < training_round.applications_open_at:
        raise RefusedError(
            "academy.not_open_yet", when=format_when(training_round.applications_open_at)
        )
    if now > training_round.applications_close_at:
        raise RefusedError(
            "academy.deadline_passed", when=format_when(training_round.applications_close_at)
        )
    application = (
        Application.objects.select_for_update()
        .filter(training_round=training_round, applicant=applicant)
        .first()
    )
    if application is None:
        application = Application(training_round=training_round, applicant=applicant)
    elif application.status == Application.Status.SENT:
        raise RefusedError("academy.already_sent")
    elif application.status == Application.Status.WITHDRAWN:
        raise RefusedError("academy.withdrawn")
    question_ids = {str(pk) for pk in training_round.questions.values_list("pk", flat=True)}
    application.works_as = data.works_as
    application.organisation_name = (
        data.organisation_name if data.works_as == Application.WorksAs.ORGANISATION else ""
    )
    application.experience = data.experience
    application.wish = data.wish
    application.answers = {key: text for key, text in data.answers.items() if key in question_ids}
    application.save()
    application.municipalities.set(data.municipalities)
    application.art_forms.set(data.art_forms)
    application.languages.set(data.languages)
    if send:
        missing = _missing_for_sending(application)
        if missing:
            raise RefusedError("academy.incomplete", missing=", ".join(missing))
        application.status = Application.Status.SENT
        application.sent_at = now
        application.save(update_fields=["status", "sent_at", "updated_at"])
        _applicant_mail(application, "application_sent")
    return application


def _applicant_mail(application: Application, template: str) -> None:
    """A mail to the applicant in their language, with the address of their application."""
    applicant = application.applicant
    if not applicant.email:
        return
    templated_email_send(
        template_prefix=f"academy/email/{template}",
        to=[applicant.email],
        context={
            "application": application,
            "training_round": application.training_round,
            "url": settings.SITE_URL + reverse("academy:application", args=[application.pk]),
        },
        language=applicant.language,
    )


@transaction.atomic
def application_withdraw(*, application: Application, actor, now: datetime | None = None):
    now = now or timezone.now()
    application = Application.objects.select_for_update().get(pk=application.pk)
    training_round = application.training_round
    if application.status == Application.Status.WITHDRAWN:
        return application
    if training_round.decisions_sent_at or now >= training_round.selection_closes_at:
        raise RefusedError("academy.too_late_to_withdraw")
    application.status = Application.Status.WITHDRAWN
    application.selected_for = None
    application.save(update_fields=["status", "selected_for", "updated_at"])
    audit_record(
        action="academy.application_withdrawn",
        actor=actor,
        subject=application.applicant,
        target=training_round,
    )
    return application


def _seats_for_update(training_round: TrainingRound, municipality: Municipality) -> RoundSeats:
    seats = (
        RoundSeats.objects.select_for_update()
        .filter(training_round=training_round, municipality=municipality)
        .first()
    )
    if seats is None:
        raise RefusedError("academy.no_seats", municipality=municipality.name)
    if seats.confirmed_at:
        raise RefusedError("academy.confirmed", municipality=municipality.name)
    return seats


@transaction.atomic
def application_assess(
    *,
    application: Application,
    municipality: Municipality,
    mark: str,
    actor,
    score: int | None = None,
    note: str = "",
    now: datetime | None = None,
) -> Assessment:
    """A coordinator's decision on an application for their municipality. Selecting takes
    one of the municipality's seats: the seats row is locked first, so two coordinators
    deciding at once cannot take more seats than there are, and the application row next,
    so two municipalities cannot both take it (the first one to select it keeps it)."""
    if mark not in Assessment.Mark.values:
        raise ValueError(f"unknown mark {mark!r}")
    now = now or timezone.now()
    scope = Scope.of(actor)
    if not (scope.is_platform_admin or municipality.pk in scope.coordinated_municipality_ids):
        raise RefusedError("academy.not_your_municipality")
    training_round = application.training_round
    if not (training_round.applications_close_at < now < training_round.selection_closes_at):
        raise RefusedError("academy.not_selecting")
    seats = _seats_for_update(training_round, municipality)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Application.Status.SENT:
        raise RefusedError("academy.not_selecting")
    if not application.municipalities.filter(pk=municipality.pk).exists():
        raise RefusedError("academy.not_your_municipality")
    if mark == Assessment.Mark.SELECTED:
        if application.selected_for_id not in (None, municipality.pk):
            raise RefusedError(
                "academy.selected_elsewhere", municipality=application.selected_for.name
            )
        if application.selected_for_id is None:
            taken = Application.objects.filter(
                training_round=training_round, selected_for=municipality
            ).count()
            if taken >= seats.seats:
                raise RefusedError(
                    "academy.seats_full", seats=seats.seats, municipality=municipality.name
                )
            application.selected_for = municipality
            application.save(update_fields=["selected_for", "updated_at"])
    elif application.selected_for_id == municipality.pk:
        application.selected_for = None
        application.save(update_fields=["selected_for", "updated_at"])
    assessment, _created = Assessment.objects.update_or_create(
        application=application,
        municipality=municipality,
        defaults={"mark": mark, "score": score, "note": note, "decided_by": actor},
    )
    audit_record(
        action=f"academy.applicant_{mark}",
        actor=actor,
        subject=application.applicant,
        municipality=municipality,
        target=training_round,
    )
    return assessment


@transaction.atomic
def selection_confirm(
    *, training_round: TrainingRound, municipality: Municipality, actor, now=None
) -> RoundSeats:
    now = now or timezone.now()
    scope = Scope.of(actor)
    if not (scope.is_platform_admin or municipality.pk in scope.coordinated_municipality_ids):
        raise RefusedError("academy.not_your_municipality")
    if not (training_round.applications_close_at < now < training_round.selection_closes_at):
        raise RefusedError("academy.not_selecting")
    seats = _seats_for_update(training_round, municipality)
    seats.confirmed_at = now
    seats.confirmed_by = actor
    seats.save(update_fields=["confirmed_at", "confirmed_by"])
    audit_record(
        action="academy.selection_confirmed",
        actor=actor,
        municipality=municipality,
        target=training_round,
        data={
            "selected": Application.objects.filter(
                training_round=training_round, selected_for=municipality
            ).count()
        },
    )
    return seats


def _outcome(application: Application) -> str:
    if application.selected_for_id:
        return Assessment.Mark.SELECTED
    if any(a.mark == Assessment.Mark.RESERVE for a in application.assessments.all()):
        return Assessment.Mark.RESERVE
    return Assessment.Mark.NOT_SELECTED


def decisions_send(*, now: datetime | None = None) -> int:
    """Tell every applicant of rounds whose selection has closed what was decided, in their
    language, once (the round row is locked, so two workers never both send)."""
    now = now or timezone.now()
    told = 0
    due = TrainingRound.objects.filter(selection_closes_at__lte=now, decisions_sent_at=None)
    for round_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            training_round = (
                TrainingRound.objects.select_for_update()
                .filter(pk=round_id, decisions_sent_at=None)
                .first()
            )
            if training_round is None:
                continue
            applications = (
                Application.objects.filter(
                    training_round=training_round,
                    status=Application.Status.SENT,
                    decision_sent_at=None,
                )
                .select_related("applicant", "selected_for", "training_round")
                .prefetch_related("assessments")
            )
            for application in applications:
                _applicant_mail(application, f"decision_{_outcome(application)}")
                application.decision_sent_at = now
                application.save(update_fields=["decision_sent_at"])
                told += 1
            training_round.decisions_sent_at = now
            training_round.save(update_fields=["decisions_sent_at"])
            audit_record(
                action="academy.decisions_sent",
                target=training_round,
                data={"applicants": told},
            )
    return told


@transaction.atomic
def round_save(*, form, formsets: list, actor) -> TrainingRound:
    """An admin opens or edits a round: its texts and dates, seats, questions and sessions,
    all saved together or not at all."""
    if not Scope.of(actor).is_platform_admin:
        raise RefusedError("academy.not_your_course")
    training_round = form.instance
    is_new = training_round.pk is None
    if is_new:
        training_round.slug = unique_slug(
            TrainingRound, form.cleaned_data["name_fi"], fallback="kierros", max_length=110
        )
    training_round = form.save()
    for formset in formsets:
        formset.instance = training_round
        formset.save()
    audit_record(
        action="academy.round_opened" if is_new else "academy.round_changed",
        actor=actor,
        target=training_round,
    )
    return training_round
