"""Ticket purchases from the prepaid balance on PostgreSQL, beside a bare UPDATE loop.

    .venv/bin/python bench/tickets.py                 # 5,000 buyers, 4,000 seats, 50 at once
    .venv/bin/python bench/tickets.py --buyers 1000   # a quick look

A fresh PostgreSQL database (DATABASE_URL's server, database lampio_bench_tickets) gets one
paid live showing with CAPACITY seats and BUYERS people with a balance. 50 threads of this one
process (as many requests of one server process at once) buy one ticket each for every buyer
through lampio.tickets.services.ticket_buy — the real service: the showing's row lock, the
seat count, the ledger's locked accounts and entries. Then, as the ceiling, the same 50 threads
run a bare `UPDATE … SET balance_cents = balance_cents - 1200` per buyer in autocommit.

Printed and written to bench/results/tickets.json: purchases per second, the machine's CPU
per purchase (all cores, this process and PostgreSQL together, from /proc/stat), tickets sold
against seats (zero oversell), and whether the ledger still sums to zero."""

import argparse
import json
import os
import queue
import sys
import tempfile
import threading
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

DATABASE = "lampio_bench_tickets"
PRICE_CENTS = 1200


def seed(buyers: int, capacity: int) -> tuple:
    from datetime import timedelta

    from django.utils import timezone

    from lampio.accounts.models import User
    from lampio.programme.models import Offering, Producer, Showing
    from lampio.tickets.ledger import balance_account, ledger_post, platform_account
    from lampio.tickets.models import LedgerAccount

    producer = Producer.objects.create(slug="bench", name="Bench")
    offering = Offering.objects.create(
        slug="bench", title="Bench", summary="S", kind="live", status="published",
        producer=producer, duration_minutes=60, price_cents=PRICE_CENTS,
    )  # fmt: skip
    starts = timezone.now() + timedelta(days=1)
    showing = Showing.objects.create(
        offering=offering, starts_at=starts, ends_at=starts + timedelta(hours=1),
        doors_open_at=starts - timedelta(minutes=30), capacity=capacity,
    )  # fmt: skip
    people = User.objects.bulk_create(
        [User(username=f"buyer{n}", name=f"B {n}", display_name=f"B {n}") for n in range(buyers)]
    )
    provider = platform_account(LedgerAccount.Kind.PROVIDER)
    for person in people:
        ledger_post(kind="top_up", lines=[(provider, -5000), (balance_account(person), 5000)])
    return offering, showing, people


def run_threads(work, items: list, threads: int) -> tuple[float, float, dict]:
    jobs: queue.Queue = queue.Queue()
    for item in items:
        jobs.put(item)
    outcomes: dict[str, int] = {}
    lock = threading.Lock()

    def worker():
        from django.db import connection

        try:
            while True:
                try:
                    item = jobs.get_nowait()
                except queue.Empty:
                    return
                outcome = work(item)
                with lock:
                    outcomes[outcome] = outcomes.get(outcome, 0) + 1
        finally:
            connection.close()

    workers = [threading.Thread(target=worker) for _ in range(threads)]
    cpu_before, began = machine_cpu_seconds(), time.perf_counter()
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    return time.perf_counter() - began, machine_cpu_seconds() - cpu_before, outcomes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buyers", type=int, default=5000)
    parser.add_argument("--capacity", type=int, default=4000)
    parser.add_argument("--threads", type=int, default=50)
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "tickets.json"))
    args = parser.parse_args()

    server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    env = production_env(
        Path(tempfile.mkdtemp(prefix="lampio-bench-tickets-")),
        keep_services=True,
        DATABASE_URL=fresh_postgres_database(server, DATABASE),
        DATABASE_POOL_SIZE=str(args.threads + 5),
    )
    os.environ.update(env)
    manage(env, "migrate", "--no-input", "-v", "0")
    import django

    django.setup()
    from django.db import connection

    from lampio.core.refusals import RefusedError
    from lampio.tickets.ledger import balance_account, ledger_check
    from lampio.tickets.models import Ticket
    from lampio.tickets.services import ticket_buy

    print(f"Seeding {args.buyers:,} buyers and a showing of {args.capacity:,} seats …", flush=True)
    offering, showing, people = seed(args.buyers, args.capacity)
    accounts = [balance_account(person).pk for person in people]

    def buy(person) -> str:
        try:
            ticket_buy(person=person, offering=offering, showing=showing, idempotency_key="b")
        except RefusedError as refusal:
            return refusal.code
        return "ticket"

    print(f"Buying with {args.threads} threads …", flush=True)
    seconds, cpu, outcomes = run_threads(buy, people, args.threads)
    sold = Ticket.objects.filter(showing=showing).count()
    check = ledger_check()
    attempts = len(people)
    purchases = {
        "attempts": attempts,
        "outcomes": outcomes,
        "seconds": round(seconds, 2),
        "per_s": round(attempts / seconds, 1),
        "cpu_ms_per_attempt": round(1000 * cpu / attempts, 2),
        "sold": sold,
        "seats": args.capacity,
        "oversold": max(0, sold - args.capacity),
        "ledger_sums_to_zero": check.sound,
    }

    def bare_update(account_id) -> str:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE tickets_ledgeraccount SET balance_cents = balance_cents - %s WHERE id = %s",
                [PRICE_CENTS, account_id],
            )
        return "updated"

    print("The ceiling: bare UPDATEs …", flush=True)
    seconds, cpu, outcomes = run_threads(bare_update, accounts, args.threads)
    ceiling = {
        "updates": len(accounts),
        "seconds": round(seconds, 2),
        "per_s": round(len(accounts) / seconds, 1),
        "cpu_ms_per_update": round(1000 * cpu / len(accounts), 2),
    }
    results = {
        "database": "postgresql",
        "threads": args.threads,
        "purchases": purchases,
        "ceiling_bare_update": ceiling,
        "cpu_ratio": round(purchases["cpu_ms_per_attempt"] / ceiling["cpu_ms_per_update"], 1),
    }
    Path(args.output).write_text(json.dumps(results, indent=2) + "\n")
    print()
    print(f"{'':36} {'purchases':>12} {'bare UPDATE':>12}")
    print(f"{'per second':36} {purchases['per_s']:>12} {ceiling['per_s']:>12}")
    print(
        f"{'machine CPU ms per purchase/update':36} {purchases['cpu_ms_per_attempt']:>12}"
        f" {ceiling['cpu_ms_per_update']:>12}"
    )
    print(
        f"sold {sold:,} of {args.capacity:,} seats (oversold {purchases['oversold']}),"
        f" outcomes {purchases['outcomes']}, ledger sums to zero: {check.sound}"
    )
    print(f"\nWritten to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
