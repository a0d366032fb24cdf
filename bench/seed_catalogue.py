"""Seed a catalogue of N published offerings with showings, for the catalogue benchmark."""

import random
from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from lampio.municipalities.models import Municipality
from lampio.programme.models import (
    ArtForm,
    Offering,
    OfferingImage,
    Producer,
    Showing,
    SpokenLanguage,
)
from lampio.programme.posters import poster_jpeg

KINDS = ["live", "premiere", "recording", "workshop", "venue"]
WORDS = ["Joulu", "Tango", "Sibelius", "Kevät", "Muistot", "Tanssi", "Laulu", "Runo", "Sirkus"]


@transaction.atomic
def seed(count: int = 1000, seed_value: int = 7) -> dict[str, int]:
    rng = random.Random(seed_value)
    cities = list(Municipality.objects.all())
    arts = list(ArtForm.objects.all())
    languages = list(SpokenLanguage.objects.all())
    producers = Producer.objects.bulk_create(
        [
            Producer(
                slug=f"bench-producer-{i}",
                name=f"Tuottaja {i}",
                description_fi="Tuottaja.",
                home_municipality=rng.choice(cities),
            )
            for i in range(40)
        ]
    )
    poster = poster_jpeg("Lämpiö", ((122, 31, 43), (228, 120, 74))).read()
    image_name = default_storage.save("bench/poster.jpg", ContentFile(poster))
    now = timezone.now()
    offerings = []
    for i in range(count):
        word = rng.choice(WORDS)
        title = f"{word} {i}"
        offerings.append(
            Offering(
                slug=f"bench-{i}",
                title=title,
                title_fi=title,
                title_sv=f"{word} sv {i}",
                title_en=f"{word} en {i}",
                summary=f"{word}: esitys numero {i} ikäihmisille.",
                summary_fi=f"{word}: esitys numero {i} ikäihmisille.",
                summary_sv=f"{word}: föreställning {i}.",
                summary_en=f"{word}: performance {i}.",
                description_fi="Kuvaus. " * 40,
                plain_summary_fi="Selkokielinen kuvaus.",
                kind=KINDS[i % len(KINDS)],
                status=Offering.Status.PUBLISHED,
                published_at=now - timedelta(minutes=i),
                producer=producers[i % len(producers)],
                duration_minutes=rng.choice([20, 30, 45, 60, 90]),
                is_nationwide=i % 3 == 0,
                has_captions=i % 2 == 0,
                has_sign_language=i % 7 == 0,
                is_plain_language=i % 4 == 0,
                is_memory_friendly=i % 5 == 0,
                is_group_friendly=i % 3 == 1,
            )
        )
    offerings = Offering.objects.bulk_create(offerings)
    through_art = Offering.art_forms.through
    through_lang = Offering.spoken_languages.through
    through_city = Offering.municipalities.through
    through_art.objects.bulk_create(
        [through_art(offering=o, artform=arts[i % len(arts)]) for i, o in enumerate(offerings)]
    )
    through_lang.objects.bulk_create(
        [through_lang(offering=o, spokenlanguage=languages[i % 3]) for i, o in enumerate(offerings)]
    )
    through_city.objects.bulk_create(
        [
            through_city(offering=o, municipality=cities[i % len(cities)])
            for i, o in enumerate(offerings)
            if not o.is_nationwide
        ]
    )
    OfferingImage.objects.bulk_create(
        [
            OfferingImage(
                offering=o,
                image=image_name,
                alt_text=f"Juliste: {o.title}",
                alt_text_fi=f"Juliste: {o.title}",
                width=960,
                height=540,
            )
            for o in offerings
        ]
    )
    showings = []
    today = timezone.localdate()
    for i, offering in enumerate(offerings):
        if offering.kind == "recording":
            continue
        for week in range(3):
            day = today + timedelta(days=(i % 7) + 7 * week)
            starts = timezone.make_aware(datetime.combine(day, time(10 + i % 9, 0)))
            showings.append(
                Showing(
                    offering=offering,
                    starts_at=starts,
                    ends_at=starts + timedelta(minutes=offering.duration_minutes),
                    doors_open_at=starts - timedelta(minutes=30),
                )
            )
    Showing.objects.bulk_create(showings)
    return {"offerings": len(offerings), "showings": len(showings)}
