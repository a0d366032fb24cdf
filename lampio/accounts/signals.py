from django.utils import timezone

from lampio.core.mail import templated_email_send

from .helper_relations import CHOOSE_ACCOUNT_SECONDS, CHOOSE_ACCOUNT_SESSION_KEY
from .login_views import CODE_EMAIL_SESSION_KEY


def open_account_choice(sender, request, user, **kwargs) -> None:
    """Right after a login, a helper may continue as someone whose codes they receive. The
    address a code was waiting for is forgotten: no page may later say it ran out."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(CODE_EMAIL_SESSION_KEY, None)
        request.session[CHOOSE_ACCOUNT_SESSION_KEY] = (
            timezone.now().timestamp() + CHOOSE_ACCOUNT_SECONDS
        )


def send_welcome_email(sender, request, email_address, **kwargs) -> None:
    """A welcome in the person's own language once their address is confirmed with the code
    at sign-up: one email at a time (the code first, then the welcome), never a welcome
    without the code beside the code email."""
    user = email_address.user
    if not user.email or user.last_login is not None:  # an address added later: no welcome
        return
    templated_email_send(
        template_prefix="accounts/email/welcome",
        to=[user.email],
        context={"user": user},
        language=user.language,
    )
