from datetime import datetime, time, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from lampio.insights.demo import demo_audience_load
from lampio.media.demo import demo_videos_make
from lampio.municipalities.models import Municipality
from lampio.programme import demo_data as demo
from lampio.programme.models import ArtForm, Offering, Producer, SpokenLanguage
from lampio.programme.seed import ensure_reference_data
from lampio.programme.services import offering_poster_generate, offering_publish, showing_schedule

LANGS = ("fi", "sv", "en")
# Demo showings: (days from today, hour, minute) chosen per kind, rotated by offering.
START_HOURS = [(10, 0), (11, 30), (13, 0), (14, 0), (15, 30), (18, 0), (19, 0)]


class Command(BaseCommand):
    help = "Load (or refresh) the demo season: producers, 32 offerings, showings and posters."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--with-video",
            action="store_true",
            help="Also make a demo recording and a premiere in ten minutes (ffmpeg, ~10 s).",
        )

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            counts = load_demo_season()
        if options["with_video"]:
            self.stdout.write(f"Demo videos ready: {demo_videos_make()}.")
        self.stdout.write(f"Demo audience for the insights pages: {demo_audience_load()}.")
        self.stdout.write(
            self.style.SUCCESS(
                "Demo season ready: {producers} producers, {offerings} offerings, "
                "{showings} showings.".format(**counts)
            )
        )


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


def load_demo_season(now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    ensure_reference_data()
    cities = {m.slug: m for m in Municipality.objects.all()}
    art_forms = {a.slug: a for a in ArtForm.objects.all()}
    languages = {lang.code: lang for lang in SpokenLanguage.objects.all()}
    producers = {}
    for slug, name, city, verified, *descriptions in demo.PRODUCERS:
        producer, _ = Producer.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "home_municipality": cities[city],
                "is_verified": verified,
                "description": descriptions[0],
                **{
                    f"description_{lang}": text
                    for lang, text in zip(LANGS, descriptions, strict=True)
                },
            },
        )
        producers[slug] = producer

    showings = 0
    for index, row in enumerate(demo.OFFERINGS):
        slug, producer, kind, arts, minutes, spoken, features, where, titles, summaries, venue = row
        fields = {
            "producer": producers[producer],
            "kind": kind,
            "duration_minutes": minutes,
            "venue": venue,
            "is_nationwide": where == "*",
            "title": titles[0],
            "summary": summaries[0],
            **{flag: flag in features for flag in _FEATURE_FLAGS},
        }
        for lang_index, lang in enumerate(LANGS):
            kind_text = demo.KIND_TEXT[kind][lang_index]
            fields[f"title_{lang}"] = titles[lang_index]
            fields[f"summary_{lang}"] = summaries[lang_index]
            fields[f"description_{lang}"] = f"{summaries[lang_index]}\n\n{kind_text}"
            fields[f"plain_summary_{lang}"] = demo.PLAIN_TEXT[kind][lang_index].format(
                title=titles[lang_index], minutes=minutes
            )
        offering, created = Offering.objects.update_or_create(slug=slug, defaults=fields)
        offering.art_forms.set([art_forms[a] for a in arts])
        offering.spoken_languages.set([languages[code] for code in spoken])
        offering.municipalities.set([] if where == "*" else [cities[c] for c in where.split(",")])
        offering_publish(offering=offering)
        if not offering.images.exists():
            offering_poster_generate(
                offering=offering,
                colours=demo.ART_COLOURS[arts[0]],
                alt_texts={
                    lang: demo.ALT_TEXT[i].format(title=titles[i]) for i, lang in enumerate(LANGS)
                },
            )
        # Keep the season current: future showings are re-planned from today on every load.
        offering.showings.filter(starts_at__gte=now - timedelta(days=1)).delete()
        for starts_at in _showing_starts(kind, index, now):
            showing_schedule(offering=offering, starts_at=starts_at)
            showings += 1
    return {
        "producers": len(producers),
        "offerings": len(demo.OFFERINGS),
        "showings": showings,
    }


_FEATURE_FLAGS = (demo.F_CC, demo.F_SIGN, demo.F_AD, demo.F_PLAIN, demo.F_MEM, demo.F_GROUP)
