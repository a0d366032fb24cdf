"""Foyer benchmark: N simulated foyer clients against one ASGI server process, and the same
load against a minimal `websockets` broadcast server (bench/foyer_ceiling.py) as the ceiling.

    .venv/bin/python bench/foyer.py                       # N = 500, 1000, 2000, 4000
    .venv/bin/python bench/foyer.py --sizes 500 --steady 10

Load, as crowds do before a concert: everybody connects within --storm seconds (20), then for
--steady seconds (20) every table of eight chats one message a second and the room sends 200
applause clicks a second. Reports connect errors, p50/p95/p99 delivery latency of table
messages (send → arrival at each table member), messages lost (expected deliveries that never
arrived), delivered messages per second, the server's CPU (% of one core, and per
connection) and memory per connection. Writes bench/results/foyer.json.

The platform runs as in production on one process: uvicorn, DEBUG off, SQLite (WAL), the
in-memory channel layer. The load generator is one asyncio process on the same 2-core
machine, so at the largest N the generator's own CPU competes with the server's.
"""

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import websockets

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _servers import (  # noqa: E402
    PYTHON,
    ROOT,
    free_port,
    manage,
    production_env,
    uvicorn_start,
    uvicorn_stop,
    wait_for_port,
)

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

SETUP = """
import json, sys
from datetime import timedelta
import django
django.setup()
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.crypto import get_random_string
from lampio.foyer.services import foyer_for_showing
from lampio.programme.models import Offering, Producer, Showing
n = int(sys.argv[1])
now = timezone.now()
producer = Producer.objects.create(slug="bench", name="Bench")
offering = Offering.objects.create(
    slug="bench", title="Bench", title_fi="Bench", summary="S", kind="live",
    status="published", producer=producer, duration_minutes=180, is_nationwide=True,
)
showing = Showing.objects.create(
    offering=offering, starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=3),
    doors_open_at=now - timedelta(minutes=35), stream_url="https://stream.example.fi/a.m3u8",
)
foyer = foyer_for_showing(showing=showing)
User = get_user_model()
User.objects.bulk_create(
    [User(username=f"b{i}", name=f"Katsoja {i}", display_name=f"Katsoja {i}",
          email=f"b{i}@example.fi", password="!") for i in range(n)]
)
store = SessionStore()
keys, rows = [], []
for user in User.objects.order_by("pk"):
    key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
    data = store.encode({
        "_auth_user_id": str(user.pk),
        "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
        "_auth_user_hash": user.get_session_auth_hash(),
    })
    rows.append(Session(session_key=key, session_data=data, expire_date=now + timedelta(days=1)))
    keys.append(key)
Session.objects.bulk_create(rows)
print(json.dumps({"foyer": foyer.pk, "cookies": keys}))
"""


def proc_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def proc_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


class Load:
    def __init__(self, n: int, url: str, origin: str, cookies: list[str] | None):
        self.n, self.url, self.origin, self.cookies = n, url, origin, cookies
        self.clients: list = [None] * n
        self.tables: dict[int, list[int]] = defaultdict(list)
        self.connect_errors = 0
        self.sent_at: dict[str, float] = {}
        self.expected: dict[str, int] = {}
        self.arrived: dict[str, int] = defaultdict(int)
        self.latencies: list[float] = []
        self.delivered = 0
        self.errors: dict[str, int] = defaultdict(int)
        self.measuring = False
        self.closing = False
        self.dropped = 0

    async def connect_one(self, index: int, at: float) -> None:
        await asyncio.sleep(max(0.0, at - time.monotonic()))
        headers = {"Cookie": f"sessionid={self.cookies[index]}"} if self.cookies else None
        try:
            ws = await websockets.connect(
                self.url,
                origin=self.origin,
                additional_headers=headers,
                open_timeout=30,
                max_queue=None,
                ping_interval=None,
            )
            welcome = json.loads(await asyncio.wait_for(ws.recv(), 30))
            table = welcome["me"]["table"]
        except Exception as error:  # noqa: BLE001 - a failed connection is what we count
            self.connect_errors += 1
            if self.connect_errors <= 3:
                print(f"    connect error: {type(error).__name__}: {error}", flush=True)
            return
        self.clients[index] = ws
        self.tables[table].append(index)
        asyncio.get_running_loop().create_task(self.read(ws))

    async def read(self, ws) -> None:
        try:
            async for raw in ws:
                now = time.monotonic()
                if self.measuring:
                    self.delivered += 1
                # Lämpiö's frames are pydantic's compact JSON, the ceiling's json.dumps.
                if raw.startswith(('{"type":"message"', '{"type": "message"')):
                    event = json.loads(raw)
                    token = event.get("text", "")
                    if token in self.sent_at:
                        self.arrived[token] += 1
                        self.latencies.append(now - self.sent_at[token])
                elif raw.startswith(('{"type":"error"', '{"type": "error"')):
                    self.errors[json.loads(raw)["code"]] += 1
        except websockets.ConnectionClosed:
            if not self.closing:
                self.dropped += 1

    async def storm(self, seconds: float) -> float:
        start = time.monotonic()
        await asyncio.gather(
            *(self.connect_one(i, start + seconds * i / self.n) for i in range(self.n))
        )
        return time.monotonic() - start

    async def chat_and_applause(self, seconds: float) -> None:
        tables = {t: [i for i in members if self.clients[i]] for t, members in self.tables.items()}
        connected = [ws for ws in self.clients if ws is not None]
        turn = defaultdict(int)
        # Consonants only: random letters must not spell "wire" or "iban" by chance, which the
        # scam filter rightly refuses (that was the one "lost" message of early runs).
        letters = "bcdfghjklmnpqrstvwxz"

        table_list = [(t, m) for t, m in sorted(tables.items()) if m]

        async def chat_tick(table, members):
            sender = members[turn[table] % len(members)]
            turn[table] += 1
            token = "viesti " + "".join(random.choices(letters, k=12))
            self.sent_at[token] = time.monotonic()
            self.expected[token] = len(members)
            await self.clients[sender].send(json.dumps({"type": "chat", "text": token}))

        async def applause_tick():
            for ws in random.sample(connected, min(10, len(connected))):
                await ws.send(json.dumps({"type": "react", "kind": "applause", "count": 1}))

        self.measuring = True
        start = time.monotonic()
        # Tables talk independently: table k speaks at k/T of every second, not all at once.
        step = 1.0 / max(1, len(table_list))
        next_chat, chat_index = start, 0
        next_applause = start
        while time.monotonic() - start < seconds:
            now = time.monotonic()
            while table_list and now >= next_chat:
                await chat_tick(*table_list[chat_index % len(table_list)])
                chat_index += 1
                next_chat += step
            if now >= next_applause:
                await applause_tick()  # 10 clicks every 50 ms = 200 a second
                next_applause += 0.05
            await asyncio.sleep(max(0.0, min(next_chat, next_applause) - time.monotonic()))
        await asyncio.sleep(3)  # let what is in flight arrive
        self.measuring = False

    async def close(self) -> None:
        self.closing = True
        await asyncio.gather(
            *(ws.close() for ws in self.clients if ws is not None), return_exceptions=True
        )


async def drive(n, url, origin, cookies, pid, storm_s, steady_s) -> dict:
    load = Load(n, url, origin, cookies)
    rss_before = proc_rss_mb(pid)
    storm_took = await load.storm(storm_s)
    await asyncio.sleep(2)
    rss_connected = proc_rss_mb(pid)
    cpu_before = proc_cpu_seconds(pid)
    wall_before = time.monotonic()
    await load.chat_and_applause(steady_s)
    cpu = proc_cpu_seconds(pid) - cpu_before
    wall = time.monotonic() - wall_before
    expected = sum(load.expected.values())
    arrived = sum(min(load.arrived[t], load.expected[t]) for t in load.expected)
    connected = n - load.connect_errors
    await load.close()
    ms = [v * 1000 for v in load.latencies]
    return {
        "clients": n,
        "connected": connected,
        "connect_errors": load.connect_errors,
        "storm_seconds": round(storm_took, 1),
        "table_messages_sent": len(load.expected),
        "deliveries_expected": expected,
        "deliveries_lost": expected - arrived,
        "latency_ms": {
            "p50": round(percentile(ms, 50), 1) if ms else None,
            "p95": round(percentile(ms, 95), 1) if ms else None,
            "p99": round(percentile(ms, 99), 1) if ms else None,
        },
        "delivered_per_second": round(load.delivered / wall),
        "server_cpu_percent": round(100 * cpu / wall, 1),
        "server_cpu_us_per_connection_second": round(1e6 * cpu / wall / max(1, connected), 1),
        "server_rss_mb": round(rss_connected, 1),
        "memory_kb_per_connection": round(
            1024 * (rss_connected - rss_before) / max(1, connected), 1
        ),
        "refused": dict(load.errors),
        "dropped_connections": load.dropped,
    }


def run_platform(n: int, storm_s: float, steady_s: float) -> dict:
    work = Path(tempfile.mkdtemp(prefix="lampio-bench-foyer-"))
    env = production_env(work)
    manage(env, "migrate", "-v", "0")
    made = subprocess.run(
        [PYTHON, "-c", SETUP, str(n)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    world = json.loads(made.stdout.strip().splitlines()[-1])
    port = free_port()
    server = uvicorn_start(env, port, extra_args=("--ws-max-queue", "1024"))
    try:
        time.sleep(1)
        return asyncio.run(
            drive(
                n,
                f"ws://127.0.0.1:{port}/ws/foyer/{world['foyer']}/?lang=fi",
                f"http://127.0.0.1:{port}",
                world["cookies"],
                server.pid,
                storm_s,
                steady_s,
            )
        )
    finally:
        uvicorn_stop(server)


def run_ceiling(n: int, storm_s: float, steady_s: float) -> dict:
    port = free_port()
    server = subprocess.Popen(
        [PYTHON, str(ROOT / "bench" / "foyer_ceiling.py"), "--port", str(port)], cwd=ROOT
    )
    try:
        wait_for_port(port)
        return asyncio.run(
            drive(
                n,
                f"ws://127.0.0.1:{port}/",
                f"http://127.0.0.1:{port}",
                None,
                server.pid,
                storm_s,
                steady_s,
            )
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,1000,2000,4000")
    parser.add_argument("--storm", type=float, default=20)
    parser.add_argument("--steady", type=float, default=20)
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "foyer.json"))
    parser.add_argument("--skip-ceiling", action="store_true", help="profiling runs only")
    args = parser.parse_args()
    results = []
    for n in [int(s) for s in args.sizes.split(",")]:
        print(f"N = {n}: Lämpiö …", flush=True)
        platform = run_platform(n, args.storm, args.steady)
        if args.skip_ceiling:
            print(platform, flush=True)
            continue
        print(f"N = {n}: ceiling (websockets only) …", flush=True)
        ceiling = run_ceiling(n, args.storm, args.steady)
        ratio = platform["delivered_per_second"] / max(1, ceiling["delivered_per_second"])
        results.append(
            {
                "clients": n,
                "lampio": platform,
                "ceiling": ceiling,
                "throughput_vs_ceiling": round(ratio, 3),
            }
        )
        for name, r in (("lampio", platform), ("ceiling", ceiling)):
            lat = r["latency_ms"]
            lost = f"{r['deliveries_lost']}/{r['deliveries_expected']}"
            cpu = (
                f"{r['server_cpu_percent']}% ({r['server_cpu_us_per_connection_second']} µs/conn/s)"
            )
            print(
                f"  {name:8} connected {r['connected']}/{n} errors {r['connect_errors']} | "
                f"p50 {lat['p50']} p95 {lat['p95']} p99 {lat['p99']} ms | lost {lost} | "
                f"{r['delivered_per_second']} msg/s | CPU {cpu} | "
                f"{r['memory_kb_per_connection']} KB/conn | refused {r['refused']}",
                flush=True,
            )
        print(f"  throughput vs ceiling: {ratio:.0%}", flush=True)
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "benchmark": "foyer",
        "storm_seconds": args.storm,
        "steady_seconds": args.steady,
        "cpu_count": os.cpu_count(),
        "results": results,
    }
    output.write_text(json.dumps(payload, indent=2) + "\n")
    print(f"Wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
