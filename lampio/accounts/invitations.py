"""Invitations to roles: admins invite coordinators and producers; producers invite
colleagues into their own organisation."""

import hashlib
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from lampio.core.audit import audit_record

from .models import CoordinatorAssignment, Invitation, ProducerMembership, User
from .scoping import Scope

INVITATION_DAYS = 14


class InvitationError(Exception):
    """The invitation cannot be used; the message says why, for the person."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


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
    *, inviter: User, email: str, role: str, municipality=None, producer=None
) -> Invitation:
    if not may_invite(inviter=inviter, role=role, producer=producer):
        raise PermissionDenied
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            email=email.strip(),
            role=role,
            municipality=municipality if role == Invitation.Role.COORDINATOR else None,
            producer=producer if role == Invitation.Role.PRODUCER else None,
            invited_by=inviter,
            token_hash=_hash(token),
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
        transaction.on_commit(lambda: _send_invitation_email(invitation, url))
    return invitation


def _send_invitation_email(invitation: Invitation, url: str) -> None:
    context = {"invitation": invitation, "url": url, "site_url": settings.SITE_URL}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        text = render_to_string("accounts/email/invitation_message.txt", context)
        html = render_to_string("accounts/email/invitation_message.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [invitation.email])
    message.attach_alternative(html, "text/html")
    message.send()


def invitation_find(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("municipality", "producer", "invited_by")
        .filter(token_hash=_hash(token), accepted_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Invitation:
    invitation = invitation_find(token)
    if invitation is None:
        raise InvitationError("expired")
    owns_address = EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email, verified=True
    ).exists()
    if not owns_address:
        raise InvitationError("wrong_person")
    if invitation.role == Invitation.Role.COORDINATOR:
        CoordinatorAssignment.objects.get_or_create(user=user, municipality=invitation.municipality)
        municipality = invitation.municipality
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
