"""The academy in Chromium: a culture professional applies, two coordinators of two
municipalities select within their seats, and the selected one takes the course: attends,
makes a pilot the trainer approves, completes, and her organisation becomes verified."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lampio.academy.models import Application, RoundSession, RoundTrainer
from lampio.accounts.models import CoordinatorAssignment
from lampio.municipalities.models import Municipality
from lampio.programme.models import Offering
from tests.academy.factories import sent_application, training_round
from tests.academy.test_course import _make_ready_to_send
from tests.accounts.factories import UserFactory
from tests.browser.conftest import axe_violations, fresh_page
from tests.browser.test_accounts import log_in_browser
from tests.browser.test_foyer import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def person(username: str, name: str, **extra):
    return UserFactory(
        username=username, name=name, display_name=name.split()[0],
        email=f"{username}@example.fi", verified_email=True, **extra,
    )  # fmt: skip


@pytest.mark.parametrize("language", ["", "/sv", "/en"], ids=["fi", "sv", "en"])
def test_the_call_and_the_application_form_have_zero_axe_violations(page, language):
    training_round(slug="haku")
    page.goto(f"{language}/academy/")
    assert axe_violations(page) == [], language + "/academy/"
    page.goto(f"{language}/academy/haku/")
    assert axe_violations(page) == [], language + "/academy/haku/"
    log_in_browser(page, person("hakija", "Hanna Hakija"))
    page.goto(f"{language}/academy/haku/apply/")
    assert axe_violations(page) == [], language + " apply"
    page.locator("form.form button[name=send]").click()  # nothing filled in: what is missing
    assert page.locator(".error-summary").is_visible()
    assert axe_violations(page) == [], language + " apply with errors"
    assert page.csp_violations == []


def test_a_professional_applies_with_a_draft_and_sends_it(page):
    round_ = training_round(slug="kevat")
    log_in_browser(page, person("aino", "Aino Laine"))
    page.goto("/academy/kevat/")
    page.get_by_role("link", name="Hae", exact=True).click()
    page.get_by_label("Kokemuksesi ikääntyneestä yleisöstä").fill("Laulatan palvelutaloissa.")
    page.get_by_role("button", name="Tallenna luonnos").click()
    assert "Luonnoksesi tallennettiin" in page.locator(".messages").inner_text()
    assert page.get_by_label("Kokemuksesi ikääntyneestä yleisöstä").input_value() == (
        "Laulatan palvelutaloissa."
    )
    page.get_by_role("group", name="Kunnat, joissa työskentelet").get_by_label("Helsinki").check()
    page.get_by_label("Freelancerina").check()
    page.get_by_role("group", name="Taidemuodot").get_by_label("Musiikki").check()
    page.get_by_role("group", name="Kielet, joilla työskentelen").get_by_label("suomi").check()
    page.get_by_label("Mitä haluaisit tuottaa ikääntyneille?").fill("Yhteislauluja.")
    page.get_by_label(round_.questions.get().text).fill("Koska laulu yhdistää.")
    page.get_by_role("button", name="Lähetä hakemus").click()
    assert "Hakemuksesi on lähetetty" in page.locator(".messages").inner_text()
    assert Application.objects.get(applicant__username="aino").status == "sent"
    assert axe_violations(page) == []


def test_two_municipalities_select_within_their_seats_and_the_selected_one_completes(
    browser, asgi_server, season
):
    round_ = training_round(slug="syksy", phase="selecting", seats={"helsinki": 2, "turku": 1})
    round_.minimum_attendance = 1
    round_.save()
    aino = sent_application(round_, person("aino", "Aino Laine"), ["helsinki", "turku"])
    pekka = sent_application(round_, person("pekka", "Pekka Virta"), ["turku"])
    otto = sent_application(round_, person("otto", "Otto Kivi"), ["turku"])
    coordinators = {}
    for slug, name in (("helsinki", "Helka Helsinki"), ("turku", "Tuula Turku")):
        coordinators[slug] = person(f"koord-{slug}", name)
        CoordinatorAssignment.objects.create(
            user=coordinators[slug], municipality=Municipality.objects.get(slug=slug)
        )

    def decide(page, application, mark: str) -> str:
        page.goto("/manage/academy/syksy/")
        page.get_by_role("link", name=application.applicant.name).click()
        page.get_by_label(mark, exact=True).check()
        page.get_by_role("button", name="Tallenna päätös").click()
        return page.locator("main").inner_text()

    helka = fresh_page(browser, asgi_server)
    log_in_browser(helka, coordinators["helsinki"])
    helka.goto("/manage/academy/syksy/")
    assert "Pekka Virta" not in helka.locator("main").inner_text()  # Turku's only
    assert axe_violations(helka) == []
    assert "Päätös tallennettiin" in decide(helka, aino, "Valittu")

    tuula = fresh_page(browser, asgi_server)
    log_in_browser(tuula, coordinators["turku"])
    assert "on jo valinnut" in decide(tuula, aino, "Valittu")  # one person, one seat
    assert "Päätös tallennettiin" in decide(tuula, pekka, "Valittu")
    assert "paikkaa on käytetty" in decide(tuula, otto, "Valittu")  # Turku has one seat
    assert "Päätös tallennettiin" in decide(tuula, otto, "Varalla")
    assert axe_violations(tuula) == []
    assert {a.applicant.username: a.selected_for.slug for a in Application.objects.exclude(
        selected_for=None
    )} == {"aino": "helsinki", "pekka": "turku"}  # fmt: skip

    # The course: the decisions are out; the trainer holds a session on Lämpiö itself.
    round_.decisions_sent_at = timezone.now()
    round_.save()
    now = timezone.now()
    session = RoundSession.objects.create(
        training_round=round_, title="Kamera ja ääni", title_fi="Kamera ja ääni",
        starts_at=now - timedelta(minutes=10), ends_at=now + timedelta(minutes=50),
    )  # fmt: skip
    trainer = person("kouluttaja", "Kaisa Kouluttaja")
    RoundTrainer.objects.create(training_round=round_, user=trainer)
    kaisa = fresh_page(browser, asgi_server)
    log_in_browser(kaisa, trainer)
    kaisa.goto("/manage/")
    kaisa.get_by_role("link", name="Koulutus: Koulutus syksy").click()
    kaisa.get_by_role("link", name="Kamera ja ääni").click()
    kaisa.get_by_label("Suorana Lämpiössä, ryhmän omalla lämpiöllä").check()
    kaisa.get_by_label(
        "Suoran lähetyksen osoite (HLS, Lämpiössä pidettävälle koulutuskerralle)"
    ).fill("/media/live/demo/index.m3u8")
    kaisa.get_by_role("button", name="Tallenna", exact=True).click()
    assert "Koulutuskerta tallennettiin" in kaisa.locator(".messages").inner_text()
    assert axe_violations(kaisa) == []

    # Aino comes to the session's own foyer and sits at a table.
    participant = fresh_page(browser, asgi_server)
    log_in_browser(participant, aino.applicant)
    participant.goto(f"/academy/applications/{aino.pk}/")
    participant.get_by_role("link", name="Siirry koulutukseen").click()
    participant.get_by_role("link", name="Katso ja tapaa muut lämpiössä").click()
    wait_for(
        participant,
        "document.querySelector('[data-table-heading]').textContent",
        "Pöytä 1",
        5,
    )
    assert axe_violations(participant) == []
    # After the session, the trainer reads who came from the foyer.
    session.refresh_from_db()
    ended = timezone.now() - timedelta(minutes=1)
    RoundSession.objects.filter(pk=session.pk).update(ends_at=ended)
    kaisa.reload()
    kaisa.get_by_role("button", name="Lue läsnäolot lämpiöstä").click()
    assert "1 paikalla" in kaisa.locator(".messages").inner_text()
    participant.goto("/academy/syksy/course/")
    assert "olit paikalla" in participant.locator("main").inner_text()
    assert axe_violations(participant) == []
    participant.get_by_role("button", name="Aloita pilottini").click()
    pilot = aino.pilot_offerings.get()
    assert "Lämpiö-akatemian pilotti" in participant.locator("main").inner_text()
    _make_ready_to_send(pilot, aino.applicant)
    participant.reload()
    participant.get_by_role("button", name="Lähetä tarkastettavaksi").click()
    pilot.refresh_from_db()
    assert pilot.status == Offering.Status.IN_REVIEW

    kaisa.goto("/manage/academy/syksy/course/")
    kaisa.get_by_role("link", name="Tuolitanssit").click()
    kaisa.get_by_role("button", name="Hyväksy ja julkaise").click()
    pilot.refresh_from_db()
    assert pilot.status == Offering.Status.PUBLISHED

    participant.goto("/academy/syksy/course/")
    assert "Suoritit koulutuksen" in participant.locator("main").inner_text()
    participant.get_by_role("link", name="Todistuksesi").click()
    assert "Aino Laine" in participant.locator("main").inner_text()
    assert axe_violations(participant) == []
    pilot.producer.refresh_from_db()
    assert pilot.producer.is_verified
    # Verified now: her next performance is published at once, without review.
    second = Offering.objects.create(
        slug="toinen-esitys", title="Toinen esitys", title_fi="Toinen esitys", summary="S",
        kind="live", producer=pilot.producer, duration_minutes=30,
    )  # fmt: skip
    second.municipalities.set(Municipality.objects.filter(slug="helsinki"))
    _make_ready_to_send(second, aino.applicant)
    participant.goto("/studio/offerings/toinen-esitys/")
    participant.get_by_role("button", name="Julkaise", exact=True).click()
    second.refresh_from_db()
    assert second.status == Offering.Status.PUBLISHED
    for page in (helka, tuula, kaisa, participant):
        assert page.csp_violations == []
        page.goto("about:blank")
    kaisa.wait_for_timeout(500)
    for page in (helka, tuula, kaisa, participant):
        page.context.close()


@pytest.mark.parametrize("language", ["", "/sv", "/en"], ids=["fi", "sv", "en"])
def test_the_academys_work_pages_have_zero_axe_violations(page, language):
    round_ = training_round(slug="tyo", phase="selecting")
    admin = person("yllapitaja", "Ylla Pitaja", is_superuser=True, is_staff=True)
    RoundTrainer.objects.create(training_round=round_, user=admin)
    sent_application(round_, person("hakija2", "Hanna Hakija"), ["helsinki"])
    log_in_browser(page, admin)
    for path in (
        "/manage/academy/",
        "/manage/academy/new/",
        "/manage/academy/tyo/edit/",
        "/manage/academy/tyo/report/",
        "/manage/academy/tyo/course/",
        "/manage/academy/articles/new/",
        "/studio/good-practice/",
    ):
        page.goto(language + path)
        assert axe_violations(page) == [], language + path
    page.goto(language + "/manage/academy/new/")
    page.locator("form.form button[type=submit]").last.click()  # nothing filled in
    assert page.locator(".error-summary").first.is_visible()
    assert axe_violations(page) == [], language + " round form with errors"
    assert page.csp_violations == []
