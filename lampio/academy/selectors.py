"""The academy's reads."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from lampio.municipalities.models import Municipality

from .models import Application, Assessment, RoundSeats, TrainingRound


def rounds_listed(now=None) -> dict[str, list[TrainingRound]]:
    """Rounds for the academy's public page: open calls, coming calls and earlier rounds."""
    now = now or timezone.now()
    rounds = list(TrainingRound.objects.order_by("applications_close_at"))
    return {
        "open": [r for r in rounds if r.is_open(now)],
        "coming": [r for r in rounds if now < r.applications_open_at],
        "earlier": [r for r in reversed(rounds) if r.applications_close_at < now],
    }


def rounds_all() -> QuerySet[TrainingRound]:
    return TrainingRound.objects.order_by("-applications_close_at")


def rounds_trained(scope) -> QuerySet[TrainingRound]:
    return TrainingRound.objects.filter(pk__in=scope.trained_round_ids).order_by(
        "-applications_close_at"
    )


def round_detail(slug: str) -> TrainingRound | None:
    return (
        TrainingRound.objects.prefetch_related(
            "sessions",
            "questions",
            Prefetch("seats", queryset=RoundSeats.objects.select_related("municipality")),
        )
        .filter(slug=slug)
        .first()
    )


def application_of(user, training_round: TrainingRound) -> Application | None:
    if not user.is_authenticated:
        return None
    return (
        Application.objects.prefetch_related("municipalities", "art_forms", "languages")
        .filter(training_round=training_round, applicant=user)
        .first()
    )


def applications_of(user) -> QuerySet[Application]:
    return (
        Application.objects.filter(applicant=user)
        .select_related("training_round")
        .order_by("-created_at")
    )


@dataclass(frozen=True)
class SeatsUse:
    municipality: Municipality
    seats: int
    used: int
    confirmed_at: object
    applications: int

    @property
    def free(self) -> int:
        return max(0, self.seats - self.used)


def seats_use(training_round: TrainingRound, municipality_ids=None) -> list[SeatsUse]:
    """Seats per municipality: how many, how many taken, how many applications name it."""
    rows = RoundSeats.objects.filter(training_round=training_round).select_related("municipality")
    if municipality_ids is not None:
        rows = rows.filter(municipality_id__in=municipality_ids)
    sent = Application.objects.filter(training_round=training_round, status=Application.Status.SENT)
    used = dict(
        sent.exclude(selected_for=None)
        .values_list("selected_for")
        .annotate(n=Count("pk"))
        .values_list("selected_for", "n")
    )
    naming = dict(
        Application.municipalities.through.objects.filter(application__in=sent)
        .values_list("municipality")
        .annotate(n=Count("pk"))
        .values_list("municipality", "n")
    )
    return [
        SeatsUse(
            municipality=row.municipality,
            seats=row.seats,
            used=used.get(row.municipality_id, 0),
            confirmed_at=row.confirmed_at,
            applications=naming.get(row.municipality_id, 0),
        )
        for row in rows
    ]


def applications_for_selection(
    scope, training_round: TrainingRound, municipality: Municipality | None = None
) -> QuerySet[Application]:
    applications = (
        scope.academy_applications()
        .filter(training_round=training_round)
        .select_related("applicant", "selected_for")
        .prefetch_related("municipalities", "art_forms", "languages")
        .order_by("sent_at")
    )
    if municipality is not None:
        applications = applications.filter(municipalities=municipality)
    return applications


def assessments_visible(scope, application: Application) -> QuerySet[Assessment]:
    """Each municipality's marks and notes are read by its own coordinators (admins: all)."""
    assessments = application.assessments.select_related("municipality", "decided_by")
    if scope.is_platform_admin:
        return assessments
    return assessments.filter(Q(municipality_id__in=scope.coordinated_municipality_ids))


def participation_of(user, training_round: TrainingRound) -> Application | None:
    """The person's place in the round's cohort, if a municipality selected them."""
    if not user.is_authenticated:
        return None
    return (
        Application.objects.participants(training_round)
        .filter(applicant=user)
        .select_related("selected_for")
        .first()
    )


def course_sessions(training_round: TrainingRound) -> QuerySet:
    from .models import RoundSession, SessionMaterial

    return RoundSession.objects.filter(training_round=training_round).prefetch_related(
        Prefetch("materials", queryset=SessionMaterial.objects.order_by("created_at", "id"))
    )


def material_for(user, pk: int):
    """A material the person may open: the round's participants, trainers and admins."""
    from .course import may_train
    from .models import SessionMaterial

    material = (
        SessionMaterial.objects.select_related("session__training_round").filter(pk=pk).first()
    )
    if material is None:
        return None
    training_round = material.session.training_round
    if may_train(user, training_round) or participation_of(user, training_round):
        return material
    return None


def certificate_for(scope, pk: int) -> Application | None:
    """A completed participant's certificate: for them, the round's trainers, admins and the
    coordinators of the municipality that selected them."""
    application = (
        Application.objects.select_related("applicant", "training_round", "selected_for")
        .filter(pk=pk)
        .exclude(completed_at=None)
        .first()
    )
    if application is None or not scope.is_authenticated:
        return None
    if (
        application.applicant_id == scope.user.pk
        or scope.is_platform_admin
        or application.training_round_id in scope.trained_round_ids
        or application.selected_for_id in scope.coordinated_municipality_ids
    ):
        return application
    return None


def pilots_of(application: Application) -> QuerySet:
    return application.pilot_offerings.select_related("producer").order_by("created_at")


def attended_session_ids(application: Application) -> set[int]:
    return set(application.attendances.filter(present=True).values_list("session_id", flat=True))


def present_at(session) -> list[int]:
    return list(session.attendances.filter(present=True).values_list("application_id", flat=True))


def articles_published() -> QuerySet:
    from .models import PracticeArticle

    return (
        PracticeArticle.objects.exclude(published_at=None)
        .select_related("training_round")
        .order_by("-published_at")
    )


def article_published(slug: str):
    return articles_published().prefetch_related("pilots").filter(slug=slug).first()


def articles_editable(scope) -> QuerySet:
    """Admins edit every article; trainers their own."""
    from .models import PracticeArticle

    articles = PracticeArticle.objects.select_related("author").order_by("-created_at")
    if scope.is_platform_admin:
        return articles
    return articles.filter(author=scope.user)


def pilots_published() -> QuerySet:
    from lampio.programme.models import Offering

    return (
        Offering.objects.filter(status=Offering.Status.PUBLISHED, pilot_applications__isnull=False)
        .distinct()
        .order_by("title")
    )


def answers_of(application: Application) -> list[tuple[str, str]]:
    """The round's own questions with this application's answers, in the reader's language."""
    return [
        (question.text, application.answers.get(str(question.pk), ""))
        for question in application.training_round.questions.all()
    ]
