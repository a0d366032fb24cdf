"""How the academy follows the programme: a published pilot may complete its participant,
and a pilot's trainers review it."""

from lampio.accounts.models import User
from lampio.foyer.selectors import foyer_audience_asked
from lampio.programme.signals import offering_published, offering_reviewers_extra

from .course import completion_update
from .models import Application, TrainingRound
from .platform import cohort_ids


def _complete_pilot_makers(sender, offering, **kwargs) -> None:
    for application in Application.objects.filter(pilot_offerings=offering):
        completion_update(application=application)


def _pilot_trainers(sender, offering, **kwargs) -> list[User]:
    return list(
        User.objects.filter(
            academy_trainings__training_round__applications__pilot_offerings=offering
        ).distinct()
    )


def _course_foyer_audience(sender, foyer, **kwargs):
    """A course session's foyer: the cohort comes in, the trainers host."""
    training_round = TrainingRound.objects.filter(course_offering_id=foyer.offering_id).first()
    if training_round is None:
        return None
    return cohort_ids(training_round)


def connect() -> None:
    offering_published.connect(_complete_pilot_makers, dispatch_uid="academy_pilot_published")
    offering_reviewers_extra.connect(_pilot_trainers, dispatch_uid="academy_pilot_trainers")
    foyer_audience_asked.connect(_course_foyer_audience, dispatch_uid="academy_course_foyer")
