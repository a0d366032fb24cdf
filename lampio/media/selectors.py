from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from lampio.programme.models import Showing

from .models import CaptionTrack, Upload, VideoAsset


def video_ready_for(offering) -> VideoAsset | None:
    return (
        VideoAsset.objects.filter(
            offering=offering, status=VideoAsset.Status.READY, needs_review=False
        )
        .prefetch_related(Prefetch("captions", queryset=CaptionTrack.objects.order_by("language")))
        .order_by("-created_at")
        .first()
    )


def offering_videos(offering) -> list[VideoAsset]:
    """The studio's recording page: every recording of the offering with its captions."""
    return list(
        VideoAsset.objects.filter(offering=offering)
        .select_related("live_showing")
        .prefetch_related("captions")
    )


def upload_of(key, user) -> Upload | None:
    """An upload, for the person who started it only."""
    return Upload.objects.select_related("offering").filter(key=key, user=user).first()


def videos_missing_captions(videos: QuerySet[VideoAsset]) -> QuerySet[VideoAsset]:
    """Recordings of live broadcasts that are online and still have no captions."""
    return videos.filter(captions_due_on__isnull=False).exclude(
        Exists(CaptionTrack.objects.filter(video_id=OuterRef("pk")))
    )


def videos_captions_overdue(offerings: QuerySet, *, today: date | None = None):
    """Recordings of these offerings' live broadcasts still without captions after 14 days."""
    today = today or timezone.localdate()
    return (
        videos_missing_captions(VideoAsset.objects.filter(offering__in=offerings))
        .filter(captions_due_on__lt=today)
        .select_related("offering", "offering__producer")
        .order_by("captions_due_on")
    )


def videos_captions_due_soon(*, within_days: int = 3, today: date | None = None):
    today = today or timezone.localdate()
    return (
        videos_missing_captions(VideoAsset.objects.all())
        .filter(
            captions_due_on__gte=today, captions_due_on__lte=today + timedelta(days=within_days)
        )
        .select_related("offering", "offering__producer")
    )


def studio_offerings(offerings: QuerySet):
    """The studio home: each offering with its upcoming showings and its recordings."""
    now = timezone.now()
    return (
        offerings.select_related("producer")
        .prefetch_related(
            Prefetch(
                "showings",
                queryset=Showing.objects.filter(ends_at__gte=now, is_cancelled=False).order_by(
                    "starts_at"
                ),
                to_attr="upcoming_showings",
            ),
            Prefetch(
                "videos",
                queryset=VideoAsset.objects.prefetch_related("captions").order_by("-created_at"),
                to_attr="all_videos",
            ),
        )
        .order_by("status", "title")
    )


@dataclass(frozen=True)
class WatchPlan:
    """What the watch page plays now: a live broadcast, a premiere everybody watches together
    from its start, or a recording to watch any time."""

    mode: str  # "live", "premiere" or "recording"
    showing: Showing | None = None
    video: VideoAsset | None = None


# A live broadcast's page opens this long before it starts (its foyer opens at the doors'
# time), and stays to say "the broadcast has ended" for this long after.
LIVE_PAGE_BEFORE = timedelta(hours=24)
LIVE_PAGE_AFTER = timedelta(hours=12)


def watch_plan(offering, *, now: datetime | None = None) -> WatchPlan | None:
    """What the watch page shows now. A live showing always has its page from a day before
    until half a day after, with or without a stream address: the page says plainly what is
    happening. A premiere plays once its video is ready; after it, the video stays as a
    recording."""
    now = now or timezone.now()
    showings = offering.showings.filter(is_cancelled=False).select_related("video")
    if offering.kind == offering.Kind.LIVE:
        showing = showings.filter(ends_at__gte=now).order_by("starts_at").first()
        if showing is not None and showing.starts_at - now <= LIVE_PAGE_BEFORE:
            return WatchPlan(mode="live", showing=showing)
    if offering.kind == offering.Kind.PREMIERE:
        showing = (
            showings.filter(
                ends_at__gte=now, video__status=VideoAsset.Status.READY, video__needs_review=False
            )
            .order_by("starts_at")
            .first()
        )
        if showing is not None:
            return WatchPlan(mode="premiere", showing=showing, video=showing.video)
    video = video_ready_for(offering)
    if video is not None:
        return WatchPlan(mode="recording", video=video)
    if offering.kind == offering.Kind.LIVE:
        ended = (
            showings.filter(ends_at__lt=now, ends_at__gte=now - LIVE_PAGE_AFTER)
            .order_by("-ends_at")
            .first()
        )
        if ended is not None:
            return WatchPlan(mode="live", showing=ended)
    return None
