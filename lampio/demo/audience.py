"""A demo audience for the demo season, so that the dashboards have something to show after
`scripts/start`: 60 made-up viewers who watched ten performances over the last six weeks and
answered some feedback cards. Loading again replaces it."""

import random
import uuid
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from lampio.accounts.models import User
from lampio.feedback.models import Feedback, ViewingEvent
from lampio.insights.rollup import rollup_run
from lampio.municipalities.models import Municipality
from lampio.programme.models import Offering

VIEWERS = 60
DAYS = 42
NAMESPACE = uuid.UUID("5f1d7e0c-6a52-4c1b-9a1e-2b8f3f6f2c11")
COMMENTS = [
    "Kaunis konsertti, kiitos!",
    "Ääni katkesi välillä, mutta muuten hyvä.",
    "Tätä lisää! Laulettiin mukana koko osasto.",
    "Tekstitys auttoi paljon.",
]


@transaction.atomic
def demo_audience_load(now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    rng = random.Random(7)
    towns = list(Municipality.objects.order_by("pk")[:5])
    bands = [value for value, _label in User.BirthYearBand.choices]
    viewers = []
    for number in range(VIEWERS):
        viewer, _created = User.objects.update_or_create(
            username=f"demo-katsoja-{number}",
            defaults={
                "name": f"Demokatsoja {number}",
                "display_name": f"Katsoja {number}",
                "home_municipality": towns[number % len(towns)] if towns else None,
                "birth_year_band": bands[number % len(bands)],
                "analytics_consent_at": now if number % 4 else None,
                "is_active": False,  # nobody can log in as a demo viewer
            },
        )
        viewers.append(viewer)
    offerings = list(
        Offering.objects.filter(status=Offering.Status.PUBLISHED).order_by("slug")[:10]
    )
    sessions = [uuid.uuid5(NAMESPACE, f"{n}") for n in range(VIEWERS * 8)]
    ViewingEvent.objects.filter(session__in=sessions).delete()
    Feedback.objects.filter(user__in=viewers).delete()
    events = []
    for index, session in enumerate(sessions):
        if not offerings:
            break
        viewer = viewers[index % VIEWERS]
        offering = offerings[rng.randrange(len(offerings))]
        start = now - timedelta(days=rng.uniform(0.1, DAYS))
        # A heartbeat every 30 s: a one-minute recording has two at most.
        longest = max(1, 2 * offering.duration_minutes)
        beats = rng.randint(min(3, longest), longest)
        linked = viewer if viewer.analytics_consent_at else None
        device = rng.choice([1, 2, 2, 3, 4])
        kinds = [(ViewingEvent.Kind.PLAY, 0, None)]
        kinds += [(ViewingEvent.Kind.HEARTBEAT, 30, 30 * b) for b in range(1, beats + 1)]
        if beats >= 2 * offering.duration_minutes * 0.9:
            kinds.append((ViewingEvent.Kind.COMPLETE, 0, offering.duration_minutes * 60))
        for seq, (kind, value, position) in enumerate(kinds):
            events.append(
                ViewingEvent(
                    session=session,
                    seq=seq,
                    user=linked,
                    offering=offering,
                    kind=kind,
                    device=device,
                    occurred_at=start + timedelta(seconds=30 * seq),
                    position=position,
                    value=value,
                )
            )
    ViewingEvent.objects.bulk_create(events, batch_size=5000)
    answers = 0
    for number, viewer in enumerate(viewers[:40]):
        if not offerings:
            break
        Feedback.objects.create(
            user=viewer,
            offering=offerings[number % len(offerings)],
            rating=rng.choice([3, 4, 4, 5, 5, 5]),
            watch_again=rng.random() < 0.85,
            mood_before=rng.choice([2, 3, 3, 4]),
            mood_after=rng.choice([3, 4, 4, 5]),
            comment=rng.choice(COMMENTS) if number % 3 == 0 else "",
            municipality=viewer.home_municipality,
        )
        answers += 1
    today = timezone.localtime(now).date()
    run = rollup_run(first_day=today - timedelta(days=DAYS + 1), last_day=today, now=now)
    return {"viewers": VIEWERS, "events": len(events), "answers": answers, "facts": run.facts}
