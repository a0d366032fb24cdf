"""Checking an upload with ffprobe before anything else is done with it."""

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from lampio.core.refusals import RefusedError

MAX_DURATION_SECONDS = 4 * 60 * 60
MAX_BYTES = 20 * 1024**3
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


@dataclass(frozen=True)
class ProbeResult:
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
                str(path),
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
    format_name = info.get("format", {}).get("format_name", "")
    if format_name in {"image2", "png_pipe", "jpeg_pipe", "gif", "webp_pipe"}:
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
        duration=duration,
        width=int(video.get("width") or 0),
        height=int(video.get("height") or 0),
        fps=_fps(video.get("avg_frame_rate") or video.get("r_frame_rate") or "25/1"),
        video_codec=codec,
        has_audio=any(s.get("codec_type") == "audio" for s in streams),
    )
