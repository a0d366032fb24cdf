"""Signing up and logging in as a senior would, and accessibility of every account page."""

import re

import pytest
from django.core import mail

from lampio.accounts.models import User
from tests.accounts.factories import UserFactory
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CODE = re.compile(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", re.M)


def paste(page, selector: str, text: str) -> None:
    """Put text on the clipboard and paste it with the keyboard, as a person would."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.evaluate("text => navigator.clipboard.writeText(text)", text)
    page.focus(selector)
    page.keyboard.press("Control+V")


def make_aino() -> User:
    user = UserFactory(
        username="u-aino",
        name="Aino Virtanen",
        display_name="Aino, Tampere",
        email="aino@example.fi",
        verified_email=True,
    )
    return user


def test_new_senior_signs_up_and_pastes_the_code_from_the_email(page):
    page.goto("/")
    page.get_by_role("link", name="Kirjaudu sisään").click()
    page.get_by_role("link", name="Luo tili").click()
    page.get_by_label("Nimesi").fill("Aino Virtanen")
    page.get_by_label("Kotikunta").select_option(label="Tampere")
    page.get_by_label("Sähköpostiosoite (oma tai avustajasi)").fill("aino@example.fi")
    page.get_by_role("button", name="Luo tili").click()

    assert page.locator("h1").inner_text() == "Kirjoita koodi"
    code = CODE.search(mail.outbox[-1].body).group(1)
    paste(page, "input[name=code]", code)
    page.get_by_role("button", name="Vahvista").click()

    assert page.get_by_role("button", name="Kirjaudu ulos", exact=True).is_visible()
    user = User.objects.get(email="aino@example.fi")
    assert user.display_name == "Aino, Tampere"
    assert page.csp_violations == []


def test_returning_senior_logs_in_with_a_pasted_code(page):
    make_aino()
    page.goto("/accounts/login/code/")
    page.get_by_label("Sähköpostiosoite").fill("aino@example.fi")
    page.get_by_role("button", name="Lähetä minulle koodi").click()
    assert "aino@example.fi" in page.locator("main").inner_text()
    code = CODE.search(mail.outbox[-1].body).group(1)
    paste(page, "input[name=code]", code)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    assert page.locator("h1").inner_text() == "Hei, Aino"  # the first name, not the foyer name


def test_the_link_in_the_email_logs_in_with_one_click(page, browser):
    make_aino()
    page.goto("/accounts/login/code/")
    page.get_by_label("Sähköpostiosoite").fill("aino@example.fi")
    page.get_by_role("button", name="Lähetä minulle koodi").click()
    link = re.search(r"http\S+/accounts/link/\S+/", mail.outbox[-1].body).group(0)
    path = link.split("127.0.0.1:8000", 1)[1]

    # The email is opened on another device: a fresh browser with no session.
    other = browser.new_context(base_url=page.base_url)
    tablet = other.new_page()
    tablet.goto(path)
    tablet.wait_for_url("**/accounts/me/")
    assert tablet.locator("h1").inner_text() == "Hei, Aino"
    tablet.goto(path)
    assert tablet.locator("h1").inner_text() == "Linkki ei enää toimi"
    other.close()


@pytest.mark.parametrize("language", ["", "/sv", "/en"], ids=["fi", "sv", "en"])
def test_account_pages_have_zero_axe_violations(page, language):
    make_aino()
    checked = []

    def check(label: str) -> None:
        assert axe_violations(page) == [], language + " " + label
        checked.append(label)

    for path in ["/accounts/login/code/", "/accounts/signup/", "/accounts/login/", "/privacy/"]:
        page.goto(language + path)
        check(path)
    page.goto(language + "/accounts/link/not-a-real-token/")
    check("expired link")
    page.goto(language + "/accounts/signup/")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_selector(".error-summary")
    check("signup with errors")
    page.goto(language + "/accounts/login/code/")
    page.fill("input[name=email]", "aino@example.fi")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_selector("input[name=code]")
    check("confirm code")
    page.fill("input[name=code]", "WRONG")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_selector(".message-error")  # said on the code page, got again
    check("confirm code with error")
    code = CODE.search(mail.outbox[-1].body).group(1)
    page.fill("input[name=code]", code)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_selector("form.logout-form")
    from lampio.accounts.helper_relations import helper_invite

    asker = UserFactory(username="u-eino", name="Eino Laine", display_name="Eino")
    helper_invite(person=asker, email="aino@example.fi")
    confirm_path = re.search(r"/accounts/helper/\S+/", mail.outbox[-1].body).group(0)
    for path in [
        "/accounts/me/",
        "/accounts/me/delete/",
        "/accounts/logout/",
        "/accounts/me/helpers/",
        "/accounts/helping/new/",
        confirm_path,
        "/",
    ]:
        page.goto(language + path)
        check(path + " logged in")
    assert len(checked) == 15
    assert page.csp_violations == []


def log_in_browser(page, user) -> None:
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": page.base_url}]
    )


@pytest.mark.parametrize("language", ["", "/sv", "/en"], ids=["fi", "sv", "en"])
def test_work_tool_pages_have_zero_axe_violations(page, language):
    from lampio.accounts.models import CoordinatorAssignment, ProducerMembership
    from lampio.core.audit import audit_record
    from lampio.municipalities.models import Municipality
    from lampio.programme.models import Producer

    admin = make_aino()
    admin.is_superuser = admin.is_staff = True
    admin.save()
    tampere = Municipality.objects.get(slug="tampere")
    CoordinatorAssignment.objects.create(user=admin, municipality=tampere)
    producer = Producer.objects.get(slug="laulun-ilo")
    ProducerMembership.objects.create(user=admin, producer=producer)
    audit_record(action="accounts.role_granted", actor=admin, subject=admin, municipality=tampere)
    log_in_browser(page, admin)
    checked = []
    for path in [
        "/manage/",
        "/manage/invite/",
        "/manage/audit/",
        "/manage/producers/laulun-ilo/team/",
        "/manage/captions-overdue/",
        "/studio/",
    ]:
        page.goto(language + path)
        assert page.locator("h1").count() == 1
        assert axe_violations(page) == [], language + path
        checked.append(path)
    page.goto(language + "/manage/invite/")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_selector(".error-summary")
    assert axe_violations(page) == [], language + " invite with errors"
    page.context.clear_cookies()
    other = UserFactory(username="u-b", name="B", display_name="B", email="b@example.fi")
    log_in_browser(page, other)
    response = page.goto(language + "/manage/")
    assert response.status == 403
    assert axe_violations(page) == [], language + " 403"
    assert len(checked) == 6


def test_helper_creates_an_account_for_someone_without_email_and_acts_for_them(page):
    matti = UserFactory(
        username="u-matti",
        name="Matti Virtanen",
        display_name="Matti",
        email="matti@example.fi",
        verified_email=True,
    )
    log_in_browser(page, matti)
    page.goto("/accounts/me/")
    page.get_by_role("link", name="Avustajani ja ihmiset, joita autan").click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Luo tili henkilölle, jolla ei ole sähköpostia").click()
    assert axe_violations(page) == []
    page.get_by_label("Hänen nimensä").fill("Aino Virtanen")
    page.get_by_label("Kotikunta").select_option(label="Tampere")
    page.get_by_role("button", name="Luo tili").click()
    assert "Henkilön Aino, Tampere tili on valmis" in page.locator(".messages").inner_text()

    page.get_by_role("button", name="Toimi henkilön Aino, Tampere puolesta").click()
    banner = page.get_by_role("region", name="Toimit toisen puolesta")
    assert "Toimit nyt henkilön Aino, Tampere puolesta." in banner.inner_text()
    assert page.locator("h1").inner_text() == "Henkilön Aino, Tampere tiedot"
    assert axe_violations(page) == []
    page.get_by_label("Nimi, jonka muut näkevät aulassa").fill("Aino V.")
    page.get_by_role("button", name="Tallenna tietoni").click()
    assert User.objects.get(name="Aino Virtanen").display_name == "Aino V."
    page.goto("/")
    assert page.get_by_role("region", name="Toimit toisen puolesta").is_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Lopeta toisen puolesta toimiminen").click()
    assert page.get_by_role("region", name="Toimit toisen puolesta").count() == 0
    assert page.csp_violations == []


def test_senior_without_email_logs_in_with_the_code_her_helper_reads_to_her(page):
    matti = UserFactory(
        username="u-matti",
        name="Matti Virtanen",
        display_name="Matti",
        email="matti@example.fi",
        verified_email=True,
    )
    from lampio.accounts.helper_relations import helper_person_create

    helper_person_create(
        helper=matti, name="Aino Virtanen", display_name="", home_municipality=None, language="fi"
    )
    page.goto("/accounts/login/code/")
    page.get_by_label("Sähköpostiosoite").fill("matti@example.fi")
    page.get_by_role("button", name="Lähetä minulle koodi").click()
    code = CODE.search(mail.outbox[-1].body).group(1)
    page.get_by_label("Koodi sähköpostista").fill(code)  # Matti reads it over the phone
    page.get_by_role("button", name="Kirjaudu sisään").click()
    assert page.locator("h1").inner_text() == "Kuka kirjautuu?"
    assert axe_violations(page) == []
    page.get_by_role("button", name="Aino").click()
    assert page.locator("h1").inner_text() == "Hei, Aino"
