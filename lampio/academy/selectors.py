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
