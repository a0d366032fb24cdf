"""Demo recordings for the embedded default, so the player and the foyer can be tried without
uploading anything: a generated clip goes through the real pipeline (ffprobe, the one-pass
ladder, publish) for one recording and one premiere of the demo season."""

import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from lampio.media.models import VideoAsset
from lampio.media.services import caption_track_add, video_asset_create, video_transcode_run
from lampio.programme.models import Offering, Showing
from lampio.programme.services import showing_schedule

DEMO_CAPTIONS = """1
00:00:01,000 --> 00:00:05,000
Tervetuloa Lämpiöön! Tämä on esittelytallenne.

2
00:00:06,000 --> 00:00:12,000
Kirjoita pöytääsi tai taputa – muut näkevät sen heti.
"""


def _clip(path: Path, seconds: int = 40) -> Path:
    subprocess.run(
        [
            "ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
            "-f", "lavfi", "-i", "sine=frequency=330:sample_rate=48000",
            "-t", str(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-shortest", str(path),
        ],
        check=True,
        timeout=120,
    )  # fmt: skip
    return path


def _ready_video(offering: Offering, workdir: Path) -> VideoAsset:
    video = offering.videos.filter(status=VideoAsset.Status.READY).first()
    if video is not None:
        return video
    clip = _clip(workdir / f"{offering.slug}.mp4")
    video = video_asset_create(offering=offering, source=clip, filename="esittely.mp4")
    video_transcode_run(asset_id=video.pk)
    video.refresh_from_db()
    caption_track_add(video=video, language="fi", data=DEMO_CAPTIONS.encode())
    return video


def demo_videos_make() -> int:
    """A recording to watch any time, and a premiere that starts in ten minutes."""
    made = 0
    with tempfile.TemporaryDirectory(prefix="lampio-demo-video-") as work:
        workdir = Path(work)
        recording = Offering.objects.filter(kind=Offering.Kind.RECORDING).order_by("slug").first()
        if recording is not None:
            _ready_video(recording, workdir)
            made += 1
        premiere = Offering.objects.filter(kind=Offering.Kind.PREMIERE).order_by("slug").first()
        if premiere is not None:
            video = _ready_video(premiere, workdir)
            starts_at = (timezone.now() + timedelta(minutes=10)).replace(second=0, microsecond=0)
            showing = showing_schedule(offering=premiere, starts_at=starts_at)
            Showing.objects.filter(pk=showing.pk).update(video=video)
            made += 1
    return made
