"""Transcoding benchmark: the one-pass ladder against one ffmpeg run per rendition.

    .venv/bin/python bench/transcode.py              # 60 s of generated 1080p (a few minutes)
    .venv/bin/python bench/transcode.py --seconds 20

Both produce the same 360p/540p/720p/1080p HLS renditions with the same settings from the
same generated input. Reports wall time, CPU time (user + system of ffmpeg) and the
real-time factor (input seconds per wall second) of each, writes bench/results/transcode.json.
"""

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lampio.media.ladder import (  # noqa: E402
    ladder_for,
    one_pass_command,
    single_rendition_command,
)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(commands: list[list[str]]) -> dict:
    cpu_before = children_cpu()
    start = time.perf_counter()
    for command in commands:
        subprocess.run(command, check=True, capture_output=True)
    wall = time.perf_counter() - start
    return {"wall_s": round(wall, 2), "cpu_s": round(children_cpu() - cpu_before, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "transcode.json"))
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="lampio-bench-transcode-"))
    source = work / "input.mp4"
    print(f"Generating {args.seconds} s of 1080p25 test video …", flush=True)
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
            "testsrc2=size=1920x1080:rate=25",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:sample_rate=48000",
            "-t",
            str(args.seconds),
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-crf",
            "18",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-shortest",
            str(source),
        ],
        check=True,
    )
    renditions = ladder_for(1080)
    results = {"input_seconds": args.seconds, "renditions": [r.name for r in renditions]}

    one_pass_dir = work / "one-pass"
    for r in renditions:
        (one_pass_dir / r.name).mkdir(parents=True)
    results["one_pass"] = timed(
        [one_pass_command(source, one_pass_dir, renditions, fps=25, has_audio=True, demuxer="mov")]
    )

    separate_dir = work / "separate"
    for r in renditions:
        (separate_dir / r.name).mkdir(parents=True)
    results["one_run_per_rendition"] = timed(
        [
            single_rendition_command(source, separate_dir, r, fps=25, has_audio=True, demuxer="mov")
            for r in renditions
        ]
    )
    for key in ("one_pass", "one_run_per_rendition"):
        results[key]["realtime_factor"] = round(args.seconds / results[key]["wall_s"], 2)
    results["one_pass_saves_wall_pct"] = round(
        100 * (1 - results["one_pass"]["wall_s"] / results["one_run_per_rendition"]["wall_s"]), 1
    )
    results["one_pass_saves_cpu_pct"] = round(
        100 * (1 - results["one_pass"]["cpu_s"] / results["one_run_per_rendition"]["cpu_s"]), 1
    )
    print(f"{'':28} {'wall s':>8} {'CPU s':>8} {'× real time':>12}")
    for key in ("one_pass", "one_run_per_rendition"):
        row = results[key]
        print(f"{key:28} {row['wall_s']:8.2f} {row['cpu_s']:8.2f} {row['realtime_factor']:12.2f}")
    print(
        f"one pass saves {results['one_pass_saves_wall_pct']}% wall time and "
        f"{results['one_pass_saves_cpu_pct']}% CPU time"
    )
    Path(args.output).write_text(json.dumps(results, indent=2))
    print(f"written to {args.output}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
