from django.utils import timezone

from .helpers import CHOOSE_ACCOUNT_SECONDS, CHOOSE_ACCOUNT_SESSION_KEY


def open_account_choice(sender, request, user, **kwargs) -> None:
    """Right after a login, a helper may continue as someone whose codes they receive."""
    if request is not None and hasattr(request, "session"):
        request.session[CHOOSE_ACCOUNT_SESSION_KEY] = (
            timezone.now().timestamp() + CHOOSE_ACCOUNT_SECONDS
        )


def send_welcome_email(sender, request, user, **kwargs) -> None:
    """A welcome in the person's own language, with plain-text and HTML parts."""
    from django.conf import settings
    from django.core.mail import EmailMultiAlternatives
    from django.db import transaction
    from django.template.loader import render_to_string
    from django.utils import translation

    if not user.email:
        return
    context = {"user": user, "site_url": settings.SITE_URL}
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/email/welcome_subject.txt", context).strip()
        text = render_to_string("accounts/email/welcome_message.txt", context)
        html = render_to_string("accounts/email/welcome_message.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email])
    message.attach_alternative(html, "text/html")
    transaction.on_commit(message.send)
