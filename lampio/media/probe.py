"""Checking an upload with ffprobe before anything else is done with it.

Only real media containers are opened, by ffprobe and by every later ffmpeg run: a
"video" that is really a playlist (HLS, concat, an image sequence) would make ffmpeg open
other files on this machine, so the demuxers are limited to a list of containers, the only
protocol is a plain local file, and the transcoding forces the container that was probed."""

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from lampio.core.refusals import RefusedError

MAX_DURATION_SECONDS = 4 * 60 * 60
MAX_BYTES = 20 * 1024**3
# ffmpeg's demuxers for media containers that hold their own data (no references to other
# files): QuickTime/MP4, Matroska/WebM, AVI, MPEG-TS, MPEG-PS, FLV, ASF/WMV, MXF, Ogg.
MEDIA_DEMUXERS = ("mov", "matroska", "avi", "mpegts", "mpeg", "flv", "asf", "mxf", "ogg")
SUPPORTED_VIDEO_CODECS = {
    "h264",
    "hevc",
    "vp8",
    "vp9",
    "av1",
    "mpeg4",
    "mpeg2video",
    "prores",
    "dnxhd",
}


# Single pictures are recognised when probing, only to tell the producer what they chose.
PICTURE_DEMUXERS = ("png_pipe", "jpeg_pipe", "gif", "webp_pipe", "bmp_pipe")


def media_input(path: Path, demuxer: str) -> list[str]:
    """ffmpeg's input arguments for an upload: a plain local file, read by the container's
    own demuxer as probed, nothing else."""
    return [
        "-protocol_whitelist",
        "file",
        "-format_whitelist",
        demuxer,
        "-f",
        demuxer,
        "-i",
        f"file:{path}",
    ]


@dataclass(frozen=True)
class ProbeResult:
    demuxer: str
    duration: float
    width: int
    height: int
    fps: float
    video_codec: str
    has_audio: bool


def _fps(rate: str) -> float:
    try:
        numerator, denominator = rate.split("/")
        return float(numerator) / float(denominator) if float(denominator) else 25.0
    except (ValueError, ZeroDivisionError):
        return 25.0


def probe_video(path: Path) -> ProbeResult:
    size = path.stat().st_size if path.exists() else 0
    if size == 0:
        raise RefusedError("media.video_empty")
    if size > MAX_BYTES:
        raise RefusedError("media.video_too_large")
    try:
        result = subprocess.run(
            [
                "ffprobe",
                "-v",
                "error",
                "-print_format",
                "json",
                "-show_format",
                "-show_streams",
                "-protocol_whitelist",
                "file",
                "-format_whitelist",
                ",".join(MEDIA_DEMUXERS + PICTURE_DEMUXERS),
                f"file:{path}",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise RefusedError("media.video_damaged") from error
    try:
        info = json.loads(result.stdout or "{}")
    except ValueError:
        info = {}
    streams = info.get("streams") or []
    if result.returncode != 0 or not streams:
        raise RefusedError("media.video_unreadable")
    format_names = info.get("format", {}).get("format_name", "").split(",")
    if set(format_names) & set(PICTURE_DEMUXERS):
        raise RefusedError("media.video_no_picture")
    demuxer = next((name for name in format_names if name in MEDIA_DEMUXERS), None)
    if demuxer is None:
        raise RefusedError("media.video_unreadable")
    video = next(
        (
            s
            for s in streams
            if s.get("codec_type") == "video" and not s.get("disposition", {}).get("attached_pic")
        ),
        None,
    )
    if video is None:
        raise RefusedError("media.video_no_picture")
    codec = video.get("codec_name", "")
    if codec not in SUPPORTED_VIDEO_CODECS:
        raise RefusedError("media.video_codec", codec=codec or "?")
    try:
        duration = float(info.get("format", {}).get("duration") or video.get("duration") or 0)
    except ValueError:
        duration = 0.0
    if duration <= 0:
        raise RefusedError("media.video_damaged")
    if duration > MAX_DURATION_SECONDS:
        raise RefusedError("media.video_too_long")
    return ProbeResult(
        demuxer=demuxer,
        duration=duration,
        width=int(video.get("width") or 0),
        height=int(video.get("height") or 0),
        fps=_fps(video.get("avg_frame_rate") or video.get("r_frame_rate") or "25/1"),
        video_codec=codec,
        has_audio=any(s.get("codec_type") == "audio" for s in streams),
    )
