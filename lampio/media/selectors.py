from django.db.models import Prefetch

from .models import CaptionTrack, VideoAsset


def video_ready_for(offering) -> VideoAsset | None:
    return (
        VideoAsset.objects.filter(offering=offering, status=VideoAsset.Status.READY)
        .prefetch_related(Prefetch("captions", queryset=CaptionTrack.objects.order_by("language")))
        .order_by("-created_at")
        .first()
    )
