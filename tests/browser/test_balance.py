"""A senior tops up her balance through the test payment service, in Chromium."""

import pytest

from lampio.tickets.selectors import balance_of
from tests.accounts.factories import UserFactory
from tests.browser.conftest import axe_violations
from tests.browser.test_accounts import log_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["", "/sv", "/en"], ids=["fi", "sv", "en"])
def test_a_top_up_through_the_test_payment_service(page, settings, language):
    settings.PAYMENT_PROVIDER = "local"
    aino = UserFactory(username="aino", name="Aino", email="aino@example.fi", verified_email=True)
    log_in_browser(page, aino)
    page.goto(f"{language}/balance/")
    assert axe_violations(page) == [], language
    page.locator("#id_amount").fill("abc")
    page.locator("form.form button[type=submit]").click()
    assert page.locator(".error-summary").is_visible()
    assert axe_violations(page) == [], language + " with errors"
    page.locator("#id_amount").fill("20")
    page.locator("form.form button[type=submit]").click()
    assert axe_violations(page) == [], language + " test provider"
    page.locator("button[name=card][value=ok]").click()
    assert "20,00 €" in page.locator(".messages").inner_text()
    assert balance_of(aino) == 2000
    assert axe_violations(page) == [], language + " after"
    assert page.csp_violations == []
