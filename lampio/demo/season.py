"""The demo season: ten producers and 32 offerings across the five founding cities, in Finnish,
Swedish and English. The content is data (season.json); this module plans showing times
relative to now, so that whenever the demo is loaded something is on, something starts soon
and the weeks ahead are full."""

import json
from datetime import datetime, time, timedelta
from functools import cache
from pathlib import Path

from django.utils import timezone

from lampio.municipalities.models import Municipality
from lampio.programme.accessibility import ACCESSIBILITY_FEATURES
from lampio.programme.models import ArtForm, Offering, Producer, SpokenLanguage
from lampio.programme.seed import ensure_reference_data
from lampio.programme.services import offering_poster_generate, offering_publish, showing_schedule

LANGS = ("fi", "sv", "en")
# Demo showings: (hour, minute) chosen per kind, rotated by offering.
START_HOURS = [(10, 0), (11, 30), (13, 0), (14, 0), (15, 30), (18, 0), (19, 0)]


@cache
def season() -> dict:
    return json.loads((Path(__file__).parent / "season.json").read_text(encoding="utf-8"))


def _local(day, hour: int, minute: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _soon(now: datetime, minutes: int) -> datetime:
    """A start on the half hour, `minutes` from now or a little more."""
    start = now + timedelta(minutes=minutes)
    return start.replace(second=0, microsecond=0) + timedelta(minutes=(30 - start.minute % 30) % 30)


def _showing_starts(kind: str, index: int, now: datetime) -> list[datetime]:
    """Demo times relative to now, so that whenever the demo is loaded something is on
    right now, something starts soon, and the week and the month ahead are full."""
    if index == 0:
        return [_soon(now, 30), _soon(now, 30) + timedelta(days=7)]
    if index == 1:
        return [_soon(now, -50), _soon(now, 0) + timedelta(days=2)]
    today = timezone.localdate(now)
    hour, minute = START_HOURS[index % len(START_HOURS)]
    if kind == "recording":
        return []
    if kind == "workshop":  # weekly, four weeks
        first = today + timedelta(days=index % 7)
        return [_local(first + timedelta(weeks=w), hour, minute) for w in range(4)]
    if kind == "venue":
        return [_local(today + timedelta(days=3 + index % 10), 18, 0)]
    if kind == "premiere":
        return [_local(today + timedelta(days=index % 9), hour, minute)]
    # live: one today or soon, one a fortnight later
    first = today + timedelta(days=index % 6)
    return [_local(first, hour, minute), _local(first + timedelta(days=14), hour, minute)]


# The season's sentences are written for many minutes; one minute reads differently.
ONE_MINUTE = {
    "fi": ("1 minuuttia", "1 minuutin"),
    "sv": ("1 minuter", "1 minut"),
    "en": ("1 minutes", "1 minute"),
}


def demo_plain_summary(kind: str, language: str, title: str, minutes: int) -> str:
    text = season()["plain_text"][kind][language].format(title=title, minutes=minutes)
    many, one = ONE_MINUTE[language]
    return text.replace(many, one) if minutes == 1 else text


def load_demo_season(now: datetime | None = None, *, stream_url: str = "") -> dict[str, int]:
    """Load or refresh the season. `stream_url` is the broadcast address every live showing
    gets (the embedded default's live origin); without it live showings have none yet."""
    now = now or timezone.now()
    data = season()
    ensure_reference_data()
    cities = {m.slug: m for m in Municipality.objects.all()}
    art_forms = {a.slug: a for a in ArtForm.objects.all()}
    languages = {lang.code: lang for lang in SpokenLanguage.objects.all()}
    feature_fields = {feature.slug: feature.field for feature in ACCESSIBILITY_FEATURES}
    producers = {}
    for row in data["producers"]:
        producer, _ = Producer.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "home_municipality": cities[row["home"]],
                "is_verified": row["verified"],
                "description": row["description"]["fi"],
                **{f"description_{lang}": row["description"][lang] for lang in LANGS},
            },
        )
        producers[row["slug"]] = producer

    showings = 0
    for index, row in enumerate(data["offerings"]):
        kind, minutes, titles = row["kind"], row["minutes"], row["title"]
        nationwide = row["municipalities"] == "*"
        fields = {
            "producer": producers[row["producer"]],
            "kind": kind,
            "duration_minutes": minutes,
            "venue": row["venue"],
            "is_nationwide": nationwide,
            "title": titles["fi"],
            "summary": row["summary"]["fi"],
            **{field: slug in row["features"] for slug, field in feature_fields.items()},
            # A few demo offerings are paid (season.json "price"), so buying can be tried.
            "price_cents": row.get("price", {}).get("cents", 0),
            "vat_basis_points": row.get("price", {}).get("vat", 1400),
            "ticket_includes_recording": row.get("price", {}).get("recording", False),
        }
        for lang in LANGS:
            summary = row["summary"][lang]
            fields[f"title_{lang}"] = titles[lang]
            fields[f"summary_{lang}"] = summary
            fields[f"description_{lang}"] = f"{summary}\n\n{data['kind_text'][kind][lang]}"
            fields[f"plain_summary_{lang}"] = demo_plain_summary(kind, lang, titles[lang], minutes)
        offering, _ = Offering.objects.update_or_create(slug=row["slug"], defaults=fields)
        offering.art_forms.set([art_forms[a] for a in row["art_forms"]])
        offering.spoken_languages.set([languages[code] for code in row["spoken"]])
        offering.municipalities.set(
            [] if nationwide else [cities[c] for c in row["municipalities"]]
        )
        offering_publish(offering=offering)
        if not offering.images.exists():
            top, bottom = data["art_colours"][row["art_forms"][0]]
            offering_poster_generate(
                offering=offering,
                colours=(tuple(top), tuple(bottom)),
                alt_texts={
                    lang: data["alt_text"][lang].format(title=titles[lang]) for lang in LANGS
                },
            )
        # Keep the season current: future showings are re-planned from today on every load.
        # Showings someone holds a ticket to, or has in their programme, stay: a reload never
        # takes a ticket or a reminder away.
        offering.showings.filter(
            starts_at__gte=now - timedelta(days=1),
            tickets__isnull=True,
            programme_entries__isnull=True,
            group_plans__isnull=True,
        ).delete()
        for starts_at in _showing_starts(kind, index, now):
            live = kind == Offering.Kind.LIVE
            showing = showing_schedule(
                offering=offering, starts_at=starts_at, stream_url=stream_url if live else ""
            )
            if capacity := row.get("price", {}).get("capacity"):
                showing.capacity = capacity
                showing.save(update_fields=["capacity"])
            showings += 1
    return {
        "producers": len(producers),
        "offerings": len(data["offerings"]),
        "showings": showings,
    }
