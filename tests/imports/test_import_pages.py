"""Imported offerings on the pages: the programme shows the linked picture, the place and the
source; the studio keeps the source's fields read-only; admins manage sources and read each
run's summary in their language; the API tells where an offering came from."""

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lampio.accounts.models import ProducerMembership
from lampio.imports.models import EventSource, ImportRun
from lampio.imports.services import source_import
from lampio.programme.models import Offering
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def imported(source, linked_events, settings):
    settings.LIVE_STREAM_ORIGINS = ["https://stream.example.fi"]
    settings.IMPORT_IMAGE_ORIGINS = ["https://images.example.test"]
    source.is_trusted = True
    source.save()
    run = source_import(source=source, client=linked_events.client(), sleep=lambda s: None)
    assert run.succeeded
    return Offering.objects.get(imported__event_id="helsinki:series1")


def test_the_offering_page_links_the_picture_and_shows_the_place_and_the_source(imported):
    page = Client().get(f"/sv/programme/{imported.slug}/").content.decode()
    assert "Stolgympa varje måndag" in page
    assert 'src="https://images.example.test/1.jpg" alt="Människor på stolar"' in page
    assert "Bild: Kuvaaja Kaisa (CC BY 4.0)" in page
    assert "Kallion kirjasto, Viides linja 11, 00530 Helsinki" in page
    assert "Sal 2, hiss från huvudingången" in page
    assert "https://www.openstreetmap.org/?mlat=60.18410&amp;mlon=24.95070" in page
    assert "Helsingin tapahtumat (Linked Events)" in page
    assert 'href="https://liikunta.example.test/stolgympa"' in page
    assert "alert(1)" not in page


def test_a_paid_event_sends_people_to_the_organiser_for_tickets(imported):
    imported.imported.is_free = False
    imported.imported.save()
    page = Client().get(f"/en/programme/{imported.slug}/").content.decode()
    assert "Tickets from the organiser" in page
    api = Client().get(f"/api/v1/offerings/{imported.slug}").json()
    assert api["free"] is False
    assert api["source"]["event_id"] == "helsinki:series1"
    assert api["source"]["api_url"] == "https://api.example.test/v1/event/helsinki:series1/"
    paid = Client().get("/api/v1/offerings?free=false").json()["items"]
    assert [item["slug"] for item in paid] == [imported.slug]


def test_the_studio_keeps_the_sources_fields_read_only(imported, source):
    member = UserFactory(email="tuottaja@example.fi", verified_email=True)
    ProducerMembership.objects.create(user=member, producer=source.producer)
    client = Client()
    client.force_login(member)
    edit = f"/en/studio/offerings/{imported.slug}/"
    page = client.get(edit).content.decode()
    assert "This event comes from Helsingin tapahtumat (event helsinki:series1)" in page
    showing = imported.showings.get()
    assert f"/studio/offerings/{imported.slug}/showings/{showing.pk}/" not in page
    assert "Add a showing time" not in page and "Add a picture" not in page

    form = client.get(edit).context["form"]
    posted = {
        name: field.widget.format_value(form.initial.get(name)) or ""
        for name, field in form.fields.items()
        if not isinstance(form.initial.get(name), list)
    }
    posted.update(
        title_fi="Toinen nimi",
        plain_summary_fi="Jumppaa tuolilla. Kaikki voivat tulla.",
        has_captions="on",
    )
    saved = client.post(edit, posted)
    assert saved.status_code == 302, saved.context["form"].errors
    imported.refresh_from_db()
    assert imported.title_fi == "Tuolijumppa joka maanantai"
    assert imported.has_captions
    # Published, from an unverified producer: the new plain summary waits for a reviewer,
    # like any producer's change of what a performance says; the title is not proposed.
    assert imported.revision.changes == {
        "plain_summary_fi": "Jumppaa tuolilla. Kaikki voivat tulla."
    }

    for address in (
        f"/en/studio/offerings/{imported.slug}/showings/{showing.pk}/",
        f"/en/studio/offerings/{imported.slug}/showings/new/",
        f"/en/studio/offerings/{imported.slug}/images/new/",
    ):
        response = client.post(address, {"starts_at": "2031-01-01T10:00", "cancel": "1"})
        assert response.status_code == 302, address
        message = client.get(response["Location"]).content.decode()
        assert "This event comes from Helsingin tapahtumat. Change its times" in message
    showing.refresh_from_db()
    assert not showing.is_cancelled and imported.showings.count() == 1


def test_admins_add_sources_and_read_each_run_in_their_language(imported, source):
    admin = UserFactory(email="admin@example.fi", is_superuser=True, is_staff=True, language="sv")
    client = Client()
    client.force_login(admin)
    listing = client.get("/sv/manage/imports/").content.decode()
    assert "Helsingin tapahtumat" in listing

    refused = client.post(
        "/sv/manage/imports/",
        {
            "name": "Turun tapahtumat",
            "base_url": "http://events.turku.example.test/v1/",
            "keyword": "yso:p2433",
            "municipality": source.municipality.pk,
            "producer": source.producer.pk,
            "default_art_form": source.default_art_form.pk,
            "is_active": "on",
        },
    )
    assert refused.status_code == 200 and not EventSource.objects.filter(name__startswith="Turun")
    added = client.post(
        "/sv/manage/imports/",
        {
            "name": "Turun tapahtumat",
            "base_url": "https://events.turku.example.test/v1",
            "keyword": "yso:p2433, yso:p916",
            "municipality": source.municipality.pk,
            "producer": source.producer.pk,
            "default_art_form": source.default_art_form.pk,
            "is_active": "on",
        },
    )
    turku = EventSource.objects.get(name="Turun tapahtumat")
    assert added["Location"].endswith(f"/manage/imports/{turku.slug}/")
    assert turku.base_url == "https://events.turku.example.test/v1/"
    assert turku.keyword == "yso:p2433,yso:p916" and not turku.is_trusted

    page = client.get(f"/sv/manage/imports/{source.slug}/").content.decode()
    run = ImportRun.objects.get(source=source)
    assert run.counts["refused"] == 2
    # The refusal's reason in the admin's language, by its code.
    assert "helsinki:nameless" in page
    assert "no name in Finnish" not in page

    started = client.post(f"/sv/manage/imports/{source.slug}/run/", {"full": "1"})
    assert started.status_code == 302
    (queued,) = DBTaskResult.objects.filter(task_path__endswith="source_import_now")
    assert queued.args_kwargs["args"] == [source.pk, True]
    # While a run is under way, another is refused in plain words.
    EventSource.objects.filter(pk=source.pk).update(running_since=timezone.now())
    again = client.post(f"/en/manage/imports/{source.slug}/run/", follow=True)
    assert "An import of this source is under way" in again.content.decode()
    assert DBTaskResult.objects.filter(task_path__endswith="source_import_now").count() == 1


def test_a_coordinator_reviews_an_imported_event_with_its_linked_picture(
    source, linked_events, settings
):
    from lampio.accounts.models import CoordinatorAssignment

    settings.IMPORT_IMAGE_ORIGINS = ["https://images.example.test"]
    source_import(source=source, client=linked_events.client(), sleep=lambda s: None)
    series = Offering.objects.get(imported__event_id="helsinki:series1")
    assert series.status == "in_review"
    coordinator = UserFactory(email="koordinaattori@example.fi", verified_email=True)
    CoordinatorAssignment.objects.create(user=coordinator, municipality=source.municipality)
    client = Client()
    client.force_login(coordinator)
    page = client.get(f"/en/manage/review/{series.slug}/").content.decode()
    assert 'src="https://images.example.test/1.jpg"' in page
    assert "This event comes from Helsingin tapahtumat (event helsinki:series1)" in page
    approved = client.post(f"/en/manage/review/{series.slug}/", {"decision": "approve"})
    assert approved.status_code == 302
    series.refresh_from_db()
    assert series.status == "published"
