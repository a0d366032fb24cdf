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
    page.locator("form:has(#id_amount) button[type=submit]").click()
    assert page.locator(".error-summary").is_visible()
    assert axe_violations(page) == [], language + " with errors"
    page.locator("#id_amount").fill("20")
    page.locator("form:has(#id_amount) button[type=submit]").click()
    assert axe_violations(page) == [], language + " test provider"
    page.locator("button[name=card][value=ok]").click()
    assert "20,00 €" in page.locator(".messages").inner_text()
    assert balance_of(aino) == 2000
    assert axe_violations(page) == [], language + " after"
    assert page.csp_violations == []


def test_a_culture_voucher_on_the_balance_page(page):
    from datetime import timedelta

    from django.utils import timezone

    from lampio.municipalities.models import Municipality
    from lampio.tickets.vouchers import voucher_batch_issue

    batch = voucher_batch_issue(
        municipality=Municipality.objects.get(slug="helsinki"),
        name="Kevät",
        value_cents=1000,
        count=1,
        valid_until=timezone.localdate() + timedelta(days=30),
        actor=None,
    )
    aino = UserFactory(username="aino", name="Aino", verified_email=True)
    log_in_browser(page, aino)
    page.goto("/balance/")
    page.locator("#id_code").fill("AAAA-AAAA-AAAA")
    page.locator("form:has(#id_code) button[type=submit]").click()
    assert page.locator(".error-summary").is_visible()
    assert axe_violations(page) == []
    page.locator("#id_code").fill(batch.vouchers.get().code.lower())
    page.locator("form:has(#id_code) button[type=submit]").click()
    assert "10,00 €" in page.locator(".messages").inner_text()
    assert balance_of(aino) == 1000
