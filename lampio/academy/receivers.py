"""How the academy follows the programme: a published pilot may complete its participant,
and a pilot's trainers review it."""

from lampio.accounts.models import User
from lampio.programme.signals import offering_published, offering_reviewers_extra

from .course import completion_update
from .models import Application


def _complete_pilot_makers(sender, offering, **kwargs) -> None:
    for application in Application.objects.filter(pilot_offerings=offering):
        completion_update(application=application)


def _pilot_trainers(sender, offering, **kwargs) -> list[User]:
    return list(
        User.objects.filter(
            academy_trainings__training_round__applications__pilot_offerings=offering
        ).distinct()
    )


def connect() -> None:
    offering_published.connect(_complete_pilot_makers, dispatch_uid="academy_pilot_published")
    offering_reviewers_extra.connect(_pilot_trainers, dispatch_uid="academy_pilot_trainers")
