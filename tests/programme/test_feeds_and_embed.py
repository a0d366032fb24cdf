"""Open data out (issue #17, first part): public calendar feeds per municipality, art form and
captions; EventSeries JSON-LD; the embeddable "this week" list."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from lampio.municipalities.models import Municipality
from lampio.programme.services import showing_cancel, showing_save
from tests.accounts.factories import UserFactory
from tests.programme.factories import OfferingFactory, ShowingFactory

pytestmark = pytest.mark.django_db


def _events(response) -> dict[str, object]:
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_a_municipalitys_feed_has_what_its_residents_can_take_part_in(client):
    tampere = Municipality.objects.get(slug="tampere")
    local = OfferingFactory(status="published", title="Tampereen laulu", is_nationwide=False)
    local.municipalities.set([tampere])
    elsewhere = OfferingFactory(status="published", title="Oulun laulu", is_nationwide=False)
    elsewhere.municipalities.set([Municipality.objects.get(slug="oulu")])
    national = OfferingFactory(status="published", title="Kaikille", is_nationwide=True)
    draft = OfferingFactory(status="draft", title="Luonnos", is_nationwide=True)
    for offering in (local, elsewhere, national, draft):
        ShowingFactory(offering=offering)
    events = _events(client.get("/feeds/municipality/tampere.ics"))
    assert set(events) == {"Tampereen laulu", "Kaikille"}
    assert client.get("/feeds/municipality/ei-ole.ics").status_code == 404


def test_feeds_by_art_form_and_captions_in_the_addresss_language(client):
    dance = OfferingFactory(status="published", title="Tanssi", art_forms=["dance"])
    captioned = OfferingFactory(status="published", title="Tekstitetty", has_captions=True)
    for offering in (dance, captioned):
        ShowingFactory(offering=offering)
    assert set(_events(client.get("/feeds/art-form/dance.ics"))) == {"Tanssi"}
    response = client.get("/sv/feeds/captions.ics")
    assert set(_events(response)) == {captioned.title_sv}  # the address's language
    assert "X-WR-CALNAME:Lämpiö med textning" in response.content.decode()


def test_a_feed_carries_the_time_zone_a_moved_showings_sequence_and_cancellations(client):
    offering = OfferingFactory(status="published", title="Tuolijumppa", has_captions=True)
    moved = ShowingFactory(offering=offering, starts_at=timezone.now() + timedelta(days=3))
    cancelled = ShowingFactory(offering=offering, starts_at=timezone.now() + timedelta(days=4))
    producer = UserFactory()
    showing_save(
        offering=offering,
        showing=moved,
        data={
            "starts_at": moved.starts_at + timedelta(hours=1),
            "doors_open_before": timedelta(minutes=30),
        },
        actor=producer,
    )
    showing_cancel(showing=cancelled, actor=producer)
    body = client.get("/feeds/captions.ics").content.decode()
    assert "BEGIN:VTIMEZONE" in body and "TZID:Europe/Helsinki" in body
    calendar = Calendar.from_ical(body)
    by_uid = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    assert by_uid[f"showing-{moved.pk}@lampio"]["SEQUENCE"] == 1
    assert by_uid[f"showing-{cancelled.pk}@lampio"]["STATUS"] == "CANCELLED"
    assert "DTSTART;TZID=Europe/Helsinki:" in body


def _jsonld(client, offering) -> list:
    html = client.get(offering.get_absolute_url()).content.decode()
    return json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )


def test_a_recurring_offering_is_an_event_series_with_its_showings(client):
    offering = OfferingFactory(status="published", title="Tuolijumppa", price_cents=0)
    first = timezone.now() + timedelta(days=1)
    for week in range(3):
        ShowingFactory(offering=offering, starts_at=first + timedelta(weeks=week))
    (series,) = _jsonld(client, offering)
    assert series["@type"] == "EventSeries"
    assert len(series["subEvent"]) == 3
    assert series["isAccessibleForFree"] is True
    assert series["eventAttendanceMode"].endswith("OnlineEventAttendanceMode")
    assert all(event["@type"] == "Event" for event in series["subEvent"])


def test_the_embeddable_week_may_be_framed_and_links_out_of_the_frame(client):
    tampere = Municipality.objects.get(slug="tampere")
    local = OfferingFactory(status="published", title="Tampereen laulu", is_nationwide=False)
    local.municipalities.set([tampere])
    ShowingFactory(offering=local, starts_at=timezone.now() + timedelta(days=2))
    later = OfferingFactory(status="published", title="Ensi kuussa")
    ShowingFactory(offering=later, starts_at=timezone.now() + timedelta(days=20))
    response = client.get("/embed/week/?municipality=tampere")
    html = response.content.decode()
    assert "Tampereen laulu" in html and "Ensi kuussa" not in html
    assert 'target="_top"' in html and '<script src="/static/' in html
    assert "X-Frame-Options" not in response
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert client.get("/embed/week/?municipality=ei-ole").status_code == 404
    # Every other page still refuses to be framed.
    other = client.get("/programme/")
    assert other["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in other["Content-Security-Policy"]
