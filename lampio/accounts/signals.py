from django.utils import timezone

from lampio.core.mail import templated_email_send

from .helper_relations import CHOOSE_ACCOUNT_SECONDS, CHOOSE_ACCOUNT_SESSION_KEY


def open_account_choice(sender, request, user, **kwargs) -> None:
    """Right after a login, a helper may continue as someone whose codes they receive."""
    if request is not None and hasattr(request, "session"):
        request.session[CHOOSE_ACCOUNT_SESSION_KEY] = (
            timezone.now().timestamp() + CHOOSE_ACCOUNT_SECONDS
        )


def send_welcome_email(sender, request, user, **kwargs) -> None:
    """A welcome in the person's own language, sent once the sign-up has committed."""
    if not user.email:
        return
    templated_email_send(
        template_prefix="accounts/email/welcome",
        to=[user.email],
        context={"user": user},
        language=user.language,
    )
