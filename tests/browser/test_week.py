"""A senior adds a showing to her programme with "Muistuta minua" and chooses her reminders,
in Chromium, axe-clean in Finnish, Swedish and English."""

import re
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


def _tab_to(page, text: str, most: int = 80) -> None:
    """Press Tab until the focused control's text holds `text` (a keyboard-only user)."""
    for _press in range(most):
        page.keyboard.press("Tab")
        if text in (page.evaluate("document.activeElement.innerText") or ""):
            return
    raise AssertionError(f"{text!r} was never reached with Tab")


def _tab_to_field(page, element_id: str, most: int = 80) -> None:
    for _press in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} was never reached with Tab")


@pytest.mark.parametrize(
    "language,show,watch,viewers_text",
    [("", "Näytä televisiossa", "Katso", "10 katsojaa"),
     ("/sv", "Visa på tv:n", "Titta", "10 tittare"),
     ("/en", "Show on the TV", "Watch", "10 viewers")],
    ids=["fi", "sv", "en"],
)  # fmt: skip
def test_a_group_watches_in_tv_mode_by_keyboard_and_reports_12_viewers(
    new_page, language, show, watch, viewers_text
):
    from lampio.accounts.models import GroupHost
    from lampio.feedback.models import Feedback
    from lampio.municipalities.models import Municipality
    from lampio.week.models import GroupPlan
    from tests.programme.factories import RecordingFactory

    offering = RecordingFactory(
        slug="yhteislaulu", title_fi="Yhteislaulu", title="Yhteislaulu", is_group_friendly=True
    )
    showing = ShowingFactory(
        offering=offering, starts_at=timezone.now() - timedelta(minutes=5)
    )  # it has begun: the group can report how many watched
    host_user = UserFactory(username="ohjaaja", name="Ohjaaja", verified_email=True)
    host = GroupHost.objects.create(
        user=host_user, place="Palvelutalo Koivukoti", residents=20,
        municipality=Municipality.objects.get(slug="tampere"),
    )  # fmt: skip
    plan = GroupPlan.objects.create(host=host, showing=showing, expected_viewers=10)
    page = new_page(host_user)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{language}/group/")
    _tab_to(page, show)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/group/tv/{showing.pk}/")
    assert axe_violations(page) == []
    # The first control has the focus; arrows move between the big buttons only.
    assert page.evaluate("document.activeElement.innerText").strip() == watch
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.innerText").strip() != watch
    page.keyboard.press("ArrowLeft")
    assert page.evaluate("document.activeElement.innerText").strip() == watch
    sizes = page.evaluate(
        """Array.from(document.querySelectorAll('main button, main a.button'))
             .filter(e => e.offsetParent !== null)
             .map(e => [e.innerText, e.getBoundingClientRect().height])"""
    )
    assert sizes and all(height >= 60 for _text, height in sizes), sizes
    # The group is one table in the foyer, counted as its viewers.
    presence = page.locator("[data-presence]")
    presence.filter(has_text="Palvelutalo Koivukoti").wait_for(timeout=15000)
    assert viewers_text in presence.inner_text()
    assert page.locator(".chat-form").first.is_hidden()  # the foyer is reduced
    assert page.csp_violations == []
    # Back returns to the group's week, where the host reports how many watched.
    page.keyboard.press("Escape")
    page.wait_for_url("**/group/")
    _tab_to_field(page, f"watched-{plan.pk}")
    page.keyboard.press("Control+A")
    page.keyboard.type("12")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert GroupPlan.objects.get(showing=showing).watched_viewers == 12
    assert Feedback.objects.get(showing=showing).group_size == 12
    assert axe_violations(page) == []


@pytest.mark.parametrize(
    "language,remind,act_for,words",
    [("", "Muistuta minua", "Toimi henkilön Äiti puolesta", "siirtynyt"),
     ("/sv", "Påminn mig", "Agera för Äiti", "flyttats"),
     ("/en", "Remind me", "Act for Äiti", "moved")],
    ids=["fi", "sv", "en"],
)  # fmt: skip
def test_the_week_of_a_senior_and_a_helper_from_reminders_to_a_moved_showing(
    browser, live_server, season, language, remind, act_for, words
):
    """Aino adds the Thursday sing-along herself; a daughter sets the same for her mother,
    with a copy; both get the day-before and the thirty-minute reminder (the copy too), the
    one-tap link opens the watch page, and when the producer moves the showing each gets one
    notice."""
    from django.core import mail

    from lampio.accounts.models import HelperRelation
    from lampio.programme.services import showing_save
    from lampio.week.reminders import day_before, reminders_send
    from tests.browser.conftest import fresh_page
    from tests.support.tasks import run_ready_tasks

    code = language.strip("/") or "fi"
    offering = OfferingFactory(
        slug="yhteislaulu", title_fi="Yhteislaulu", title="Yhteislaulu", status="published"
    )
    showing = ShowingFactory(offering=offering, starts_at=timezone.now() + timedelta(days=2))
    aino = UserFactory(name="Aino", email="aino@example.fi", language=code, verified_email=True)
    mother = UserFactory(name="Äiti", email="aiti@example.fi", language=code)
    daughter = UserFactory(
        name="Tytär", email="tytar@example.fi", language=code, verified_email=True
    )
    HelperRelation.objects.create(
        person=mother, helper=daughter, helper_email=daughter.email, status="active"
    )
    senior = fresh_page(browser, live_server.url)
    log_in_browser(senior, aino)
    senior.goto(f"{language}/programme/yhteislaulu/")
    senior.get_by_role("link", name=remind).first.click()
    senior.locator("main form button[type=submit]").click()
    senior.wait_for_url("**/my-programme/")
    assert axe_violations(senior) == []

    helper = fresh_page(browser, live_server.url)
    log_in_browser(helper, daughter)
    helper.goto(f"{language}/accounts/me/helpers/")
    helper.get_by_role("button", name=act_for).click()
    helper.goto(f"{language}/my-programme/remember/{showing.pk}/")
    assert axe_violations(helper) == []
    helper.locator("#id_copy_to_helper").check()
    helper.locator("main form button[type=submit]").click()
    helper.wait_for_url("**/my-programme/")
    assert set(ProgrammeEntry.objects.values_list("person__name", flat=True)) == {"Aino", "Äiti"}

    start = showing.starts_at
    reminders_send(now=day_before(start) + timedelta(minutes=2))
    reminders_send(now=start - timedelta(minutes=25))
    reminders_send(now=start - timedelta(minutes=20))  # nothing twice
    received = sorted(m.to[0] for m in mail.outbox)
    assert received == ["aino@example.fi"] * 2 + ["aiti@example.fi"] * 2 + ["tytar@example.fi"] * 2
    soon = [m for m in mail.outbox if m.to == ["aino@example.fi"]][-1]
    link = re.search(r"http\S+/accounts/link/\S+/", soon.body).group(0)
    anonymous = fresh_page(browser, live_server.url)  # the reminder opened on a tablet
    anonymous.goto(link.split("127.0.0.1:8000", 1)[1])
    anonymous.wait_for_url("**/programme/yhteislaulu/watch/")

    mail.outbox.clear()
    producer = UserFactory(name="Tuottaja")
    showing_save(
        offering=offering,
        showing=showing,
        data={"starts_at": start + timedelta(days=1), "doors_open_before": timedelta(minutes=30)},
        actor=producer,
    )
    run_ready_tasks()
    run_ready_tasks()
    notices = sorted(m.to[0] for m in mail.outbox)
    assert notices == ["aino@example.fi", "aiti@example.fi"]
    assert all(words in m.body for m in mail.outbox)
    for page in (senior, helper, anonymous):
        assert page.csp_violations == []
        page.context.close()
