"""Insights benchmark: a year of viewing data for 20,000 people on PostgreSQL.

    .venv/bin/python bench/insights.py                  # the full run (10.5 million events)
    .venv/bin/python bench/insights.py --events 500000  # a quick look
    .venv/bin/python bench/insights.py --baseline REV   # and the same on commit REV after it

It creates a fresh PostgreSQL database (DATABASE_URL's server, database lampio_bench_insights),
seeds 20,000 people in five municipalities, 400 offerings and a year of live showings, and
writes a year of raw viewing events with COPY: play, heartbeats every 30 s, completions,
stalls, quality switches and foyer counts, as the player and the foyer send them. Then it
measures, against the goals of the issue, in the same run:

- the full-year rollup (lampio.insights.rollup, as the worker runs it day by day);
- p95 of each dashboard page, 40 sequential requests each, through one uvicorn process with
  production settings;
- ingest throughput of the beacon endpoint: wrk (pinned to core 1) posts batches of 50 new
  events over 16 connections to one uvicorn process (pinned to core 0).

With --baseline REV the same benchmark of that commit (a git worktree, its own
bench/insights.py, the same arguments) runs right after, on the same machine, and its figures
are printed and written beside these.

Figures are printed and written to bench/results/insights.json.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from _servers import free_port, manage, production_env, uvicorn_stop  # noqa: E402
from catalogue import ensure_wrk, run_wrk, start_server  # noqa: E402

GOALS = {"ingest_events_per_s": 5000, "rollup_seconds": 120, "dashboard_p95_ms": 200}
DATABASE = "lampio_bench_insights"
MUNICIPALITIES = ["helsinki", "turku", "tampere", "jyvaskyla", "oulu"]
BANDS = ["-1939", "1940-1949", "1950-1959", "1960-", ""]


def fresh_database(server_url: str) -> str:
    import psycopg

    with psycopg.connect(server_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        db.execute(f"CREATE DATABASE {DATABASE}")
    return server_url.rsplit("/", 1)[0] + "/" + DATABASE


def seed(people: int, offerings: int, now: datetime, rng: random.Random) -> dict:
    from django.contrib.auth.hashers import make_password

    from lampio.accounts.models import CoordinatorAssignment, ProducerMembership, User
    from lampio.municipalities.models import Municipality
    from lampio.programme.models import ArtForm, Offering, Producer, Showing

    towns = list(Municipality.objects.filter(slug__in=MUNICIPALITIES))
    password = make_password(None)
    User.objects.bulk_create(
        [
            User(
                username=f"viewer{n}",
                name=f"Katsoja {n}",
                display_name=f"Katsoja {n}",
                password=password,
                home_municipality=rng.choice(towns) if rng.random() < 0.9 else None,
                birth_year_band=rng.choice(BANDS),
                analytics_consent_at=now if rng.random() < 0.7 else None,
            )
            for n in range(people)
        ],
        batch_size=5000,
    )
    producers = Producer.objects.bulk_create(
        [
            Producer(
                name=f"Tuottaja {n}", slug=f"tuottaja-{n}", home_municipality=rng.choice(towns)
            )
            for n in range(40)
        ]
    )
    music = ArtForm.objects.get(slug="music")
    created = Offering.objects.bulk_create(
        [
            Offering(
                slug=f"bench-{n}",
                title=f"Esitys {n}",
                title_fi=f"Esitys {n}",
                summary="Lyhyt kuvaus.",
                kind=Offering.Kind.LIVE if n % 2 == 0 else Offering.Kind.RECORDING,
                status=Offering.Status.PUBLISHED,
                producer=producers[(n // 2) % len(producers)],
                duration_minutes=rng.choice([30, 45, 60, 90]),
                is_nationwide=True,
                published_at=now - timedelta(days=400),
            )
            for n in range(offerings)
        ]
    )
    Offering.art_forms.through.objects.bulk_create(
        [Offering.art_forms.through(offering_id=o.pk, artform_id=music.pk) for o in created]
    )
    showings = []
    for offering in created:
        if offering.kind != Offering.Kind.LIVE:
            continue
        for _n in range(2):
            day = now - timedelta(days=rng.randint(1, 364))
            starts = day.replace(hour=rng.choice([11, 14, 18]), minute=0, second=0, microsecond=0)
            showings.append(
                Showing(
                    offering=offering,
                    starts_at=starts,
                    ends_at=starts + timedelta(minutes=offering.duration_minutes),
                    doors_open_at=starts - timedelta(minutes=30),
                    stream_url="https://stream.example.fi/live.m3u8",
                )
            )
    Showing.objects.bulk_create(showings)
    producer_user = User.objects.create(username="bench-producer", name="P", display_name="P")
    ProducerMembership.objects.create(user=producer_user, producer=producers[0])
    coordinator = User.objects.create(username="bench-coordinator", name="C", display_name="C")
    CoordinatorAssignment.objects.create(
        user=coordinator, municipality=Municipality.objects.get(slug="helsinki")
    )
    admin = User.objects.create(
        username="bench-admin", name="A", display_name="A", is_superuser=True, is_staff=True
    )
    return {"producer": producer_user, "coordinator": coordinator, "admin": admin}


TABLE = "feedback_viewingevent"
COLUMNS = (
    "session, seq, user_id, offering_id, showing_id, kind, device, occurred_at, position, value"
)


def session_events(rng, start, minutes: int, *, live: bool, step) -> list[tuple]:
    """One page's events as (kind, moment, position, value), in the order the player sends
    them: play, perhaps a quality switch, heartbeats with rare stalls, the end if reached,
    and for live showings sometimes a visit to the foyer."""
    beats = rng.randint(4, 2 * minutes)
    events = [(1, start, 0.0, 0)]
    if rng.random() < 0.5:
        events.append((4, start + timedelta(seconds=2), 0.0, 720))
    for beat in range(1, beats + 1):
        events.append((2, start + step[beat], float(beat * 30), 30))
        if rng.random() < 0.01:
            events.append((5, start + step[beat] + timedelta(seconds=1), float(beat * 30), 0))
    if beats >= 2 * minutes * 0.9:
        events.append((3, start + step[beats] + timedelta(seconds=5), float(minutes * 60), 5))
    if live and rng.random() < 0.4:
        end = start + step[beats]
        events.append((6, start + timedelta(seconds=10), None, 0))
        events.append((8, end, None, rng.randint(1, 6)))
        events.append((9, end + timedelta(seconds=1), None, rng.randint(1, 40)))
        events.append((7, end + timedelta(seconds=2), None, 0))
    return sorted(events, key=lambda event: event[1])


def generate_events(target: int, now: datetime, rng: random.Random) -> dict:
    """Write about `target` raw events with COPY; returns what was written."""
    from django.db import connection

    from lampio.accounts.models import User
    from lampio.programme.models import Offering, Showing

    people = list(
        User.objects.filter(username__startswith="viewer").values_list("pk", "analytics_consent_at")
    )
    live = list(
        Showing.objects.values_list("pk", "offering_id", "starts_at", "offering__duration_minutes")
    )
    recordings = list(
        Offering.objects.filter(kind=Offering.Kind.RECORDING).values_list("pk", "duration_minutes")
    )
    year = 365 * 24 * 3600
    written = sessions = 0
    step = [timedelta(seconds=30 * i) for i in range(400)]
    devices = [1, 2, 2, 2, 3, 4]
    started = time.monotonic()
    with connection.cursor() as cursor, cursor.copy(f"COPY {TABLE} ({COLUMNS}) FROM STDIN") as copy:
        while written < target:
            user_id, consent = rng.choice(people)
            if rng.random() < 0.5:
                showing_id, offering_id, start, minutes = rng.choice(live)
                start = start + timedelta(seconds=rng.randint(-300, 900))
            else:
                offering_id, minutes = rng.choice(recordings)
                showing_id = None
                start = now - timedelta(seconds=rng.randint(7200, year))
            events = session_events(rng, start, minutes, live=showing_id is not None, step=step)
            session = uuid.UUID(int=rng.getrandbits(128), version=4)
            device = rng.choice(devices)
            person = user_id if consent else None
            for seq, (kind, at, position, value) in enumerate(events):
                copy.write_row(
                    (
                        session,
                        seq,
                        person,
                        offering_id,
                        showing_id,
                        kind,
                        device,
                        at,
                        position,
                        value,
                    )
                )
            written += len(events)
            sessions += 1
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE feedback_viewingevent")
    return {
        "events": written,
        "sessions": sessions,
        "seconds": round(time.monotonic() - started, 1),
    }


def dashboard_p95(base: str, cookies: dict, pages: dict, requests: int) -> dict:
    results = {}
    for label, (who, path) in pages.items():
        headers = {"Cookie": f"sessionid={cookies[who]}", "Host": "127.0.0.1"}
        timings = []
        for attempt in range(requests + 3):
            request = urllib.request.Request(base + path, headers=headers)
            began = time.perf_counter()
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
                assert response.status == 200, (path, response.status)
            if attempt >= 3:  # the first requests warm the process up
                timings.append((time.perf_counter() - began) * 1000)
        timings.sort()
        results[label] = {
            "path": path,
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
            "max_ms": round(timings[-1], 1),
        }
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20000)
    parser.add_argument("--events", type=int, default=10_500_000)
    parser.add_argument("--offerings", type=int, default=400)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--ingest-seconds", type=int, default=20)
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "insights.json"))
    parser.add_argument("--baseline", help="a commit to measure the same way after this one")
    args = parser.parse_args()

    server_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    var_dir = Path(tempfile.mkdtemp(prefix="lampio-bench-insights-"))
    # One load generator on one address: the per-address limit on viewing data (a setting)
    # is lifted, so the figure is the cost of receiving and storing the data.
    env = production_env(
        var_dir,
        keep_services=True,
        DATABASE_URL=fresh_database(server_url),
        BEACON_BATCHES_PER_ADDRESS="10000000/m",
    )
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from lampio.insights.models import ViewingFact
    from lampio.insights.rollup import rollup_run

    print(f"Preparing {args.people} people on PostgreSQL ({DATABASE}) …", flush=True)
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    rng = random.Random(2026)
    now = datetime.now(UTC).replace(microsecond=0)
    users = seed(args.people, args.offerings, now, rng)
    print(f"Writing about {args.events:,} events with COPY …", flush=True)
    generated = generate_events(args.events, now, rng)
    print(
        f"  {generated['events']:,} events in {generated['sessions']:,} sessions,"
        f" {generated['seconds']} s",
        flush=True,
    )

    first_day = timezone.localtime(now - timedelta(days=366)).date()
    last_day = timezone.localtime(now).date()
    print(f"Rolling up {first_day} – {last_day} …", flush=True)
    began = time.monotonic()
    run = rollup_run(first_day=first_day, last_day=last_day)
    rollup_seconds = round(time.monotonic() - began, 1)
    print(f"  {run.facts:,} facts in {rollup_seconds} s", flush=True)

    cookies = {}
    for who, user in users.items():
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        cookies[who] = session.session_key
    from lampio.programme.models import Offering

    producer_live = (
        Offering.objects.filter(producer__memberships__user=users["producer"], kind="live")
        .order_by("pk")
        .first()
    )
    producer_recording = (
        Offering.objects.filter(producer__memberships__user=users["producer"], kind="recording")
        .order_by("pk")
        .first()
    )
    busiest_month = timezone.localtime(now - timedelta(days=40)).strftime("%Y-%m")
    pages = {
        "producer: insights home": ("producer", "/insights/"),
        "producer: live offering": ("producer", f"/insights/offerings/{producer_live.slug}/"),
        "producer: recording": ("producer", f"/insights/offerings/{producer_recording.slug}/"),
        "producer: CSV of a table": (
            "producer",
            f"/insights/offerings/{producer_live.slug}/summary.csv",
        ),
        "coordinator: Helsinki, 90 days": (
            "coordinator",
            "/insights/municipalities/helsinki/?days=90",
        ),
        "coordinator: Helsinki, 365 days": (
            "coordinator",
            "/insights/municipalities/helsinki/?days=365",
        ),
        "admin: insights home": ("admin", "/insights/"),
        "admin: all municipalities, 365 days": ("admin", "/insights/municipalities/all/?days=365"),
        "admin: Teosto CSV": ("admin", f"/insights/teosto.csv?month={busiest_month}"),
    }
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(env, port)
    try:
        print("Dashboards …", flush=True)
        dashboards = dashboard_p95(base, cookies, pages, args.requests)
        print("Ingest …", flush=True)
        wrk = ensure_wrk()
        passes = var_dir / "viewing-passes.txt"
        passes.write_text(viewing_passes(producer_recording.pk, 100_000))
        os.environ.update(
            BEACON_OFFERING=str(producer_recording.pk),
            BEACON_ORIGIN=base,
            BEACON_EVENTS="50",
            BEACON_PASSES=str(passes),
        )
        ingest = run_wrk_beacon(wrk, base, args.ingest_seconds)
    finally:
        uvicorn_stop(server)

    results = {
        "database": "postgresql",
        "people": args.people,
        "events": generated["events"],
        "sessions": generated["sessions"],
        "facts": ViewingFact.objects.count(),
        "goals": GOALS,
        "ingest": ingest,
        "rollup_seconds": rollup_seconds,
        "rollup_days": (last_day - first_day).days + 1,
        "dashboards": dashboards,
    }
    if args.baseline:
        results["baseline"] = {"commit": args.baseline, **baseline_run(args)}
    Path(args.output).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    report(results)
    print(f"\nWritten to {args.output}")
    return 0


def baseline_run(args) -> dict:
    """The baseline commit's own benchmark with the same arguments, in a git worktree."""
    tree = Path(tempfile.mkdtemp(prefix="lampio-baseline-"))
    subprocess.run(
        ["git", "worktree", "add", "-f", "--detach", str(tree), args.baseline],
        cwd=ROOT,
        check=True,
    )
    (tree / "node_modules").symlink_to(ROOT / "node_modules")
    output = tree / "baseline.json"
    try:
        subprocess.run(
            [
                sys.executable,
                "bench/insights.py",
                *("--people", str(args.people), "--events", str(args.events)),
                *("--offerings", str(args.offerings), "--requests", str(args.requests)),
                *("--ingest-seconds", str(args.ingest_seconds), "--output", str(output)),
            ],
            cwd=tree,
            check=True,
        )
        figures = json.loads(output.read_text())
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT)
    return {key: figures[key] for key in ("ingest", "rollup_seconds", "dashboards")}


def report(results: dict) -> None:
    baseline = results.get("baseline")
    ingest, rollup, dashboards = (
        results["ingest"],
        results["rollup_seconds"],
        results["dashboards"],
    )
    columns = f"{'measure':42} {'now':>10}"
    if baseline:
        columns += f" {baseline['commit'][:10]:>10}"
    print()
    print(columns + f" {'goal':>10}")

    def line(label, now, before, goal):
        text = f"{label:42} {now:>10}"
        if baseline:
            text += f" {before:>10}"
        print(text + f" {goal:>10}")

    line(
        "ingest, events/s (one process)",
        f"{ingest['events_per_s']:,}",
        f"{baseline['ingest']['events_per_s']:,}" if baseline else "",
        "≥ 5,000",
    )
    line(
        "ingest, p95 ms per batch",
        ingest["p95_ms"],
        baseline["ingest"]["p95_ms"] if baseline else "",
        "",
    )
    line("full-year rollup, s", rollup, baseline["rollup_seconds"] if baseline else "", "< 120")
    for label, figures in dashboards.items():
        before = baseline["dashboards"].get(label, {}).get("p95_ms", "") if baseline else ""
        line(label + ", p95 ms", figures["p95_ms"], before, "≤ 200")


def viewing_passes(offering_id: int, count: int) -> str:
    """Sessions with their signed viewing tokens, as the token endpoint issues them."""
    from lampio.feedback.viewing_tokens import viewing_token_issue

    lines = []
    for _ in range(count):
        viewing = viewing_token_issue(offering_id=offering_id, showing_id=None)
        lines.append(f"{viewing.session} {viewing.token}")
    return "\n".join(lines) + "\n"


def run_wrk_beacon(wrk: str, base: str, seconds: int) -> dict:
    connections = 16
    result = run_wrk(wrk, base + "/beacon", seconds, connections, ROOT / "bench" / "wrk_beacon.lua")
    per_batch = int(os.environ["BEACON_EVENTS"])
    result.update(
        connections=connections,
        events_per_batch=per_batch,
        events_per_s=round(result["requests_per_s"] * per_batch),
    )
    return result


if __name__ == "__main__":
    sys.exit(main())
