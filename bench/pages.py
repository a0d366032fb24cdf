"""Pages benchmark: server CPU per logged-in page at 1 and 50 concurrent clients, and the
anonymous page cache through expiries and programme edits (the stampede).

    .venv/bin/python bench/pages.py                          # SQLite (DATABASE_URL for PostgreSQL)
    .venv/bin/python bench/pages.py --baseline 3c88e68        # the same, and REV side by side

One uvicorn process (pinned to one core) with production settings and 1,000 offerings; wrk
(pinned to the other core) drives keep-alive connections with a logged-in session cookie.
CPU per request is the server process's CPU time over the requests it answered.

The stampede runs: anonymous visitors on the home page, 50 connections as fast as they go
(the server saturated, so latency is queueing), after a warm-up (a fresh process's first
pages import and compile): first with nothing expiring (the floor), then with the page
expiring once and the programme edited once from another process during the run (through
Redis, which REDIS_URL names, else redis://127.0.0.1:6379/14), then under churn far beyond
the real one: the page cache kept for 1 s, and also an edit every second. Reports
p50/p95/p99/max latency.

With --baseline REV the same runs are repeated on that commit (a git worktree) in the same
run. Figures are printed and written to bench/results/pages.json.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _servers import (  # noqa: E402
    PYTHON,
    ROOT,
    free_port,
    production_env,
    uvicorn_start,
    uvicorn_stop,
    wait_for_health,
)
from catalogue import ensure_wrk, run_wrk  # noqa: E402
from foyer import fresh_postgres_database, proc_cpu_seconds  # noqa: E402

TARGETS = {
    "home": "/",
    "catalogue": "/programme/",
    "offering": "/programme/bench-10/",
    "watch": "/programme/bench-live/watch/",
}

WORLD = """
import json
from datetime import timedelta
import django
django.setup()
import sys
sys.path.insert(0, "bench")
from django.test import Client
from django.utils import timezone
from seed_catalogue import seed
from lampio.accounts.models import User
from lampio.programme.models import Offering, Showing
seed(1000)
now = timezone.now()
live = Offering.objects.get(slug="bench-1")
live.slug, live.kind = "bench-live", "live"
live.save()
Showing.objects.create(
    offering=live, starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=6),
    doors_open_at=now - timedelta(minutes=35), stream_url="/media/live/bench/index.m3u8",
)
user = User.objects.create(
    username="katsoja", name="Aino Katsoja", display_name="Aino, Tampere",
    email="aino@example.fi",
)
client = Client()
client.force_login(user)
# A browser has its CSRF cookie from the first page Django rendered for it.
from django.middleware.csrf import _get_new_csrf_string
cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={_get_new_csrf_string()}"
print(json.dumps({"cookie": cookie}))
"""

EDITOR = """
import sys
import time
import django
django.setup()
from lampio.programme.models import Offering
first, every = float(sys.argv[1]), float(sys.argv[2])
offering = Offering.objects.get(slug="bench-10")
print("ready", flush=True)
sys.stdin.readline()  # the load has begun
time.sleep(first)
while True:
    offering.summary_fi = offering.summary = f"Muokattu {time.time():.0f}"
    offering.save()
    print(time.time(), flush=True)
    if not every:
        break
    time.sleep(every)
"""


def start(tree: Path, env: dict, port: int) -> subprocess.Popen:
    server = uvicorn_start(env, port, pin_to_core=0, extra_args=("--lifespan", "off"), tree=tree)
    wait_for_health(port, timeout=60)
    return server


def warm_up(port: int, path: str, times: int = 3) -> None:
    for _ in range(times):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as answer:
            answer.read()
        time.sleep(1.1)  # past the version check, so the next request looks once more


def prepare(tree: Path, redis_url: str) -> tuple[dict, str]:
    var_dir = Path(tempfile.mkdtemp(prefix="lampio-bench-pages-"))
    env = production_env(var_dir, keep_services=True)
    env.setdefault("REDIS_URL", redis_url)
    if env.get("DATABASE_URL", "").startswith("postgres"):
        env["DATABASE_URL"] = fresh_postgres_database(env["DATABASE_URL"])
    subprocess.run(["redis-cli", "-u", env["REDIS_URL"], "flushdb"], capture_output=True)
    for args in (("migrate", "--no-input", "-v", "0"), ("collectstatic", "--no-input", "-v", "0")):
        subprocess.run([PYTHON, "manage.py", *args], cwd=tree, env=env, check=True)
    made = subprocess.run(
        [PYTHON, "-c", WORLD], cwd=tree, env=env, check=True, capture_output=True, text=True
    )
    return env, json.loads(made.stdout.strip().splitlines()[-1])["cookie"]


def measured(wrk, server, url, seconds, connections, headers=()) -> dict:
    script = ROOT / "bench" / "wrk_report.lua"
    before = proc_cpu_seconds(server.pid)
    result = run_wrk(wrk, url, seconds, connections, script, headers=headers)
    cpu = proc_cpu_seconds(server.pid) - before
    result["cpu_ms_per_request"] = round(1000 * cpu / max(1, result["requests"]), 2)
    return result


def logged_in(tree: Path, env: dict, cookie: str, wrk: str, seconds: int) -> dict:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start(tree, env, port)
    runs = {}
    try:
        headers = (f"Cookie: {cookie}", "Accept-Encoding: gzip")
        for name, path in TARGETS.items():
            one = measured(wrk, server, base + path, seconds, 1, headers)
            fifty = measured(wrk, server, base + path, seconds, 50, headers)
            runs[name] = {
                "one_client": one,
                "fifty_clients": fifty,
                "cpu_fifty_vs_one": round(
                    fifty["cpu_ms_per_request"] / max(1e-9, one["cpu_ms_per_request"]), 2
                ),
            }
            print(
                f"    {name:10} 1 client {one['cpu_ms_per_request']:6.2f} ms CPU/page "
                f"p95 {one['p95_ms']:7.2f} ms | 50 clients {fifty['cpu_ms_per_request']:6.2f} "
                f"ms CPU/page, {fifty['requests_per_s']:7.1f} pages/s, p95 "
                f"{fifty['p95_ms']:7.2f} ms, errors {one['errors'] + fifty['errors']}",
                flush=True,
            )
    finally:
        uvicorn_stop(server)
    return runs


STAMPEDE_RUNS = {
    # label: (cache seconds, edits: None or (first after s, then every s; 0: once),
    #         shared cache through Redis?)
    "cached floor (no expiry)": ("1000", None, False),
    # The goal's case: the page expires once and the programme is edited once while 50
    # visitors come (the warm-up renders it; the load begins about 4.5 s later, so it
    # expires about 2.5 s into the load; the edit comes 5.5 s into the load).
    "one expiry and one edit (Redis)": ("7", (5.5, 0), True),
    # Churn far beyond the real one (entries live 60 s): eight of each in eight seconds.
    "expiry every second": ("1", None, False),
    "expiry and an edit every second (Redis)": ("1", (1, 1), True),
}


def stampede(tree: Path, env: dict, wrk: str, seconds: int) -> dict:
    """Anonymous visitors on the home page while it expires and the programme changes. An
    edit in another process reaches the server only through a shared cache (Redis)."""
    results = {}
    for label, (cache_seconds, edits, shared) in STAMPEDE_RUNS.items():
        run_env = {**env, "PAGE_CACHE_SECONDS": cache_seconds}
        if not shared:
            run_env.pop("REDIS_URL", None)
        port = free_port()
        server = start(tree, run_env, port)
        editor = None
        if edits is not None:
            timing = [str(value) for value in edits]
            editor = subprocess.Popen(
                [PYTHON, "-c", EDITOR, *timing],
                cwd=tree,
                env=run_env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            editor.stdout.readline()  # "ready": set up, waiting for the load to begin
        edited_at: list[float] = []
        try:
            # A process that has served nothing yet imports, compiles templates and reads
            # translations on its first pages: a deploy's first second, not a stampede.
            warm_up(port, "/")
            time.sleep(1)
            began = time.time()
            if editor is not None:
                editor.stdin.write("go\n")
                editor.stdin.flush()
            result = run_wrk(wrk, f"http://127.0.0.1:{port}/", seconds, 50)
            ended = time.time()
        finally:
            if editor is not None:
                editor.terminate()
                edited_at = [float(line) for line in editor.communicate()[0].split()]
            uvicorn_stop(server)
        # Said, not assumed: how many edits fell inside the measured seconds.
        result["edits_during_run"] = sum(began <= moment <= ended for moment in edited_at)
        result["page_cache_seconds"] = float(cache_seconds)
        results[label] = result
        print(
            f"    anonymous home, 50 clients, {label}: p50 {result['p50_ms']} p95 "
            f"{result['p95_ms']} p99 {result['p99_ms']} max {result['max_ms']} ms, "
            f"{result['requests_per_s']} req/s, errors {result['errors']}, edits during the "
            f"run {result['edits_during_run']}",
            flush=True,
        )
    return results


def worktree(rev: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix="lampio-baseline-"))
    subprocess.run(
        ["git", "worktree", "add", "-f", "--detach", str(path), rev], cwd=ROOT, check=True
    )
    (path / "node_modules").symlink_to(ROOT / "node_modules")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--baseline", help="a commit to measure side by side")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--only", choices=("logged_in", "stampede"))
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "pages.json"))
    args = parser.parse_args()
    wrk = ensure_wrk()
    trees = {"now": ROOT}
    if args.baseline:
        trees[f"baseline {args.baseline}"] = worktree(args.baseline)
    database = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
    results = {"database": database, "seconds": args.seconds, "runs": {}}
    try:
        for label, tree in trees.items():
            print(f"{label} ({database}) …", flush=True)
            env, cookie = prepare(tree, args.redis)
            run = results["runs"][label] = {}
            if args.only != "stampede":
                run["logged_in"] = logged_in(tree, env, cookie, wrk, args.seconds)
            if args.only != "logged_in":
                run["stampede"] = stampede(tree, env, wrk, args.seconds)
    finally:
        for tree in trees.values():
            if tree != ROOT:
                subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT)
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(results, indent=2) + "\n")
    print(f"Wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
