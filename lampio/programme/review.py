"""The review workflow: draft → submitted → published, or returned with a comment.

An offering is decided by a coordinator of one of its municipalities; nationwide offerings by
a platform admin. Verified producers publish directly. Every step is audit-logged and emailed
to the other side, in each recipient's own language, after the transaction commits.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lampio.accounts.models import CoordinatorAssignment, ProducerMembership, User
from lampio.core.audit import audit_record
from lampio.core.mail import templated_email_send
from lampio.core.refusals import RefusedError

from .models import Offering


def offering_reviewers(offering: Offering) -> list[User]:
    if offering.is_nationwide:
        people = User.objects.filter(is_superuser=True, is_active=True)
    else:
        people = User.objects.filter(
            pk__in=CoordinatorAssignment.objects.filter(
                municipality__in=offering.municipalities.all()
            ).values("user_id"),
            is_active=True,
        )
    return list(people.exclude(email=""))


def offering_team(offering: Offering) -> list[User]:
    return list(
        User.objects.filter(
            pk__in=ProducerMembership.objects.filter(producer_id=offering.producer_id).values(
                "user_id"
            ),
            is_active=True,
        ).exclude(email="")
    )


def offering_missing_for_review(offering: Offering) -> list[str]:
    """What must be filled in before an offering can be sent for review."""
    missing = []
    if not offering.art_forms.exists():
        missing.append(_("Choose at least one art form."))
    if not offering.is_nationwide and not offering.municipalities.exists():
        missing.append(_("Choose the municipalities, or offer it nationwide."))
    if not offering.images.exists():
        missing.append(_("Add at least one picture with its description."))
    if offering.is_scheduled and not offering.showings.filter(is_cancelled=False).exists():
        missing.append(_("Add at least one showing time."))
    return missing


def _notify(offering: Offering, people: list[User], template: str, **context) -> None:
    url = settings.SITE_URL + context.pop("path")
    for person in people:
        templated_email_send(
            template_prefix=f"programme/email/{template}",
            to=[person.email],
            context={"offering": offering, "url": url, "person": person, **context},
            language=person.language,
        )


@transaction.atomic
def offering_submit(*, offering: Offering, actor: User) -> Offering:
    """Send for review, or publish straight away when the producer is verified."""
    offering = (
        Offering.objects.select_for_update(of=("self",))
        .select_related("producer")
        .get(pk=offering.pk)
    )
    if offering.status not in (Offering.Status.DRAFT, Offering.Status.RETURNED):
        raise RefusedError("programme.already_sent")
    missing = offering_missing_for_review(offering)
    if missing:
        raise RefusedError("programme.incomplete", missing=" ".join(missing))
    now = timezone.now()
    offering.submitted_at = now
    if offering.producer.is_verified:
        offering.status = Offering.Status.PUBLISHED
        offering.published_at = offering.published_at or now
        offering.review_comment = ""
        action = "programme.offering_published_directly"
    else:
        offering.status = Offering.Status.IN_REVIEW
        action = "programme.offering_submitted"
    offering.save(
        update_fields=["status", "submitted_at", "published_at", "review_comment", "updated_at"]
    )
    audit_record(
        action=action, actor=actor, municipality=offering.audit_municipality(), target=offering
    )
    if offering.status == Offering.Status.IN_REVIEW:
        reviewers = offering_reviewers(offering)
        path = reverse("manage:review", kwargs={"slug": offering.slug})
        _notify(offering, reviewers, "review_requested", path=path, actor=actor)
    return offering


def _decide(*, offering: Offering, actor: User, approve: bool, comment: str) -> Offering:
    offering = (
        Offering.objects.select_for_update(of=("self",))
        .select_related("producer")
        .get(pk=offering.pk)
    )
    if offering.status != Offering.Status.IN_REVIEW:
        raise RefusedError("programme.not_in_review")
    if approve:
        offering.status = Offering.Status.PUBLISHED
        offering.published_at = offering.published_at or timezone.now()
    else:
        if not comment.strip():
            raise RefusedError("programme.comment_needed")
        offering.status = Offering.Status.RETURNED
    offering.review_comment = comment.strip()
    offering.save(update_fields=["status", "published_at", "review_comment", "updated_at"])
    audit_record(
        action="programme.offering_approved" if approve else "programme.offering_returned",
        actor=actor,
        municipality=offering.audit_municipality(),
        target=offering,
        data={"comment": offering.review_comment} if offering.review_comment else {},
    )
    team = offering_team(offering)
    path = reverse("studio:offering", kwargs={"slug": offering.slug})
    template = "review_approved" if approve else "review_returned"
    _notify(offering, team, template, path=path)
    return offering


@transaction.atomic
def offering_approve(*, offering: Offering, actor: User, comment: str = "") -> Offering:
    return _decide(offering=offering, actor=actor, approve=True, comment=comment)


@transaction.atomic
def offering_return(*, offering: Offering, actor: User, comment: str) -> Offering:
    return _decide(offering=offering, actor=actor, approve=False, comment=comment)
