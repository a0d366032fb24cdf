"""Group viewing in care homes: the host's "we will watch this" and "how many watched",
which reaches the insights as the group's feedback row (the group counts that exist)."""

from django.db import transaction
from django.utils import timezone

from lampio.core.refusals import RefusedError
from lampio.feedback.models import Feedback

from .models import GroupPlan

SMALLEST_GROUP, LARGEST_GROUP = 2, 500


def _checked(viewers: int) -> int:
    if not SMALLEST_GROUP <= viewers <= LARGEST_GROUP:
        raise RefusedError("week.group_size", smallest=SMALLEST_GROUP, largest=LARGEST_GROUP)
    return viewers


@transaction.atomic
def group_plan_save(*, host, showing, expected_viewers: int) -> GroupPlan:
    if showing.is_cancelled:
        raise RefusedError("week.cancelled")
    if showing.ends_at <= timezone.now():
        raise RefusedError("week.past")
    plan, _created = GroupPlan.objects.update_or_create(
        host=host, showing=showing, defaults={"expected_viewers": _checked(expected_viewers)}
    )
    return plan


def group_plan_remove(*, host, showing) -> None:
    GroupPlan.objects.filter(host=host, showing=showing, watched_viewers=None).delete()


@transaction.atomic
def group_watched_report(*, host, showing, viewers: int) -> GroupPlan:
    """After the showing: how many watched. Kept on the plan and as the group's feedback
    (group_size), which the producer's and the municipality's insights count."""
    if showing.starts_at > timezone.now():
        raise RefusedError("week.not_yet")
    plan = GroupPlan.objects.select_for_update().filter(host=host, showing=showing).first()
    if plan is None:
        raise RefusedError("week.not_planned")
    plan.watched_viewers = _checked(viewers)
    plan.save(update_fields=["watched_viewers"])
    Feedback.objects.update_or_create(
        user=host.user,
        offering=showing.offering,
        showing=showing,
        defaults={"group_size": viewers, "municipality_id": host.municipality_id},
    )
    return plan
