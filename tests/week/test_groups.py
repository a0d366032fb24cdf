"""Group viewing in care homes: the host's week, "we will watch this", how many watched
(which reaches the insights as a group viewing), and the week to print."""

import io
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lampio.accounts.models import GroupHost
from lampio.feedback.models import Feedback
from lampio.municipalities.models import Municipality
from lampio.programme.seed import ensure_reference_data
from lampio.week.models import GroupPlan
from tests.accounts.factories import UserFactory
from tests.programme.factories import OfferingFactory, ShowingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def host():
    ensure_reference_data()
    user = UserFactory(username="ohjaaja", name="Ohjaaja", language="fi")
    return GroupHost.objects.create(
        user=user,
        place="Palvelutalo Koivukoti",
        municipality=Municipality.objects.get(slug="tampere"),
        residents=12,
    )


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _showing(title, *, friendly=False, hours=24, nationwide=True):
    offering = OfferingFactory(
        status="published", title=title, title_fi=title, is_group_friendly=friendly,
        is_nationwide=nationwide,
    )  # fmt: skip
    return ShowingFactory(offering=offering, starts_at=timezone.now() + timedelta(hours=hours))


def test_only_group_hosts_have_the_group_pages(host):
    assert _client(UserFactory(username="muu")).get("/group/").status_code == 403
    assert Client().get("/group/").status_code == 302
    assert _client(host.user).get("/group/").status_code == 200


def test_the_week_puts_group_friendly_showings_first(host):
    later_friendly = _showing("Yhteislaulu", friendly=True, hours=48)
    sooner = _showing("Konsertti", hours=5)
    elsewhere = _showing("Oulun tapahtuma", nationwide=False)
    elsewhere.offering.municipalities.set([Municipality.objects.get(slug="oulu")])
    week = _client(host.user).get("/group/").context["week"]
    assert week[:2] == [later_friendly, sooner]
    assert elsewhere not in week


def test_we_will_watch_this_then_how_many_watched_reaches_the_insights(host):
    showing = _showing("Tuolijumppa", friendly=True)
    client = _client(host.user)
    client.post("/group/", {"form": "plan", "showing": showing.pk, "viewers": "12"})
    plan = GroupPlan.objects.get()
    assert plan.expected_viewers == 12
    page = client.post("/group/", {"form": "watched", "showing": showing.pk, "viewers": "11"})
    assert page.status_code == 200  # not yet started: refused with a message
    assert GroupPlan.objects.get().watched_viewers is None
    showing.doors_open_at = timezone.now() - timedelta(hours=2)
    showing.starts_at = timezone.now() - timedelta(hours=1)
    showing.ends_at = timezone.now() - timedelta(minutes=5)
    showing.save()
    client.post("/group/", {"form": "watched", "showing": showing.pk, "viewers": "11"})
    assert GroupPlan.objects.get().watched_viewers == 11
    feedback = Feedback.objects.get(showing=showing)
    assert (feedback.group_size, feedback.municipality_id) == (11, host.municipality_id)


@pytest.mark.parametrize("viewers", ["1", "501", "kaksitoista", "", "-3"])
def test_an_impossible_group_size_is_refused_and_nothing_saved(host, viewers):
    showing = _showing("Tuolijumppa")
    response = _client(host.user).post(
        "/group/", {"form": "plan", "showing": showing.pk, "viewers": viewers}
    )
    assert response.status_code == 200
    assert not GroupPlan.objects.exists()


def test_the_week_to_print_lists_the_groups_showings(host):
    chosen = _showing("Tuolijumppa")
    _showing("Ei valittu")
    client = _client(host.user)
    client.post("/group/", {"form": "plan", "showing": chosen.pk, "viewers": "12"})
    page = client.get("/group/print/").content.decode()
    assert "Palvelutalo Koivukoti" in page and "Tuolijumppa" in page and "Ei valittu" not in page
    assert 'class="a3"' in client.get("/group/print/?size=a3").content.decode()


def _pdf_text(body: bytes) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def test_the_week_as_a_pdf_in_a4_and_large_print_a3(host):
    chosen = _showing("Tuolijumppa")
    client = _client(host.user)
    client.post("/group/", {"form": "plan", "showing": chosen.pk, "viewers": "12"})
    a4 = client.get("/group/print.pdf")
    assert a4["Content-Type"] == "application/pdf" and a4.content.startswith(b"%PDF")
    words = _pdf_text(a4.content).split()
    assert {"Palvelutalo", "Koivukoti", "Tuolijumppa"} <= set(words)
    from pypdf import PdfReader

    a4_page = PdfReader(io.BytesIO(a4.content)).pages[0].mediabox
    a3_page = PdfReader(io.BytesIO(client.get("/group/print.pdf?size=a3").content)).pages[0]
    assert round(float(a4_page.width)) == 595  # A4 is 595 points wide
    assert round(float(a3_page.mediabox.width)) == 842  # A3 is 842


def test_a_senior_prints_their_own_week(host):
    from lampio.week.services import programme_add

    person = UserFactory(language="sv")
    showing = _showing("Tuolijumppa")
    programme_add(person=person, showing=showing, actor=person)
    client = _client(person)
    title = showing.offering.title_sv
    page = client.get("/sv/my-programme/print/").content.decode()
    assert "Mitt Lämpiö-program" in page and title in page
    assert title.split()[0] in _pdf_text(client.get("/sv/my-programme/print.pdf").content)
