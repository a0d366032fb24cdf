"""axe-core finds no violations on any catalogue page, in any language or display setting."""

import pytest

from tests.browser.conftest import axe_violations, set_display_preferences

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PAGES = [
    "/",
    "/programme/",
    "/programme/?feature=captions&art=music&q=laul",
    "/programme/?q=eiloydymitaan",
    "/day/",
    "/art-forms/",
    "/programme/joulun-lauluja/",
    "/programme/tasapainoa-arkeen/",
    "/producers/laulun-ilo/",
    "/help/",
    "/help/thanks/",
    "/accessibility/",
    "/programme/ei-ole-olemassa/",
]


@pytest.mark.parametrize("language", ["", "/sv", "/en"], ids=["fi", "sv", "en"])
def test_every_catalogue_page_has_zero_axe_violations(page, language):
    checked = []
    for path in PAGES:
        page.goto(language + path)
        assert page.evaluate("typeof axe") == "object"
        assert axe_violations(page) == [], language + path
        checked.append(path)
    assert checked == PAGES
    assert page.csp_violations == []


@pytest.mark.parametrize("language", ["", "/sv", "/en"], ids=["fi", "sv", "en"])
def test_high_contrast_very_large_text_and_form_errors_have_zero_violations(page, language):
    set_display_preferences(page, contrast="high", text="xlarge")
    for path in ["/", "/programme/", "/programme/joulun-lauluja/"]:
        page.goto(language + path)
        assert "contrast-high" in page.evaluate("document.documentElement.className")
        assert axe_violations(page) == [], language + path
    page.goto(language + "/help/")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_selector(".error-summary")
    assert axe_violations(page) == [], language + "/help/ with errors"
