"""A recording's and a premiere's length is its video's: what the audience is told and when a
premiere's showing ends come from the video, not from a number typed before it existed."""

import math
from datetime import timedelta

from .models import Offering

KINDS_WITH_VIDEO = (Offering.Kind.RECORDING, Offering.Kind.PREMIERE)


def offering_duration_follow_video(*, offering: Offering) -> None:
    """Set the offering's duration from its newest watchable video, and each premiere
    showing's end from the video it plays. Videos are the media app's: they are read through
    the relations, without importing media."""
    if offering.kind not in KINDS_WITH_VIDEO:
        return
    seconds = (
        offering.videos.filter(status="ready", needs_review=False)
        .order_by("-created_at")
        .values_list("duration_seconds", flat=True)
        .first()
    )
    if seconds:
        minutes = max(1, math.ceil(seconds / 60))
        Offering.objects.filter(pk=offering.pk).update(duration_minutes=minutes)
        offering.duration_minutes = minutes
    for showing in offering.showings.filter(video__isnull=False).select_related("video"):
        if showing.video.duration_seconds:
            ends_at = showing.starts_at + timedelta(seconds=showing.video.duration_seconds)
            if ends_at != showing.ends_at:
                showing.ends_at = ends_at
                showing.save(update_fields=["ends_at", "updated_at"])
