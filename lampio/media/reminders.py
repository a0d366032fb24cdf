"""Reminders for the 14-day caption rule (digipalvelulaki)."""

from django.conf import settings
from django.urls import reverse

from lampio.accounts.models import ProducerMembership
from lampio.core.mail import templated_email_send

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
        templated_email_send(
            template_prefix="media/email/captions_due",
            to=recipients,
            context={
                "video": video,
                "url": settings.SITE_URL
                + reverse("studio:recording", kwargs={"slug": video.offering.slug}),
            },
        )
        sent += 1
    return sent
