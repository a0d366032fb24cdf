"""A senior adds a showing to her programme with "Muistuta minua" and chooses her reminders,
in Chromium, axe-clean in Finnish, Swedish and English."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lampio.week.models import ProgrammeEntry, ReminderSettings
from tests.accounts.factories import UserFactory
from tests.browser.conftest import axe_violations
from tests.browser.test_accounts import log_in_browser
from tests.programme.factories import OfferingFactory, ShowingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "language,remind,save",
    [("", "Muistuta minua", "Tallenna"), ("/sv", "Påminn mig", "Spara"),
     ("/en", "Remind me", "Save")],
    ids=["fi", "sv", "en"],
)  # fmt: skip
def test_a_senior_adds_a_showing_and_chooses_her_reminders(page, season, language, remind, save):
    offering = OfferingFactory(slug="tuolijumppa", title_fi="Tuolijumppa", title="Tuolijumppa")
    showing = ShowingFactory(offering=offering, starts_at=timezone.now() + timedelta(days=2))
    aino = UserFactory(username="aino", name="Aino", email="aino@example.fi", verified_email=True)
    log_in_browser(page, aino)
    page.goto(f"{language}/programme/tuolijumppa/")
    page.get_by_role("link", name=remind).first.click()
    page.wait_for_url(f"**/my-programme/remember/{showing.pk}/")
    assert axe_violations(page) == []
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/my-programme/")
    assert ProgrammeEntry.objects.filter(person=aino, showing=showing).exists()
    assert axe_violations(page) == []
    page.locator("#id_day_before").uncheck()
    page.get_by_role("button", name=save).click()
    page.wait_for_url("**/my-programme/")
    choice = ReminderSettings.objects.get(person=aino)
    assert (choice.day_before, choice.soon_before) == (False, True)
    assert axe_violations(page) == []
    assert page.csp_violations == []


@pytest.mark.parametrize("language", ["", "/sv", "/en"], ids=["fi", "sv", "en"])
def test_a_group_host_plans_the_week_and_prints_it(page, season, language):
    from lampio.accounts.models import GroupHost
    from lampio.municipalities.models import Municipality
    from lampio.week.models import GroupPlan

    offering = OfferingFactory(
        slug="yhteislaulu", title_fi="Yhteislaulu", title="Yhteislaulu", is_group_friendly=True
    )
    showing = ShowingFactory(offering=offering, starts_at=timezone.now() + timedelta(days=1))
    host = UserFactory(username="ohjaaja", name="Ohjaaja", verified_email=True)
    GroupHost.objects.create(
        user=host, place="Palvelutalo Koivukoti", residents=12,
        municipality=Municipality.objects.get(slug="tampere"),
    )  # fmt: skip
    log_in_browser(page, host)
    page.goto(f"{language}/group/")
    assert axe_violations(page) == []
    page.locator(f"#expected-{showing.pk}").fill("14")
    page.locator(f"form:has(#expected-{showing.pk}) button").click()
    page.wait_for_url("**/group/")
    assert GroupPlan.objects.get(showing=showing).expected_viewers == 14
    assert axe_violations(page) == []
    page.goto(f"{language}/group/print/")
    assert "Yhteislaulu" in page.content()
    assert axe_violations(page) == []
    assert page.csp_violations == []
