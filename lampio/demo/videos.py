"""Demo videos for the embedded default, so that everything the demo lists as watchable
plays: one generated clip goes through the real pipeline (ffprobe, the one-pass ladder,
publish); every other recording and premiere of the season gets its own copy of the result
(files copied, not shared, so deleting one demo video never breaks another). A premiere's
showings play their offering's video, and one more premiere starts ten minutes after
loading. Lengths come from the video, as for any producer's recording."""

import posixpath
import secrets
import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from lampio.media.models import VideoAsset
from lampio.media.services import caption_track_add, video_asset_create, video_transcode_run
from lampio.programme.durations import offering_duration_follow_video
from lampio.programme.models import Offering, Showing
from lampio.programme.services import showing_schedule

from .season import LANGS, demo_plain_summary

CLIP_SECONDS = 60
DEMO_CAPTIONS = """1
00:00:01,000 --> 00:00:05,000
Tervetuloa Lämpiöön! Tämä on esittelytallenne.

2
00:00:06,000 --> 00:00:12,000
Kirjoita pöytääsi tai taputa – muut näkevät sen heti.
"""


def _clip(path: Path, seconds: int = CLIP_SECONDS) -> Path:
    subprocess.run(
        [
            "ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
            "-f", "lavfi", "-i", "sine=frequency=330:sample_rate=48000",
            "-t", str(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-shortest", str(path),
        ],
        check=True,
        timeout=300,
    )  # fmt: skip


def _transcoded(offering: Offering, workdir: Path, seconds: int) -> VideoAsset:
    clip = workdir / f"{offering.slug}.mp4"
    _clip(clip, seconds)
    video = video_asset_create(offering=offering, source=clip, filename="esittely.mp4")
    video_transcode_run(asset_id=video.pk)
    video.refresh_from_db()
    caption_track_add(video=video, language="fi", data=DEMO_CAPTIONS.encode())
    return video


def _copy_tree(source: str, target: str) -> None:
    directories, files = default_storage.listdir(source)
    for name in files:
        with default_storage.open(f"{source}/{name}", "rb") as handle:
            default_storage.save(f"{target}/{name}", handle)
    for name in directories:
        _copy_tree(f"{source}/{name}", f"{target}/{name}")


def _copied(template: VideoAsset, offering: Offering) -> VideoAsset:
    prefix = f"hls/demo-{offering.pk}-{secrets.token_hex(8)}"
    _copy_tree(posixpath.dirname(template.playlist), prefix)
    video = VideoAsset(
        offering=offering,
        status=VideoAsset.Status.READY,
        progress=100,
        duration_seconds=template.duration_seconds,
        width=template.width,
        height=template.height,
        renditions=template.renditions,
        playlist=f"{prefix}/{posixpath.basename(template.playlist)}",
    )
    with template.poster.open("rb") as poster:
        video.poster.save("poster.jpg", ContentFile(poster.read()), save=False)
    video.save()
    caption_track_add(video=video, language="fi", data=DEMO_CAPTIONS.encode())
    return video


def _plain_summary_tells_the_length(offering: Offering) -> None:
    """The plain-language summary says how long it lasts: the video's length, not the
    season's planned minutes."""
    offering.refresh_from_db(fields=["duration_minutes"])
    Offering.objects.filter(pk=offering.pk).update(
        **{
            f"plain_summary_{lang}": demo_plain_summary(
                offering.kind, lang, getattr(offering, f"title_{lang}"), offering.duration_minutes
            )
            for lang in LANGS
        }
    )


def _watchable(offering: Offering) -> VideoAsset | None:
    return offering.videos.filter(status=VideoAsset.Status.READY, needs_review=False).first()


def demo_videos_make(*, clip_seconds: int = CLIP_SECONDS) -> int:
    """A video for every recording and premiere of the season (made once, kept over
    reloads), and a premiere that starts in ten minutes. Returns how many videos were made."""
    offerings = list(
        Offering.objects.filter(
            kind__in=(Offering.Kind.RECORDING, Offering.Kind.PREMIERE)
        ).order_by("kind", "slug")
    )
    made = 0
    template = next((v for v in map(_watchable, offerings) if v is not None), None)
    with tempfile.TemporaryDirectory(prefix="lampio-demo-video-") as work:
        for offering in offerings:
            video = _watchable(offering)
            if video is None:
                if template is None:
                    template = video = _transcoded(offering, Path(work), clip_seconds)
                else:
                    video = _copied(template, offering)
                made += 1
            if offering.kind == Offering.Kind.PREMIERE:
                offering.showings.filter(video__isnull=True).update(video=video)
            offering_duration_follow_video(offering=offering)
            _plain_summary_tells_the_length(offering)
    premiere = next((o for o in offerings if o.kind == Offering.Kind.PREMIERE), None)
    if premiere is not None:
        starts_at = (timezone.now() + timedelta(minutes=10)).replace(second=0, microsecond=0)
        showing = showing_schedule(offering=premiere, starts_at=starts_at)
        Showing.objects.filter(pk=showing.pk).update(video=_watchable(premiere))
        offering_duration_follow_video(offering=premiere)
    return made
