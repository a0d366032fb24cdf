"""Imported events in Chromium, in fi/sv/en: the programme page of an imported series, its
read-only studio page, and the admins' sources and runs — axe-clean, no CSP violation, and
an import started from the keyboard."""

import pytest

from lampio.accounts.models import ProducerMembership
from lampio.demo.imports import demo_imports_load
from lampio.programme.models import Offering
from tests.accounts.factories import UserFactory
from tests.browser.conftest import axe_violations
from tests.browser.test_accounts import log_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STARTED = {
    "": "Tuonti käynnistettiin.",
    "/sv": "Importen startades.",
    "/en": "The import was started.",
}


@pytest.mark.parametrize("language", ["", "/sv", "/en"], ids=["fi", "sv", "en"])
def test_imported_events_pages_are_accessible_and_an_import_starts_by_keyboard(page, language):
    demo_imports_load()
    series = Offering.objects.get(imported__event_id="demo:tuolijumppa")

    page.goto(f"{language}/programme/{series.slug}/")
    assert page.get_by_role("link", name="OpenStreetMap").count() == 1
    assert axe_violations(page) == []

    producer = UserFactory(email="kulttuurikeskus@example.fi", verified_email=True)
    ProducerMembership.objects.create(user=producer, producer=series.producer)
    log_in_browser(page, producer)
    page.goto(f"{language}/studio/offerings/{series.slug}/")
    title = page.locator("#id_title_fi")
    assert title.is_disabled() and page.locator("#id_plain_summary_fi").is_enabled()
    assert axe_violations(page) == []

    page.context.clear_cookies()
    admin = UserFactory(email="admin@example.fi", is_superuser=True, is_staff=True)
    log_in_browser(page, admin)
    page.goto(f"{language}/manage/imports/")
    assert axe_violations(page) == []
    page.goto(f"{language}/manage/imports/helsinki-demo/")
    assert axe_violations(page) == []
    run_now = page.locator("main form.inline-form button[type=submit]").first
    run_now.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert STARTED[language] in page.content()
    assert axe_violations(page) == []
    assert page.csp_violations == []
