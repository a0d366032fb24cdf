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
from lampio.accounts.scoping import Scope
from lampio.core.audit import audit_record
from lampio.core.mail import templated_email_send
from lampio.core.refusals import RefusedError

from .durations import offering_duration_follow_video
from .models import Offering, OfferingRevision
from .signals import offering_published_announce, offering_reviewers_extra


def offering_reviewers(offering: Offering) -> list[User]:
    extra = {
        user.pk
        for _receiver, users in offering_reviewers_extra.send(sender=Offering, offering=offering)
        for user in users or []
    }
    if offering.is_nationwide:
        people = User.objects.filter(is_superuser=True, is_active=True)
    else:
        people = User.objects.filter(
            pk__in=CoordinatorAssignment.objects.filter(
                municipality__in=offering.municipalities.all()
            ).values("user_id"),
            is_active=True,
        )
    people = people | User.objects.filter(pk__in=extra, is_active=True)
    return list(people.distinct().exclude(email=""))


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
    if not offering.images.exists() and not _picture_linked(offering):
        missing.append(_("Add at least one picture with its description."))
    if offering.is_scheduled and not offering.showings.filter(is_cancelled=False).exists():
        missing.append(_("Add at least one showing time."))
    if (
        offering.kind == Offering.Kind.RECORDING
        and not offering.videos.filter(status="ready").exists()
    ):
        missing.append(_("Upload the recording and wait until it is ready to watch."))
    return missing


def _picture_linked(offering: Offering) -> bool:
    """An imported event's picture is linked from its source (lampio.imports)."""
    imported = getattr(offering, "imported", None) if offering.pk else None
    return bool(imported and imported.image_url)


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
    if offering.status == Offering.Status.PUBLISHED:
        offering_published_announce(offering)
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
    if approve:
        offering_published_announce(offering)
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


# --- changes to what is already published --------------------------------------------------

# What an unverified producer cannot change on a published offering without a reviewer: what
# it says (in every language) and whom it is offered to.
REVIEWED_FIELDS = tuple(
    f"{base}_{language}"
    for base in ("title", "summary", "plain_summary", "description")
    for language in ("fi", "sv", "en")
) + ("venue", "is_nationwide", "municipalities")


def changes_need_review(*, offering: Offering | None, actor) -> bool:
    """Does a change to this offering by this person wait for a reviewer? Yes for a published
    offering of an unverified producer, unless a platform admin or the platform makes it."""
    if offering is None or offering.pk is None or offering.status != Offering.Status.PUBLISHED:
        return False
    if offering.producer.is_verified:
        return False
    # The platform's own work (actor None: the demo, a management command) is trusted.
    return actor is not None and not Scope.of(actor).is_platform_admin


def revision_submit(*, offering: Offering, changes: dict, actor: User) -> OfferingRevision:
    """Keep proposed changes beside the published offering (merged with any earlier ones
    still waiting) and ask its reviewers."""
    revision, _created = OfferingRevision.objects.get_or_create(offering=offering)
    revision.changes = {**revision.changes, **changes}
    revision.submitted_by = actor
    revision.review_comment = ""
    revision.save()
    audit_record(
        action="programme.changes_submitted",
        actor=actor,
        municipality=offering.audit_municipality(),
        target=offering,
        data={"fields": sorted(changes)},
    )
    path = reverse("manage:review", kwargs={"slug": offering.slug})
    _notify(offering, offering_reviewers(offering), "review_requested", path=path, actor=actor)
    return revision


def _apply(offering: Offering, changes: dict) -> None:
    for name, value in changes.items():
        if name == "municipalities":
            offering.municipalities.set(value)
        else:
            setattr(offering, name, value)
    offering.save()


@transaction.atomic
def revision_decide(*, offering: Offering, actor: User, approve: bool, comment: str = ""):
    """Approve: the proposed changes and any recording waiting for review go live. Return:
    nothing changes, and the producer gets the comment."""
    offering = Offering.objects.select_for_update(of=("self",)).get(pk=offering.pk)
    revision = OfferingRevision.objects.filter(offering=offering).first()
    waiting_videos = offering.videos.filter(needs_review=True)
    if revision is None and not waiting_videos.exists():
        raise RefusedError("programme.not_in_review")
    if not approve and not comment.strip():
        raise RefusedError("programme.comment_needed")
    if approve:
        if revision is not None:
            _apply(offering, revision.changes)
            revision.delete()
        waiting_videos.update(needs_review=False)
        offering_duration_follow_video(offering=offering)
    else:
        if revision is not None:
            revision.review_comment = comment.strip()
            revision.save(update_fields=["review_comment", "updated_at"])
    audit_record(
        action="programme.changes_approved" if approve else "programme.changes_returned",
        actor=actor,
        municipality=offering.audit_municipality(),
        target=offering,
        data={"comment": comment.strip()} if comment.strip() else {},
    )
    path = reverse("studio:offering", kwargs={"slug": offering.slug})
    template = "review_approved" if approve else "review_returned"
    _notify(offering, offering_team(offering), template, path=path, comment=comment.strip())
    return offering
