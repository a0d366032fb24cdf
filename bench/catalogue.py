"""Catalogue benchmark: 1,000 offerings, 50 concurrent clients, dynamic pages vs a static file.

    .venv/bin/python bench/catalogue.py            # full run (about 2 minutes)
    .venv/bin/python bench/catalogue.py --seconds 5

One uvicorn process (pinned to one core) serves the platform with production settings
(DEBUG off, WhiteNoise, the page cache); wrk (pinned to the other core) drives 50 keep-alive
connections. In the same run it measures a static file of the home page's size served by the
same process through WhiteNoise, and repeats the dynamic pages with the page cache off.
Figures are printed and written to bench/results/catalogue.json.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _servers import (  # noqa: E402
    PYTHON,
    ROOT,
    free_port,
    manage,
    production_env,
    uvicorn_start,
    uvicorn_stop,
    wait_for_health,
)

TARGETS = {
    "home": "/",
    "catalogue (filtered)": "/programme/?feature=captions&art=music",
    "offering": "/programme/bench-10/",
}
GOALS = {"p95_ms": 50, "dynamic_vs_static": 0.40, "home_weight_kb": 100}


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "wrk"], check=True)
    return shutil.which("wrk")


def prepare(env: dict, offerings: int) -> None:
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    code = (
        "import django; django.setup();"
        "import sys; sys.path.insert(0, 'bench');"
        f"from seed_catalogue import seed; print(seed({offerings}))"
    )
    subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=env, check=True)


def start_server(env: dict, port: int) -> subprocess.Popen:
    server = uvicorn_start(env, port, pin_to_core=0, extra_args=("--lifespan", "off"))
    wait_for_health(port)
    return server


def fetch(url: str, encoding: str = "identity"):
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read(), response.headers


def page_weight(base: str, path: str) -> dict:
    """HTML + CSS + JS as transferred with compression (gzip for HTML, brotli for assets)."""
    html, _ = fetch(base + path)
    html_gz, headers = fetch(base + path, "gzip")
    assets = re.findall(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"', html.decode())
    asset_bytes = 0
    for asset in assets:
        body, _ = fetch(base + asset, "br, gzip")
        asset_bytes += len(body)
    return {
        "html_bytes": len(html),
        "html_compressed_bytes": len(html_gz),
        "html_encoding": headers.get("Content-Encoding", "identity"),
        "assets": assets,
        "assets_compressed_bytes": asset_bytes,
        "total_compressed_kb": round((len(html_gz) + asset_bytes) / 1024, 1),
    }


def run_wrk(
    wrk: str,
    url: str,
    seconds: int,
    connections: int,
    script: Path | None = None,
    headers: tuple[str, ...] = (),
) -> dict:
    command = [
        wrk,
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        *(part for header in headers for part in ("-H", header)),
        "-s",
        str(script or ROOT / "bench" / "wrk_report.lua"),
        url,
    ]
    if shutil.which("taskset"):
        command = ["taskset", "-c", "1", *command]
    output = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT).stdout
    data = json.loads(output.split("WRK_JSON ", 1)[1].splitlines()[0])
    seconds_measured = data["duration_us"] / 1e6
    return {
        "requests_per_s": round(data["requests"] / seconds_measured, 1),
        "p50_ms": round(data["p50_us"] / 1000, 2),
        "p95_ms": round(data["p95_us"] / 1000, 2),
        "p99_ms": round(data["p99_us"] / 1000, 2),
        "max_ms": round(data["max_us"] / 1000, 2),
        "errors": data["errors"] + data["non_2xx"],
        "requests": data["requests"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offerings", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "catalogue.json"))
    args = parser.parse_args()

    wrk = ensure_wrk()
    var_dir = Path(tempfile.mkdtemp(prefix="lampio-bench-"))
    env = production_env(var_dir, keep_services=True)
    database = "postgresql" if env.get("DATABASE_URL") else "sqlite"
    print(f"Preparing {args.offerings} offerings on {database} in {var_dir} …", flush=True)
    prepare(env, args.offerings)

    # The static file: the home page's own HTML, saved under STATIC_ROOT and served by
    # WhiteNoise from the same process, so the two differ only in being dynamic.
    results: dict = {
        "offerings": args.offerings,
        "database": database,
        "connections": args.connections,
        "seconds": args.seconds,
        "goals": GOALS,
        "runs": {},
    }
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(env, port)
    try:
        home_html, _ = fetch(base + "/")
        static_dir = var_dir / "static" / "bench"
        static_dir.mkdir(parents=True, exist_ok=True)
        (static_dir / "home-copy.html").write_bytes(home_html)
    finally:
        uvicorn_stop(server)

    for label, cache_seconds in (("page cache on (default)", "60"), ("page cache off", "0")):
        run_env = {**env, "PAGE_CACHE_SECONDS": cache_seconds}
        server = start_server(run_env, port)
        try:
            run = {}
            targets = dict(TARGETS)
            if cache_seconds != "0":
                targets["static file (same size as home)"] = "/static/bench/home-copy.html"
            for name, path in targets.items():
                fetch(base + path)  # warm up
                run[name] = run_wrk(wrk, base + path, args.seconds, args.connections)
                run[name]["path"] = path
                print(
                    f"  [{label}] {name:34} {run[name]['requests_per_s']:8.1f} req/s  "
                    f"p50 {run[name]['p50_ms']:6.2f} ms  p95 {run[name]['p95_ms']:6.2f} ms  "
                    f"errors {run[name]['errors']}",
                    flush=True,
                )
            if cache_seconds != "0":
                results["weights"] = {
                    name: page_weight(base, path) for name, path in TARGETS.items()
                }
        finally:
            uvicorn_stop(server)
        results["runs"][label] = run

    default = results["runs"]["page cache on (default)"]
    static_rps = default["static file (same size as home)"]["requests_per_s"]
    summary = {}
    for name in TARGETS:
        for label, run in results["runs"].items():
            summary[f"{name} [{label}]"] = {
                "requests_per_s": run[name]["requests_per_s"],
                "p95_ms": run[name]["p95_ms"],
                "vs_static": round(run[name]["requests_per_s"] / static_rps, 3),
            }
    results["summary"] = summary
    results["static"] = default["static file (same size as home)"]
    results["static_bytes"] = len(home_html)
    results["home_weight_kb"] = results["weights"]["home"]["total_compressed_kb"]
    results["goals_met"] = {
        "p95_ms": all(default[n]["p95_ms"] <= GOALS["p95_ms"] for n in TARGETS),
        "dynamic_vs_static": all(
            default[n]["requests_per_s"] / static_rps >= GOALS["dynamic_vs_static"] for n in TARGETS
        ),
        "home_weight_kb": results["home_weight_kb"] <= GOALS["home_weight_kb"],
    }

    print()
    print(
        f"Static file ({len(home_html)} bytes): {static_rps} req/s, "
        f"p95 {results['static']['p95_ms']} ms"
    )
    print(f"{'page':60} {'req/s':>9} {'p95 ms':>8} {'vs static':>10}")
    for name, row in summary.items():
        print(
            f"{name:60} {row['requests_per_s']:9.1f} {row['p95_ms']:8.2f} {row['vs_static']:10.0%}"
        )
    for name, weight in results["weights"].items():
        print(
            f"weight {name:26} HTML {weight['html_compressed_bytes'] / 1024:.1f} KB "
            f"({weight['html_encoding']}) + CSS/JS {weight['assets_compressed_bytes'] / 1024:.1f}"
            f" KB = {weight['total_compressed_kb']} KB"
        )
    print("goals met:", results["goals_met"])
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"written to {args.output}")
    shutil.rmtree(var_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
