"""Invitations to roles: admins invite coordinators and producers; producers invite
colleagues into their own organisation."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from lampio.core.audit import audit_record
from lampio.core.mail import templated_email_send
from lampio.core.refusals import RefusedError
from lampio.core.tokens import token_hash, token_new, token_plausible

from .models import CoordinatorAssignment, Invitation, ProducerMembership, User
from .scoping import Scope

INVITATION_DAYS = 14


def may_invite(*, inviter: User, role: str, producer=None) -> bool:
    scope = Scope.of(inviter)
    if scope.is_platform_admin:
        return True
    if role == Invitation.Role.PRODUCER and producer is not None:
        return ProducerMembership.objects.filter(
            user=inviter, producer=producer, can_invite=True
        ).exists()
    return False


def invitation_send(
    *,
    inviter: User,
    email: str,
    role: str,
    municipality=None,
    producer=None,
    new_producer_name: str = "",
    new_producer_home=None,
    training_round=None,
) -> Invitation:
    """Invite someone to a role. A platform admin may invite the first member of a producer
    organisation that is made here (`new_producer_name`), without the Django admin."""
    new_producer_name = new_producer_name.strip()
    if new_producer_name and role == Invitation.Role.PRODUCER:
        if not inviter.is_superuser:
            raise PermissionDenied
    elif not may_invite(inviter=inviter, role=role, producer=producer):
        raise PermissionDenied
    token, hashed = token_new()
    with transaction.atomic():
        if new_producer_name and role == Invitation.Role.PRODUCER:
            from lampio.programme.services import producer_create

            producer = producer_create(
                name=new_producer_name, home_municipality=new_producer_home, actor=inviter
            )
        invitation = Invitation.objects.create(
            email=email.strip(),
            role=role,
            municipality=municipality if role == Invitation.Role.COORDINATOR else None,
            producer=producer if role == Invitation.Role.PRODUCER else None,
            training_round=training_round if role == Invitation.Role.TRAINER else None,
            invited_by=inviter,
            token_hash=hashed,
            expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
        )
        audit_record(
            action="accounts.invitation_sent",
            actor=inviter,
            municipality=municipality or (producer.home_municipality if producer else None),
            target=invitation,
            data={"role": role, "email": invitation.email},
        )
        url = settings.SITE_URL + reverse("accounts:invitation", kwargs={"token": token})
        _send_invitation_email(invitation, url)
    return invitation


def _send_invitation_email(invitation: Invitation, url: str) -> None:
    templated_email_send(
        template_prefix="accounts/email/invitation",
        to=[invitation.email],
        context={"invitation": invitation, "url": url},
    )


def invitation_find(token: str) -> Invitation | None:
    if not token_plausible(token):
        return None
    return (
        Invitation.objects.select_related(
            "municipality", "producer", "training_round", "invited_by"
        )
        .filter(
            token_hash=token_hash(token), accepted_at__isnull=True, expires_at__gt=timezone.now()
        )
        .first()
    )


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Invitation:
    invitation = invitation_find(token)
    if invitation is None:
        raise RefusedError("accounts.invitation_expired")
    owns_address = EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email, verified=True
    ).exists()
    if not owns_address:
        raise RefusedError("accounts.invitation_wrong_person", email=invitation.email)
    if invitation.role == Invitation.Role.COORDINATOR:
        CoordinatorAssignment.objects.get_or_create(user=user, municipality=invitation.municipality)
        municipality = invitation.municipality
    elif invitation.role == Invitation.Role.TRAINER:
        from lampio.academy.models import RoundTrainer

        RoundTrainer.objects.get_or_create(user=user, training_round=invitation.training_round)
        municipality = None
    else:
        ProducerMembership.objects.get_or_create(user=user, producer=invitation.producer)
        municipality = invitation.producer.home_municipality
    Invitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now(), accepted_by=user)
    audit_record(
        action="accounts.role_granted",
        actor=invitation.invited_by,
        subject=user,
        municipality=municipality,
        target=invitation,
        data={"role": invitation.role},
    )
    return invitation
