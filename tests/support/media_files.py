"""Test media made on the spot with ffmpeg's test sources and Pillow: nothing downloaded."""

import subprocess
from pathlib import Path

from PIL import Image


def make_clip(path: Path, *, seconds: int = 6, size: str = "640x360", audio: bool = True) -> Path:
    command = [
        "ffmpeg",
        "-hide_banner",
        "-loglevel",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        f"testsrc2=size={size}:rate=25",
    ]
    if audio:
        command += ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"]
    command += [
        "-t",
        str(seconds),
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-pix_fmt",
        "yuv420p",
    ]
    if audio:
        command += ["-c:a", "aac", "-shortest"]
    subprocess.run([*command, str(path)], check=True, timeout=120)
    return path


def make_audio_only(path: Path) -> Path:
    subprocess.run(
        [
            "ffmpeg",
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440",
            "-t",
            "3",
            "-c:a",
            "aac",
            str(path),
        ],
        check=True,
        timeout=60,
    )
    return path


def make_image(path: Path) -> Path:
    Image.new("RGB", (320, 180), (120, 40, 20)).save(path, format="PNG")
    return path


SRT = """1
00:00:00,500 --> 00:00:02,000
Tervetuloa Lämpiöön!

2
00:00:02,500 --> 00:00:05,000
Laulamme yhdessä.
"""
