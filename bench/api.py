"""Open data API benchmark: 1,000 offerings, 50 concurrent clients, one process, beside the
framework's floor (a trivial JSON view) in the same process and run.

    .venv/bin/python bench/api.py                  # about 2 minutes
    .venv/bin/python bench/api.py --seconds 5      # a quick look
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/api.py

One uvicorn process (pinned to one core) serves the platform with production settings; wrk
(pinned to the other core) drives 50 keep-alive connections at each address in turn. The
floor is /healthz (one `SELECT 1` and a JsonResponse through the same middleware). Besides
requests per second and p95, the server process's own CPU time per request is read from
/proc, so the figures are capacity, not the offered load. Printed and written to
bench/results/api.json."""

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _servers import ROOT, free_port, production_env, uvicorn_stop  # noqa: E402
from catalogue import ensure_wrk, fetch, prepare, run_wrk, start_server  # noqa: E402

TARGETS = {
    "floor: trivial JSON view (/healthz)": "/healthz",
    "API: art forms (tiny list)": "/api/v1/art-forms",
    "API: offerings, 50 per page": "/api/v1/offerings",
    "API: offerings filtered (captions, Tampere)": (
        "/api/v1/offerings?feature=captions&municipality=tampere"
    ),
    "API: showings, 50 per page (sv)": "/api/v1/showings?lang=sv",
}


def process_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offerings", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "api.json"))
    args = parser.parse_args()

    wrk = ensure_wrk()
    var_dir = Path(tempfile.mkdtemp(prefix="lampio-bench-api-"))
    # wrk is one client address: the per-client limit is lifted for the measurement (its
    # counting in the cache still happens on every request).
    env = {**production_env(var_dir, keep_services=True), "API_RATE_LIMIT": "1000000000/m"}
    database = "postgresql" if env.get("DATABASE_URL") else "sqlite"
    print(f"Preparing {args.offerings} offerings on {database} in {var_dir} …", flush=True)
    prepare(env, args.offerings)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(env, port)
    runs = {}
    try:
        for name, path in TARGETS.items():
            body, _headers = fetch(base + path)  # warm up, and a look at the size
            before = process_cpu_seconds(server.pid)
            run = run_wrk(wrk, base + path, args.seconds, args.connections)
            cpu = process_cpu_seconds(server.pid) - before
            run.update(
                path=path,
                bytes=len(body),
                server_cpu_ms_per_request=round(1000 * cpu / max(run["requests"], 1), 3),
            )
            runs[name] = run
            print(
                f"  {name:48} {run['requests_per_s']:8.1f} req/s  p95 {run['p95_ms']:7.2f} ms"
                f"  CPU {run['server_cpu_ms_per_request']:6.2f} ms/req  errors {run['errors']}",
                flush=True,
            )
    finally:
        uvicorn_stop(server)
    floor = runs["floor: trivial JSON view (/healthz)"]
    results = {
        "offerings": args.offerings,
        "database": database,
        "connections": args.connections,
        "seconds": args.seconds,
        "runs": runs,
        "vs_floor": {
            name: {
                "requests_per_s": round(run["requests_per_s"] / floor["requests_per_s"], 3),
                "cpu_per_request": round(
                    run["server_cpu_ms_per_request"] / floor["server_cpu_ms_per_request"], 2
                ),
            }
            for name, run in runs.items()
        },
    }
    print()
    print(f"{'address':48} {'req/s':>9} {'p95 ms':>8} {'CPU ms/req':>11} {'× floor CPU':>12}")
    for name, run in runs.items():
        print(
            f"{name:48} {run['requests_per_s']:9.1f} {run['p95_ms']:8.2f}"
            f" {run['server_cpu_ms_per_request']:11.2f}"
            f" {results['vs_floor'][name]['cpu_per_request']:12.2f}"
        )
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"written to {args.output}")
    shutil.rmtree(var_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
