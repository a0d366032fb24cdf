"""A senior's first visit, driven in Chromium the way she would do it."""

from pathlib import Path

import pytest
from icalendar import Calendar

from tests.browser.conftest import set_display_preferences

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def root_font_px(page) -> float:
    return page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")


def test_senior_changes_text_size_and_language_filters_by_captions_and_saves_to_calendar(page):
    page.goto("/")
    assert page.locator("h1").inner_text() == "Tervetuloa Lämpiöön"
    assert root_font_px(page) == 20

    page.get_by_text("Tekstin koko ja värit").click()
    page.get_by_role("link", name="Suuri", exact=True).click()
    assert root_font_px(page) == 24
    page.reload()
    assert root_font_px(page) == 24, "the text size is remembered without logging in"

    page.get_by_role("link", name="Svenska", exact=True).click()
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator("h1").inner_text() == "Välkommen till Lämpiö"
    assert root_font_px(page) == 24

    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Program").click()
    page.get_by_role("checkbox", name="Textning").check()
    page.get_by_role("button", name="Visa resultaten").click()
    assert "feature=captions" in page.url
    cards = page.locator(".cards .card")
    assert cards.count() > 5
    for index in range(cards.count()):
        assert "Textning" in cards.nth(index).locator(".badges").inner_text()

    scheduled = page.locator(".cards .card", has=page.locator(".card-when", has_text="kl."))
    scheduled.first.locator(".card-title a").click()
    title = page.locator("h1").inner_text()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Lägg till i min kalender").first.click()
    calendar = Calendar.from_ical(Path(download_info.value.path()).read_bytes())
    events = calendar.walk("VEVENT")
    assert events and all(str(event["SUMMARY"]) == title for event in events)
    assert page.csp_violations == []


def test_keyboard_user_skips_to_content_and_sees_focus(page):
    page.goto("/programme/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    box = skip.bounding_box()
    assert box and box["y"] >= 0, "the skip link becomes visible when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


@pytest.mark.parametrize("path", ["/", "/programme/", "/programme/joulun-lauluja/", "/day/"])
def test_pages_fit_a_narrow_phone_with_very_large_text(page, path):
    page.set_viewport_size({"width": 320, "height": 640})
    set_display_preferences(page, text="xlarge")
    page.goto(path)
    assert root_font_px(page) == 30
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"


def test_controls_are_at_least_48_pixels(page):
    page.goto("/programme/")
    page.get_by_text("Tekstin koko ja värit").click()
    selectors = [
        ".skip-link",
        ".language-switch a",
        ".help-link",
        ".main-nav a",
        ".settings summary",
        ".choice",
        ".checks label",
        "#q",
        "#city",
        ".button",
        ".card-title a",
        ".site-footer a",
    ]
    small = []
    for selector in selectors:
        for element in page.locator(selector).all():
            if not element.is_visible():
                continue
            box = element.bounding_box()
            if box["height"] < 48 or box["width"] < 48:
                small.append(f"{selector} {box['width']:.0f}x{box['height']:.0f}")
    assert small == []
