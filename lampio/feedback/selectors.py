from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from lampio.programme.models import Offering, Showing

from .models import Feedback, FeedbackQuestion, WatchHistory


@dataclass(frozen=True)
class FeedbackTarget:
    offering: Offering
    showing: Showing | None
    questions: list[FeedbackQuestion]
    feedback: Feedback | None

    @property
    def url(self) -> str:
        return card_url(self.offering.slug, self.showing.pk if self.showing else None)


def card_url(slug: str, showing_id: int | None) -> str:
    if showing_id is None:
        return reverse("feedback:card", kwargs={"slug": slug})
    return reverse("feedback:showing_card", kwargs={"slug": slug, "showing_id": showing_id})


def feedback_target(
    *, slug: str, showing_id: int | None, user, before_start: bool = False
) -> FeedbackTarget | None:
    """What a feedback card is about: a published offering, and a showing of it that has
    begun (nobody gives feedback on a showing still to come). The feeling before it may be
    told once the foyer's doors are open (`before_start`)."""
    offering = Offering.objects.filter(slug=slug, status=Offering.Status.PUBLISHED).first()
    if offering is None:
        return None
    showing = None
    if showing_id is not None:
        begun = {"doors_open_at__lte" if before_start else "starts_at__lte": timezone.now()}
        showing = Showing.objects.filter(pk=showing_id, offering=offering, **begun).first()
        if showing is None:
            return None
    feedback = Feedback.objects.filter(user=user, offering=offering, showing=showing).first()
    return FeedbackTarget(
        offering=offering,
        showing=showing,
        questions=list(FeedbackQuestion.objects.filter(offering=offering)),
        feedback=feedback,
    )


def watched_by(user) -> list[WatchHistory]:
    """The person's own history, newest first; each entry knows whether they answered."""
    entries = list(
        WatchHistory.objects.filter(user=user)
        .select_related("offering", "showing")
        .order_by("-last_watched_at")[:200]
    )
    answered = set(
        Feedback.objects.filter(user=user, rating__isnull=False).values_list(
            "offering_id", "showing_id"
        )
    )
    for entry in entries:
        entry.answered = (entry.offering_id, entry.showing_id) in answered
    return entries


def viewing_target(offering_id: int, showing_id: int | None) -> tuple[int, int | None] | None:
    """(offering, showing) when viewing data may be recorded for them: published, and the
    showing is the offering's own."""
    published = Offering.objects.filter(pk=offering_id, status=Offering.Status.PUBLISHED)
    if showing_id is None:
        return (offering_id, None) if published.exists() else None
    found = Showing.objects.filter(
        pk=showing_id, offering_id=offering_id, offering__status=Offering.Status.PUBLISHED
    ).exists()
    return (offering_id, showing_id) if found else None
