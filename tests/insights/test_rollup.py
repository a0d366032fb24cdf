"""The rollup: the same facts however often it runs, raw events deleted after retention, and
the background worker keeps one rollup waiting on its queue."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lampio.feedback.models import ViewingEvent
from lampio.insights.models import ShowingMinute, ViewingFact
from lampio.insights.rollup import day_rollup, rollup_run
from lampio.insights.tasks import insights_rollup, insights_rollup_schedule
from tests.programme.factories import ShowingFactory

pytestmark = pytest.mark.django_db

Kind = ViewingEvent.Kind


def events_for(showing, *, sessions: int, at):
    rows = []
    for _n in range(sessions):
        session = uuid.uuid4()
        rows += [
            ViewingEvent(
                session=session,
                seq=0,
                offering=showing.offering,
                showing=showing,
                kind=Kind.PLAY,
                occurred_at=at,
            ),
            ViewingEvent(
                session=session,
                seq=1,
                offering=showing.offering,
                showing=showing,
                kind=Kind.HEARTBEAT,
                occurred_at=at + timedelta(seconds=30),
                position=30,
                value=30,
            ),
        ]
    ViewingEvent.objects.bulk_create(rows)


def test_rolling_up_a_day_again_gives_the_same_facts():
    showing = ShowingFactory()
    at = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    events_for(showing, sessions=6, at=at)
    assert day_rollup(at.date()) == 6
    first = list(ViewingFact.objects.values_list("viewer", "watch_seconds").order_by("viewer"))
    assert day_rollup(at.date()) == 6
    assert (
        list(ViewingFact.objects.values_list("viewer", "watch_seconds").order_by("viewer")) == first
    )
    assert [w for _v, w in first] == [30] * 6
    assert list(ShowingMinute.objects.values_list("viewers", flat=True).order_by("minute")) == [6]


def test_raw_events_older_than_retention_are_deleted_but_facts_stay(settings):
    settings.TELEMETRY_RETENTION_DAYS = 30
    showing = ShowingFactory()
    now = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    old = now - timedelta(days=31)
    events_for(showing, sessions=5, at=old)
    events_for(showing, sessions=2, at=now - timedelta(days=29))
    day_rollup(old.date())
    run = rollup_run(first_day=now.date(), last_day=now.date(), now=now)
    assert run.events_deleted == 10
    assert ViewingEvent.objects.count() == 4
    assert ViewingFact.objects.filter(day=old.date()).count() == 5


def test_the_worker_keeps_one_rollup_waiting(settings):
    settings.ROLLUP_INTERVAL_MINUTES = 60
    assert insights_rollup_schedule() is True
    assert insights_rollup_schedule() is False
    waiting = DBTaskResult.objects.get(status="READY")
    assert waiting.run_after > timezone.now() + timedelta(minutes=59)
    waiting.delete()
    insights_rollup.call()  # runs the rollup now and schedules the next
    assert DBTaskResult.objects.filter(status="READY").count() == 1


def test_after_a_pause_the_worker_catches_up_from_its_last_run():
    from lampio.insights.models import RollupRun
    from lampio.insights.rollup import recent_days_rollup

    showing = ShowingFactory()
    now = timezone.now()
    today = timezone.localtime(now).date()
    RollupRun.objects.create(
        started_at=now - timedelta(days=5),
        finished_at=now - timedelta(days=5),
        first_day=today - timedelta(days=6),
        last_day=today - timedelta(days=5),
    )
    four_days_ago = timezone.localtime(now - timedelta(days=4)).replace(hour=12)
    events_for(showing, sessions=2, at=four_days_ago)
    run = recent_days_rollup(now=now)
    assert run.first_day == today - timedelta(days=5)
    assert ViewingFact.objects.filter(day=four_days_ago.date()).count() == 2


def test_implausible_sessions_are_discounted():
    """A forged session that claims more playing than its own clock allows counts only what
    the clock allows; a page that never played nor came to the foyer is not a viewer."""
    showing = ShowingFactory()
    at = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    events_for(showing, sessions=5, at=at)  # five real viewers, 30 s each
    forged = uuid.uuid4()
    ViewingEvent.objects.bulk_create(
        ViewingEvent(
            session=forged,
            seq=seq,
            offering=showing.offering,
            showing=showing,
            kind=Kind.HEARTBEAT,
            occurred_at=at,  # fifty heartbeats of two minutes, all in the same instant
            value=120,
        )
        for seq in range(50)
    )
    for _n in range(20):  # pages that only said "play"
        ViewingEvent.objects.create(
            session=uuid.uuid4(), seq=0, offering=showing.offering, showing=showing,
            kind=Kind.PLAY, occurred_at=at,
        )  # fmt: skip
    assert day_rollup(at.date()) == 6
    watched = sorted(ViewingFact.objects.values_list("watch_seconds", flat=True))
    assert watched == [30, 30, 30, 30, 30, 120]
