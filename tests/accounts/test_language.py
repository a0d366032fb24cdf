"""The language a person chose follows them: pages, the next visit, and the emails' links."""

import pytest
from django.core import mail
from django.test import Client

from lampio.core.mail import templated_email_send
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_logged_in_person_gets_their_profiles_language_on_finnish_addresses():
    karin = UserFactory(username="karin", name="Karin", email="karin@example.fi", language="sv")
    client = Client()
    client.force_login(karin)
    response = client.get("/programme/?art=music")
    assert response.status_code == 302 and response["Location"] == "/sv/programme/?art=music"
    assert client.get("/sv/programme/").status_code == 200


def test_choosing_a_language_in_the_switch_is_remembered_on_the_profile_and_the_device():
    karin = UserFactory(username="karin", name="Karin", email="karin@example.fi", language="sv")
    client = Client()
    client.force_login(karin)
    response = client.get("/language/fi/?next=/sv/programme/")
    assert response["Location"] == "/programme/"
    karin.refresh_from_db()
    assert karin.language == "fi"
    assert client.get("/programme/").status_code == 200  # Finnish now stays Finnish
    visitor = Client()
    visitor.get("/language/en/?next=/")
    assert visitor.get("/day/")["Location"] == "/en/day/"
    assert visitor.get("/language/xx/").status_code == 404
    assert visitor.get("/language/sv/?next=https://evil.example/")["Location"] == "/sv/"


def test_the_page_switch_goes_through_the_choice():
    html = Client().get("/programme/").content.decode()
    assert 'href="/language/sv/?next=%2Fsv%2Fprogramme%2F"' in html
    assert 'data-language-offer="sv" lang="sv" hidden' in html
    assert "Läs Lämpiö på svenska" in html


def test_email_links_lead_to_the_recipients_language(settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        templated_email_send(
            template_prefix="accounts/email/helper",
            to=["karin@example.fi"],
            context={"url": settings.SITE_URL + "/accounts/helper/abc/"},
            language="sv",
        )
    (message,) = mail.outbox
    assert settings.SITE_URL + "/sv/accounts/helper/abc/" in message.body
