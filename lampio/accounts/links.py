"""One-click login links: the login email carries a link that logs the person in.

A link is random, stored only as a hash, single-use and valid for LOGIN_LINK_SECONDS.
Opening it shows one button that logs in (pressed automatically when JavaScript runs), so
that mail scanners that open links do not use them up.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lampio.core.audit import audit_record
from lampio.core.tokens import token_hash, token_new, token_plausible

from .models import LoginLink, User


def login_link_create(
    *, user: User, next_path: str = "", valid_for: timedelta | None = None
) -> str:
    """A link that logs `user` in once, then opens `next_path` (a path of ours). Reminders
    make links that last until their showing ends (`valid_for`)."""
    token, hashed = token_new()
    LoginLink.objects.create(
        user=user,
        token_hash=hashed,
        expires_at=timezone.now() + (valid_for or timedelta(seconds=settings.LOGIN_LINK_SECONDS)),
        next_path=next_path if next_path.startswith("/") and not next_path.startswith("//") else "",
    )
    return token


def login_link_find(token: str) -> LoginLink | None:
    """The link if it can still be used, else None (unknown, used or expired alike)."""
    if not token_plausible(token):
        return None
    return (
        LoginLink.objects.select_related("user")
        .filter(
            token_hash=token_hash(token),
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .first()
    )


@transaction.atomic
def login_link_use(*, token: str) -> LoginLink | None:
    """Spend the link; returns it (with its user), or None if it was already used or has
    expired."""
    link = login_link_find(token)
    if link is None:
        return None
    spent = LoginLink.objects.filter(pk=link.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if not spent:  # someone else used it at the same moment
        return None
    # Opening the link proves the address works, as a confirmed code would.
    EmailAddress.objects.filter(user=link.user, primary=True).update(verified=True)
    audit_record(action="accounts.login_link_used", actor=link.user, subject=link.user)
    return link


def login_links_sweep(*, now=None) -> int:
    """Delete links that expired over a day ago (reminders make one per person and showing)."""
    now = now or timezone.now()
    deleted, _ = LoginLink.objects.filter(expires_at__lt=now - timedelta(days=1)).delete()
    return deleted
