from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation

from .models import SiteFeedback


@task()
def site_feedback_notify(*, feedback_id: int) -> None:
    """Email the support team about a new message from the help page (plain text)."""
    feedback = SiteFeedback.objects.filter(pk=feedback_id).first()
    if feedback is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string("core/email/site_feedback.txt", {"feedback": feedback})
        subject = render_to_string(
            "core/email/site_feedback_subject.txt", {"feedback": feedback}
        ).strip()
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [settings.SUPPORT_EMAIL])
