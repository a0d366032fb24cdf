"""Importer throughput: 10,000 Linked Events events from fixture pages, beside the floor of
reading and mapping the same pages without writing anything.

    .venv/bin/python bench/imports.py                    # 10,000 events on SQLite (~1 min)
    .venv/bin/python bench/imports.py --events 2000      # a quick look
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/imports.py

The pages are generated here in Linked Events' shape (100 events a page, `meta.next`): most
events single, a third the sub-events of recurring series (each series fetched once by id),
some cancelled, one in a hundred refused, each with an HTML description of about 1 KB, a
place with coordinates, keywords, languages and a picture. They are served in-process by
httpx's MockTransport (lampio/imports/stand_in.py), so the JSON is really encoded and
parsed, and nothing leaves the machine. Three columns, one run:

- first run: every event new (offerings, showings, links, many-to-many rows);
- second run: the same pages again, nothing changed (what an hourly run mostly is);
- floor: the same pages fetched, parsed, mapped and their HTML cleaned, no database.

Printed and written to bench/results/imports.json: seconds, events per second and the
machine's CPU per event (all cores: this process and PostgreSQL together)."""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from _servers import (  # noqa: E402
    fresh_postgres_database,
    machine_cpu_seconds,
    manage,
    production_env,
)

DATABASE = "lampio_bench_imports"
BASE = "https://events.example.test/v1/"
PAGE_SIZE = 100
KEYWORDS = ["yso:p1808", "yso:p2625", "yso:p916", "yso:p8113", "yso:p1235", "yso:p99999"]
DESCRIPTION = (
    "<p>Tervetuloa mukaan iltapäivään, jossa <strong>laulamme yhdessä</strong> tuttuja "
    "lauluja ja kuulemme tarinoita niiden takaa.</p><p>Ohjelmassa muun muassa:</p><ul>"
    "<li>Kulkurin valssi</li><li>Metsäkukkia</li><li>Ruusu laaksossa</li></ul>"
    '<p>Tilaisuus on maksuton. Lisätietoja <a href="https://kulttuuri.example.test/laulu">'
    "kulttuuripalveluista</a>.</p><script>tracker()</script>"
    "<p>Paikalle pääsee esteettömästi, ja salissa on induktiosilmukka.</p>" * 2
)


def _event(n: int, year: int, series: str | None = None) -> dict:
    day = 1 + n % 28
    month = 1 + (n // 28) % 12
    start = f"{year}-{month:02d}-{day:02d}T{10 + n % 8:02d}:00:00Z"
    end = f"{year}-{month:02d}-{day:02d}T{11 + n % 8:02d}:30:00Z"
    event = {
        "id": f"bench:{n}",
        "name": {"fi": f"Lauluhetki {n}", "sv": f"Sångstund {n}", "en": None},
        "short_description": {"fi": "Yhteislaulua ja tarinoita.", "sv": "Allsång och berättelser."},
        "description": {"fi": DESCRIPTION, "sv": "<p>Välkommen att sjunga med oss!</p>"},
        "start_time": start,
        "end_time": end,
        "event_status": "EventCancelled" if n % 50 == 7 else "EventScheduled",
        "location": {
            "@id": f"{BASE}place/tprek:{n % 400}/",
            "name": {"fi": f"Kirjasto {n % 400}", "sv": f"Bibliotek {n % 400}"},
            "street_address": {"fi": f"Katu {n % 90}", "sv": f"Gatan {n % 90}"},
            "address_locality": {"fi": "Helsinki", "sv": "Helsingfors"},
            "postal_code": "00100",
            "position": {"type": "Point", "coordinates": [24.9 + n % 10 / 100, 60.17]},
        },
        "location_extra_info": {"fi": "Sali 2, hissi pääovelta"},
        "keywords": [
            {"@id": f"{BASE}keyword/yso:p2433/"},
            {"@id": f"{BASE}keyword/{KEYWORDS[n % len(KEYWORDS)]}/"},
        ],
        "in_language": [{"@id": f"{BASE}language/fi/"}],
        "images": [
            {
                "url": f"https://images.example.test/{n}.jpg",
                "alt_text": "Ihmisiä laulamassa",
                "license": "cc_by",
                "photographer_name": "Kuvaaja",
            }
        ],
        "offers": [{"is_free": n % 3 != 0}],
        "info_url": {"fi": "https://kulttuuri.example.test/laulu"},
        "super_event": {"@id": f"{BASE}event/{series}/"} if series else None,
        "super_event_type": None,
        "last_modified_time": "2026-11-30T08:00:00Z",
    }
    if n % 100 == 42:
        event["end_time"] = event["start_time"]  # refused: ends before it starts
    return event


def fixture_pages(events: int, year: int) -> tuple[list[dict], dict[str, dict]]:
    series = {}
    data = []
    for n in range(events):
        parent = f"bench:series{n % 300}" if n % 3 == 0 else None
        if parent and parent not in series:
            head = _event(1_000_000 + n, year)
            head.update(id=parent, super_event_type="recurring")
            series[parent] = head
        data.append(_event(n, year, parent))
    pages = [data[i : i + PAGE_SIZE] for i in range(0, len(data), PAGE_SIZE)]
    return pages, series


def measure(label: str, work) -> dict:
    cpu_before, began = machine_cpu_seconds(), time.perf_counter()
    events = work()
    seconds, cpu = time.perf_counter() - began, machine_cpu_seconds() - cpu_before
    print(f"  {label}: {events:,} events in {seconds:.1f} s", flush=True)
    return {
        "events": events,
        "seconds": round(seconds, 2),
        "events_per_s": round(events / seconds, 1),
        "cpu_ms_per_event": round(1000 * cpu / events, 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "imports.json"))
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="lampio-bench-imports-"))
    extra = {"IMPORT_IMAGE_ORIGINS": "https://images.example.test"}
    if os.environ.get("DATABASE_URL"):
        extra["DATABASE_URL"] = fresh_postgres_database(os.environ["DATABASE_URL"], DATABASE)
    env = production_env(folder, keep_services=True, **extra)
    database = "postgresql" if env.get("DATABASE_URL") else "sqlite"
    os.environ.update(env)
    print(f"Migrating a fresh {database} database in {folder} …", flush=True)
    manage(env, "migrate", "--no-input", "-v", "0")
    import logging

    import django

    django.setup()
    logging.disable(logging.INFO)  # the per-event refusal lines would dominate the output
    import httpx
    from django.utils import timezone

    from lampio.imports import linked_events
    from lampio.imports.models import EventSource
    from lampio.imports.services import source_import
    from lampio.imports.stand_in import linked_events_stand_in
    from lampio.imports.text import description_text
    from lampio.municipalities.models import Municipality
    from lampio.programme.models import ArtForm, Offering, Producer

    pages, series = fixture_pages(args.events, timezone.now().year + 1)
    source = EventSource.objects.create(
        slug="bench",
        name="Bench",
        base_url=BASE,
        municipality=Municipality.objects.get(slug="helsinki"),
        producer=Producer.objects.create(slug="bench", name="Bench"),
        default_art_form=ArtForm.objects.get(slug="music"),
        is_trusted=True,
    )

    def import_run() -> int:
        source.refresh_from_db()
        client = httpx.Client(transport=linked_events_stand_in(BASE, pages, series))
        run = source_import(source=source, client=client, full=True, sleep=lambda s: None)
        assert run.succeeded, run.error
        print(f"    {run.counts}", flush=True)
        return sum(run.counts.values())

    def floor() -> int:
        client = httpx.Client(transport=linked_events_stand_in(BASE, pages, series))
        read = 0
        for page in linked_events.pages(f"{BASE}event/", {}, client=client):
            for raw in page:
                read += 1
                try:
                    event = linked_events.event_read(raw)
                except linked_events.RecordRefused:
                    continue
                for html in event.descriptions_html.values():
                    description_text(html)
        return read

    print(f"Importing {args.events:,} events ({len(pages)} pages, {len(series)} series) …")
    first = measure("first run (all new)", import_run)
    offerings = Offering.objects.count()
    second = measure("second run (nothing changed)", import_run)
    bare = measure("floor (read, map, clean; no database)", floor)
    results = {
        "database": database,
        "events": args.events,
        "series": len(series),
        "offerings_made": offerings,
        "first_run": first,
        "second_run_unchanged": second,
        "floor_read_and_map": bare,
        "first_run_cpu_ratio_to_floor": round(
            first["cpu_ms_per_event"] / bare["cpu_ms_per_event"], 1
        ),
        "second_run_cpu_ratio_to_floor": round(
            second["cpu_ms_per_event"] / bare["cpu_ms_per_event"], 1
        ),
    }
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(results, indent=2) + "\n")
    print()
    print(f"{database}: {offerings:,} offerings from {args.events:,} events")
    print(f"{'':34} {'first run':>12} {'second run':>12} {'floor':>12}")
    for key, label in (
        ("seconds", "seconds"),
        ("events_per_s", "events per second"),
        ("cpu_ms_per_event", "machine CPU ms per event"),
    ):
        print(f"{label:34} {first[key]:>12} {second[key]:>12} {bare[key]:>12}")
    print(f"\nWritten to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
