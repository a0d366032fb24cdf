"""The HLS ladder and the one-pass ffmpeg command that makes it.

PeerTube's proven settings: libx264 veryfast, maxrate = target bitrate, bufsize = 2 ×,
4-second segments with a keyframe at every segment start (-sc_threshold 0 and forced
keyframes). The source is decoded once and split into every rendition in one ffmpeg run.
"""

from dataclasses import dataclass
from pathlib import Path

from .probe import media_input

SEGMENT_SECONDS = 4
AUDIO_BITRATE_K = 128


@dataclass(frozen=True)
class Rendition:
    name: str
    height: int
    video_kbps: int


LADDER = (
    Rendition("360p", 360, 800),
    Rendition("540p", 540, 1500),
    Rendition("720p", 720, 2800),
    Rendition("1080p", 1080, 5000),
)


def ladder_for(source_height: int) -> list[Rendition]:
    """Renditions up to the source's own height (never upscaled); at least one."""
    chosen = [r for r in LADDER if r.height <= source_height]
    if not chosen:
        even = max(2, source_height - source_height % 2)
        chosen = [Rendition(f"{even}p", even, LADDER[0].video_kbps)]
    return chosen


def _video_options(renditions: list[Rendition], fps: float) -> list[str]:
    gop = max(1, round(fps * SEGMENT_SECONDS))
    options = [
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-profile:v",
        "main",
        "-pix_fmt",
        "yuv420p",
        "-sc_threshold",
        "0",
        "-g",
        str(gop),
        "-keyint_min",
        str(gop),
        "-force_key_frames",
        f"expr:gte(t,n_forced*{SEGMENT_SECONDS})",
    ]
    for index, rendition in enumerate(renditions):
        rate = rendition.video_kbps
        options += [
            f"-b:v:{index}",
            f"{rate}k",
            f"-maxrate:v:{index}",
            f"{rate}k",
            f"-bufsize:v:{index}",
            f"{rate * 2}k",
        ]
    return options


def one_pass_command(
    source: Path,
    output_dir: Path,
    renditions: list[Rendition],
    *,
    fps: float,
    has_audio: bool,
    demuxer: str,
) -> list[str]:
    count = len(renditions)
    split = f"[0:v]split={count}" + "".join(f"[s{i}]" for i in range(count))
    scales = ";".join(f"[s{i}]scale=-2:{r.height}[v{i}]" for i, r in enumerate(renditions))
    command = ["ffmpeg", "-hide_banner", "-nostdin", "-y", *media_input(source, demuxer)]
    command += ["-filter_complex", f"{split};{scales}"]
    for index in range(count):
        command += ["-map", f"[v{index}]"]
    if has_audio:
        for _ in range(count):
            command += ["-map", "0:a:0"]
    command += _video_options(renditions, fps)
    if has_audio:
        command += ["-c:a", "aac", "-b:a", f"{AUDIO_BITRATE_K}k", "-ac", "2"]
    stream_map = " ".join(
        f"v:{i},a:{i},name:{r.name}" if has_audio else f"v:{i},name:{r.name}"
        for i, r in enumerate(renditions)
    )
    command += [
        "-f",
        "hls",
        "-hls_time",
        str(SEGMENT_SECONDS),
        "-hls_playlist_type",
        "vod",
        "-hls_flags",
        "independent_segments",
        "-hls_segment_filename",
        str(output_dir / "%v" / "segment_%05d.ts"),
        "-master_pl_name",
        "master.m3u8",
        "-var_stream_map",
        stream_map,
        "-progress",
        "pipe:1",
        "-nostats",
        str(output_dir / "%v" / "index.m3u8"),
    ]
    return command


def single_rendition_command(
    source: Path,
    output_dir: Path,
    rendition: Rendition,
    *,
    fps: float,
    has_audio: bool,
    demuxer: str,
) -> list[str]:
    """One ffmpeg run for one rendition: the baseline the benchmark compares against."""
    command = ["ffmpeg", "-hide_banner", "-nostdin", "-y", *media_input(source, demuxer)]
    command += ["-vf", f"scale=-2:{rendition.height}", "-map", "0:v:0"]
    if has_audio:
        command += ["-map", "0:a:0", "-c:a", "aac", "-b:a", f"{AUDIO_BITRATE_K}k", "-ac", "2"]
    command += _video_options([rendition], fps)
    command += [
        "-f",
        "hls",
        "-hls_time",
        str(SEGMENT_SECONDS),
        "-hls_playlist_type",
        "vod",
        "-hls_segment_filename",
        str(output_dir / rendition.name / "segment_%05d.ts"),
        str(output_dir / rendition.name / "index.m3u8"),
    ]
    return command


def poster_command(source: Path, output: Path, *, at_seconds: float, demuxer: str) -> list[str]:
    return [
        "ffmpeg",
        "-hide_banner",
        "-nostdin",
        "-y",
        "-ss",
        f"{at_seconds:.2f}",
        *media_input(source, demuxer),
        "-frames:v",
        "1",
        "-vf",
        "scale=-2:540",
        "-q:v",
        "4",
        str(output),
    ]
