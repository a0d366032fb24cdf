"""Reminders for the 14-day caption rule (digipalvelulaki)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from lampio.accounts.models import ProducerMembership

from .selectors import videos_captions_due_soon


def caption_reminders_send() -> int:
    sent = 0
    for video in videos_captions_due_soon():
        recipients = list(
            ProducerMembership.objects.filter(producer=video.offering.producer)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
        if not recipients:
            continue
        context = {
            "video": video,
            "url": settings.SITE_URL
            + reverse("studio:recording", kwargs={"slug": video.offering.slug}),
            "site_url": settings.SITE_URL,
        }
        with translation.override(settings.LANGUAGE_CODE):
            subject = render_to_string("media/email/captions_due_subject.txt", context).strip()
            text = render_to_string("media/email/captions_due_message.txt", context)
            html = render_to_string("media/email/captions_due_message.html", context)
        message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, recipients)
        message.attach_alternative(html, "text/html")
        message.send()
        sent += 1
    return sent
