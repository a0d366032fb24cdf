"""The embedded default's live origin: ffmpeg makes a live HLS stream from a generated picture
and tone, in real time, into the platform's own media (``live/demo/``), keeping a rolling
window of a few segments. The demo season's live showings point at it, so that whatever is
"on now" really plays live, and the stream health check sees it move ("Live now").

In production, broadcasts come from the producers' streaming services (LIVE_STREAM_ORIGINS);
this origin is for the embedded default and the tests only.
"""

import shutil
import subprocess
from pathlib import Path

from django.conf import settings

DEMO_STREAM_NAME = "live/demo/index.m3u8"
SEGMENT_SECONDS = 2
WINDOW_SEGMENTS = 6


def demo_stream_url() -> str:
    """The playback address of the demo stream on the platform's own media."""
    return f"{settings.MEDIA_URL}{DEMO_STREAM_NAME}"


def demo_stream_directory(media_root: Path | None = None) -> Path:
    return Path(media_root or settings.MEDIA_ROOT) / Path(DEMO_STREAM_NAME).parent


def live_origin_command(directory: Path, *, seconds: int | None = None) -> list[str]:
    """ffmpeg's arguments: real time (-re), a keyframe at every segment boundary, segments
    and the playlist written to a temporary name and renamed, so a reader never sees half a
    file, and old segments deleted as the window moves on."""
    limit = ["-t", str(seconds)] if seconds else []
    return [
        "ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-re",
        "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:beep_factor=2",
        *limit,
        "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
        "-g", "50", "-keyint_min", "50", "-sc_threshold", "0", "-b:v", "500k",
        "-c:a", "aac", "-b:a", "64k",
        "-f", "hls", "-hls_time", str(SEGMENT_SECONDS), "-hls_list_size", str(WINDOW_SEGMENTS),
        "-hls_flags", "delete_segments+independent_segments+temp_file+omit_endlist",
        "-hls_segment_filename", str(directory / "segment-%06d.ts"),
        str(directory / "index.m3u8"),
    ]  # fmt: skip


def live_origin_start(media_root: Path | None = None) -> subprocess.Popen:
    """Start the origin in the background, from an empty directory (a stale playlist from
    an earlier run would look like a stuck stream)."""
    directory = demo_stream_directory(media_root)
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    return subprocess.Popen(live_origin_command(directory), stdin=subprocess.DEVNULL)


def live_origin_stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
