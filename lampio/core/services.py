from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import SiteFeedback
from .tasks import site_feedback_notify

FEEDBACK_ANSWER_DAYS = 14  # digipalvelulaki: accessibility feedback is answered in 14 days


def site_feedback_submit(
    *,
    topic: str,
    message: str,
    language: str,
    name: str = "",
    email: str = "",
    phone: str = "",
    page_url: str = "",
) -> SiteFeedback:
    """Store a message from the help page and notify the support team after commit."""
    with transaction.atomic():
        feedback = SiteFeedback.objects.create(
            topic=topic,
            message=message,
            language=language,
            name=name,
            email=email,
            phone=phone,
            page_url=page_url,
            answer_due=timezone.localdate() + timedelta(days=FEEDBACK_ANSWER_DAYS),
        )
        transaction.on_commit(lambda: site_feedback_notify.enqueue(feedback_id=feedback.pk))
    return feedback
