"""The demo's events from Linked Events: a few events of a city's cultural centre, in the
shape Linked Events serves them, imported by the real importer (lampio.imports) from an
in-memory stand-in of the API, since the embedded default must not depend on the network.

The demo source is switched off for the hourly run (nothing reaches out to api.hel.fi);
an admin can switch it on in the manage wing on a machine that reaches the real API."""

from datetime import datetime, timedelta

import httpx
from django.utils import timezone

from lampio.imports.models import EventSource
from lampio.imports.services import source_import
from lampio.imports.stand_in import linked_events_stand_in
from lampio.municipalities.models import Municipality
from lampio.programme.models import ArtForm, Producer

BASE = "https://api.hel.fi/linkedevents/v1/"


def _at(day: datetime, hour: int) -> str:
    return day.replace(hour=hour, minute=0, second=0, microsecond=0).isoformat()


def demo_events(now: datetime) -> tuple[list[dict], dict[str, dict]]:
    """A recurring chair exercise (three Mondays), a concert and a cancelled reading."""
    today = timezone.localtime(now)
    monday = today + timedelta(days=(7 - today.weekday()) % 7 or 7)
    stamp = today.date().isoformat() + "T00:00:00Z"  # a new day's load refreshes the times
    place = {
        "@id": f"{BASE}place/tprek:8740/",
        "name": {"fi": "Kallion kirjasto", "sv": "Berghälls bibliotek", "en": "Kallio Library"},
        "street_address": {"fi": "Viides linja 11", "sv": "Femte linjen 11"},
        "address_locality": {"fi": "Helsinki", "sv": "Helsingfors"},
        "postal_code": "00530",
        "position": {"type": "Point", "coordinates": [24.9507, 60.1841]},
    }
    common = {
        "location": place,
        "location_extra_info": {
            "fi": "Tapahtumasali, katutaso; esteetön sisäänkäynti Viidenneltä linjalta",
            "sv": "Evenemangssalen i gatuplan; tillgänglig ingång från Femte linjen",
        },
        "in_language": [{"@id": f"{BASE}language/fi/"}],
        "offers": [{"is_free": True}],
        "info_url": {"fi": "https://www.hel.fi/fi/kulttuuri-ja-vapaa-aika"},
        "last_modified_time": stamp,
    }
    series = {
        **common,
        "id": "demo:tuolijumppa",
        "super_event_type": "recurring",
        "name": {
            "fi": "Tuolijumppa kirjastossa",
            "sv": "Stolgympa på biblioteket",
            "en": "Chair exercise at the library",
        },
        "short_description": {
            "fi": "Kevyttä liikettä istuen ja seisten, musiikin tahtiin.",
            "sv": "Lätt rörelse sittande och stående, i takt med musiken.",
            "en": "Light movement seated and standing, to music.",
        },
        "description": {
            "fi": "<p>Ohjaaja näyttää liikkeet rauhallisesti. <strong>Ei ilmoittautumista."
            "</strong></p><ul><li>Ota mukaan vesipullo</li><li>Mukavat vaatteet</li></ul>",
            "sv": "<p>Ledaren visar rörelserna lugnt. Ingen anmälan.</p>",
        },
        "keywords": [{"@id": f"{BASE}keyword/yso:p2433/"}, {"@id": f"{BASE}keyword/yso:p916/"}],
        "start_time": _at(monday, 10),
        "end_time": _at(monday + timedelta(weeks=2), 11),
    }
    subs = [
        {
            **common,
            "id": f"demo:tuolijumppa-{week}",
            "super_event": {"@id": f"{BASE}event/demo:tuolijumppa/"},
            "name": series["name"],
            "start_time": _at(monday + timedelta(weeks=week), 10),
            "end_time": _at(monday + timedelta(weeks=week), 11),
        }
        for week in range(3)
    ]
    concert_day = today + timedelta(days=3)
    concert = {
        **common,
        "id": "demo:iltapaivakonsertti",
        "name": {
            "fi": "Iltapäiväkonsertti: Tangon tarina",
            "sv": "Eftermiddagskonsert: Tangons historia",
        },
        "short_description": {"fi": "Suomalaisen tangon helmiä ja tarinoita niiden takaa."},
        "description": {"fi": "<p>Laulaja ja haitaristi kertovat ja soittavat.</p>"},
        "keywords": [{"@id": f"{BASE}keyword/yso:p2433/"}, {"@id": f"{BASE}keyword/yso:p11185/"}],
        "start_time": _at(concert_day, 14),
        "end_time": _at(concert_day, 15),
    }
    reading = {
        **common,
        "id": "demo:lukupiiri",
        "name": {"fi": "Ääneenlukupiiri", "sv": "Högläsningscirkel"},
        "short_description": {"fi": "Luemme yhdessä novelleja ääneen."},
        "keywords": [{"@id": f"{BASE}keyword/yso:p2433/"}, {"@id": f"{BASE}keyword/yso:p8113/"}],
        "event_status": "EventCancelled",
        "start_time": _at(concert_day + timedelta(days=1), 13),
        "end_time": _at(concert_day + timedelta(days=1), 14),
    }
    return [*subs, concert, reading], {series["id"]: series}


def demo_imports_load(now: datetime | None = None) -> str:
    now = now or timezone.now()
    producer, _ = Producer.objects.update_or_create(
        slug="helsingin-kulttuurikeskus",
        defaults={
            "name": "Helsingin kulttuurikeskus",
            "home_municipality": Municipality.objects.get(slug="helsinki"),
        },
    )
    source, _ = EventSource.objects.update_or_create(
        slug="helsinki-demo",
        defaults={
            "name": "Helsingin tapahtumat (esittely)",
            "base_url": BASE,
            "municipality": Municipality.objects.get(slug="helsinki"),
            "producer": producer,
            "default_art_form": ArtForm.objects.get(slug="music"),
            "is_trusted": True,
            "is_active": False,
        },
    )
    events, series = demo_events(now)
    run = source_import(
        source=source,
        full=True,
        client=httpx.Client(transport=linked_events_stand_in(BASE, [events], series)),
        sleep=lambda seconds: None,
    )
    if run is None:
        return "an import was already under way"
    return ", ".join(f"{name} {number}" for name, number in run.counts.items())
