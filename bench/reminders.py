"""Reminders for a national concert: 50,000 people with the showing in their programme, all
reminders claimed, rendered and handed to the mail backend by one worker, beside rendering
the same emails in a bare loop as the ceiling.

    .venv/bin/python bench/reminders.py                  # 50,000 people (a few minutes)
    .venv/bin/python bench/reminders.py --people 5000    # a quick look

A fresh PostgreSQL database (DATABASE_URL's server, database lampio_bench_reminders) gets one
published live showing starting in 20 minutes and PEOPLE people who have it in their
programme. One worker runs lampio.week.reminders.reminders_send — the real thing: for each
person the claim row, a one-tap login link, the three templates in the person's language,
and the mail handed to Django's mail backend (the file backend of the embedded default, in a
temporary folder) — and then a second run, which must send nothing. The ceiling renders the
same three templates for the same people and hands them to the same backend, with no
database work at all.

Printed and written to bench/results/reminders.json: seconds, emails per second and the
machine's CPU per email (all cores, this process and PostgreSQL together), for both, and
whether the goal (all within 5 minutes on one worker) was met."""

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

DATABASE = "lampio_bench_reminders"
GOAL_SECONDS = 300


def seed(people: int):
    from datetime import timedelta

    from django.utils import timezone

    from lampio.accounts.models import User
    from lampio.programme.models import Offering, Producer, Showing
    from lampio.week.models import ProgrammeEntry

    producer = Producer.objects.create(slug="bench", name="Bench")
    offering = Offering.objects.create(
        slug="konsertti", title="Kansallinen konsertti", summary="S", kind="live",
        status="published", producer=producer, duration_minutes=90,
    )  # fmt: skip
    starts = timezone.now() + timedelta(minutes=20)
    showing = Showing.objects.create(
        offering=offering, starts_at=starts, ends_at=starts + timedelta(minutes=90),
        doors_open_at=starts - timedelta(minutes=30),
    )  # fmt: skip
    languages = ["fi"] * 8 + ["sv", "en"]
    batch = 5000
    for first in range(0, people, batch):
        created = User.objects.bulk_create(
            [
                User(
                    username=f"katsoja{n}",
                    name=f"Katsoja {n}",
                    display_name=f"K {n}",
                    email=f"katsoja{n}@example.fi",
                    language=languages[n % len(languages)],
                )  # fmt: skip
                for n in range(first, min(first + batch, people))
            ]
        )
        ProgrammeEntry.objects.bulk_create(
            [ProgrammeEntry(person=person, showing=showing) for person in created]
        )
    return showing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "reminders.json"))
    args = parser.parse_args()

    server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    folder = Path(tempfile.mkdtemp(prefix="lampio-bench-reminders-"))
    env = production_env(
        folder, keep_services=True, DATABASE_URL=fresh_postgres_database(server, DATABASE)
    )
    os.environ.update(env)
    manage(env, "migrate", "--no-input", "-v", "0")
    import django

    django.setup()
    from django.conf import settings
    from django.urls import reverse

    from lampio.core.mail import email_deliver, email_render
    from lampio.week.models import ReminderSent
    from lampio.week.reminders import reminders_send

    print(f"Seeding {args.people:,} people with the showing in their programme …", flush=True)
    showing = seed(args.people)
    outbox = Path(settings.EMAIL_FILE_PATH)
    print(f"Sending with one worker (mail to {outbox}) …", flush=True)
    cpu_before, began = machine_cpu_seconds(), time.perf_counter()
    sent = reminders_send()
    seconds, cpu = time.perf_counter() - began, machine_cpu_seconds() - cpu_before
    again = reminders_send()
    claimed = ReminderSent.objects.filter(showing=showing).count()
    real = {
        "emails": sent,
        "seconds": round(seconds, 1),
        "per_s": round(sent / seconds, 1),
        "cpu_ms_per_email": round(1000 * cpu / max(sent, 1), 2),
        "second_run_sent": again,
        "claimed_rows": claimed,
    }

    print("The ceiling: rendering and handing over the same emails, no database …", flush=True)
    from lampio.accounts.models import User

    people = list(User.objects.filter(username__startswith="katsoja").order_by("pk"))
    url = settings.SITE_URL + reverse("accounts:login_link", args=["x" * 43])
    cpu_before, began = machine_cpu_seconds(), time.perf_counter()
    for person in people:
        rendered = email_render(
            template_prefix="week/email/reminder",
            to=[person.email],
            context={
                "recipient": person,
                "person": person,
                "showing": showing,
                "offering": showing.offering,
                "kind": "soon",
                "url": url,
            },
            language=person.language,
        )
        email_deliver(**rendered)
    bare_seconds, bare_cpu = time.perf_counter() - began, machine_cpu_seconds() - cpu_before
    ceiling = {
        "emails": len(people),
        "seconds": round(bare_seconds, 1),
        "per_s": round(len(people) / bare_seconds, 1),
        "cpu_ms_per_email": round(1000 * bare_cpu / len(people), 2),
    }
    results = {
        "database": "postgresql",
        "people": args.people,
        "reminders": real,
        "ceiling_render_and_send": ceiling,
        "cpu_ratio": round(real["cpu_ms_per_email"] / ceiling["cpu_ms_per_email"], 2),
        "goal_seconds": GOAL_SECONDS,
        "goal_met": sent == args.people and seconds <= GOAL_SECONDS and again == 0,
    }
    Path(args.output).write_text(json.dumps(results, indent=2) + "\n")
    print()
    print(f"{'':30} {'reminders':>12} {'bare render':>12}")
    print(f"{'emails':30} {real['emails']:>12,} {ceiling['emails']:>12,}")
    print(f"{'seconds':30} {real['seconds']:>12} {ceiling['seconds']:>12}")
    print(f"{'emails per second':30} {real['per_s']:>12} {ceiling['per_s']:>12}")
    print(
        f"{'machine CPU ms per email':30} {real['cpu_ms_per_email']:>12}"
        f" {ceiling['cpu_ms_per_email']:>12}"
    )
    print(f"second run sent {again}; goal (all in {GOAL_SECONDS} s): {results['goal_met']}")
    print(f"\nWritten to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
