"""The weekly digest (opt-in): on Sunday afternoon, next week's programme picked for each
person, with a one-tap "Muistuta minua" per pick.

A pick is a published, listed showing of the coming Monday–Sunday, offered where the person
lives (or nationwide), not yet in their programme, scored by:
- the art forms of what they have put in their programme or liked (a rating of 4–5),
- a language they understand (their own, or no words at all),
- what people of the same municipality put in their programmes in the last 90 days.
Each digest goes once per person and ISO week (a DigestSent row is its claim)."""

import math
from collections import Counter
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from lampio.core.language import path_in_language
from lampio.core.mail import templated_email_send
from lampio.programme.models import Showing

from .models import DigestSent, ProgrammeEntry, ReminderSettings

PICKS = 5
SEND_FROM_HOUR = 16  # Sunday, Helsinki time
ADD_LINK_SALT = "lampio.week.digest-add"
ADD_LINK_DAYS = 14
NO_WORDS = {"none"}  # the seeded "no words" (music, dance)


def coming_week(now: datetime) -> tuple[datetime, datetime, str]:
    """The next Monday 00:00 to the Monday after, local time, and its ISO week label."""
    local = timezone.localtime(now)
    monday = local.date() + timedelta(days=7 - local.weekday())
    start = timezone.make_aware(datetime.combine(monday, time()))
    end = timezone.make_aware(datetime.combine(monday + timedelta(days=7), time()))
    year, week, _day = monday.isocalendar()
    return start, end, f"{year}-W{week:02d}"


def add_link_token(person_id: int, showing_id: int) -> str:
    return signing.dumps([person_id, showing_id], salt=ADD_LINK_SALT, compress=True)


def add_link_read(token: str) -> tuple[int, int] | None:
    """(person id, showing id) of a digest's one-tap link, or None if forged or too old."""
    try:
        value = signing.loads(
            str(token)[:200], salt=ADD_LINK_SALT, max_age=timedelta(days=ADD_LINK_DAYS)
        )
    except signing.BadSignature:
        return None
    if not (isinstance(value, list) and len(value) == 2 and all(type(v) is int for v in value)):
        return None
    return value[0], value[1]


def _candidates(start: datetime, end: datetime) -> list[Showing]:
    return list(
        Showing.objects.filter(
            offering__status="published",
            offering__is_listed=True,
            is_cancelled=False,
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .select_related("offering")
        .prefetch_related(
            "offering__art_forms", "offering__spoken_languages", "offering__municipalities"
        )
        .order_by("starts_at")
    )


def _liked_art_forms(person) -> Counter:
    from lampio.feedback.models import Feedback
    from lampio.programme.models import Offering

    liked = Counter()
    offering_ids = set(
        ProgrammeEntry.objects.filter(person=person).values_list("showing__offering_id", flat=True)
    )
    offering_ids |= set(
        Feedback.objects.filter(user=person, rating__gte=4).values_list("offering_id", flat=True)
    )
    for art_form_id in Offering.art_forms.through.objects.filter(
        offering_id__in=offering_ids
    ).values_list("artform_id", flat=True):
        liked[art_form_id] += 1
    return liked


def _popular_near(municipality_id, since: datetime) -> Counter:
    """Offerings that people of the municipality put in their programmes lately."""
    if municipality_id is None:
        return Counter()
    rows = (
        ProgrammeEntry.objects.filter(
            person__home_municipality_id=municipality_id, created_at__gte=since
        )
        .values("showing__offering_id")
        .annotate(people=Count("person", distinct=True))
    )
    return Counter({row["showing__offering_id"]: row["people"] for row in rows})


def digest_picks(
    person, candidates: list[Showing], *, now: datetime, popular_by_place: dict | None = None
) -> list[Showing]:
    """Up to PICKS of the candidates for this person. `popular_by_place` keeps each
    municipality's popularity for a whole round (it is the same for everyone there)."""
    mine = set(ProgrammeEntry.objects.filter(person=person).values_list("showing_id", flat=True))
    liked = _liked_art_forms(person)
    place = person.home_municipality_id
    popular_by_place = {} if popular_by_place is None else popular_by_place
    if place not in popular_by_place:
        popular_by_place[place] = _popular_near(place, now - timedelta(days=90))
    popular = popular_by_place[place]
    language = person.language or settings.LANGUAGE_CODE
    scored = []
    for showing in candidates:
        offering = showing.offering
        if showing.pk in mine:
            continue
        places = {m.pk for m in offering.municipalities.all()}
        if not offering.is_nationwide and person.home_municipality_id not in places:
            continue
        spoken = {spoken.code for spoken in offering.spoken_languages.all()}
        score = sum(3 * liked[art.pk] for art in offering.art_forms.all())
        score += 2 if language in spoken else 1 if (not spoken or spoken & NO_WORDS) else 0
        score += math.log1p(popular[offering.pk])
        score += 0.5 if offering.is_group_friendly else 0
        scored.append((-score, showing.starts_at, showing))
    picks, offerings = [], set()
    for _score, _starts, showing in sorted(scored, key=lambda row: row[:2]):
        if showing.offering_id in offerings:
            continue
        offerings.add(showing.offering_id)
        picks.append(showing)
        if len(picks) == PICKS:
            break
    return sorted(picks, key=lambda showing: showing.starts_at)


def digests_send(*, now: datetime | None = None) -> int:
    """On Sunday from 16 o'clock: each opted-in person's digest of the coming week, once."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.weekday() != 6 or local.hour < SEND_FROM_HOUR:
        return 0
    start, end, label = coming_week(now)
    candidates = _candidates(start, end)
    if not candidates:
        return 0
    already = DigestSent.objects.filter(week=label).values("person_id")
    choices = (
        ReminderSettings.objects.filter(
            weekly_digest=True, person__is_active=True, person__email__gt=""
        )
        .exclude(person_id__in=already)
        .select_related("person")
    )
    sent = 0
    popular_by_place = {}
    for choice in choices.iterator(chunk_size=500):
        sent += _digest_send(
            choice.person, candidates, label=label, now=now, popular_by_place=popular_by_place
        )
    return sent


def _digest_send(
    person, candidates: list[Showing], *, label: str, now: datetime, popular_by_place: dict
) -> int:
    picks = digest_picks(person, candidates, now=now, popular_by_place=popular_by_place)
    if not picks:
        return 0
    language = person.language or settings.LANGUAGE_CODE
    with transaction.atomic():
        try:
            with transaction.atomic():
                DigestSent.objects.create(person=person, week=label)
        except IntegrityError:  # another worker sent it
            return 0
        templated_email_send(
            template_prefix="week/email/digest",
            to=[person.email],
            context={
                "recipient": person,
                "picks": [
                    {
                        "showing": showing,
                        "offering": showing.offering,
                        "url": settings.SITE_URL
                        + path_in_language(
                            reverse("week:add", args=[add_link_token(person.pk, showing.pk)]),
                            language,
                        ),
                    }
                    for showing in picks
                ],
                "url": settings.SITE_URL + path_in_language(reverse("week:programme"), language),
            },
            language=language,
        )
    return 1
