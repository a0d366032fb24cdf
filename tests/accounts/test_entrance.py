"""The audience's way in: a code, never a password form; a code that ran out is explained
with a new one a tap away; the tries left are said."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def aino():
    return UserFactory(
        username="u-aino", name="Aino Virtanen", display_name="Aino, Tampere",
        email="aino@example.fi", verified_email=True,
    )  # fmt: skip


def code_from(message) -> str:
    return re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, re.M).group(1)


@pytest.mark.parametrize(
    "url",
    ["/accounts/login/?next=/programme/", "/accounts/confirm-email/", "/sv/accounts/login/"],
)
def test_the_audience_never_meets_a_password_form(client, url):
    response = client.get(url, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'type="password"' not in html
    assert 'name="email"' in html and "/accounts/login/code/" in response.request["PATH_INFO"]


def test_where_the_audience_is_asked_to_log_in_the_code_login_comes_back_to_the_page(client):
    response = client.get("/accounts/login/?next=/programme/tanssiaiset/watch/")
    assert response["Location"] == (
        "/accounts/login/code/?next=%2Fprogramme%2Ftanssiaiset%2Fwatch%2F"
    )


def test_staff_find_the_password_form_on_purpose(client):
    html = client.get("/accounts/login/?staff=1").content.decode()
    assert 'type="password"' in html and "Henkilökunnan kirjautuminen" in html
    admin = client.get("/accounts/login/?next=/yllapito/").content.decode()
    assert 'type="password"' in admin


def test_a_code_that_ran_out_is_explained_and_a_new_one_is_a_tap_away(client, aino, monkeypatch):
    client.post("/accounts/login/code/", {"email": "aino@example.fi"})
    code = code_from(mail.outbox[0])
    later = timezone.now() + timedelta(minutes=20)
    monkeypatch.setattr("time.time", lambda: later.timestamp())
    response = client.post("/accounts/login/code/confirm/", {"code": code}, follow=True)
    html = response.content.decode()
    assert "Koodi ei ole enää voimassa" in html
    assert 'value="aino@example.fi"' in html  # one tap: the address is filled in
    assert "_auth_user_id" not in client.session


def test_the_tries_left_are_said_before_the_last(client, aino):
    client.post("/accounts/login/code/", {"email": "aino@example.fi"})
    first = client.post("/accounts/login/code/confirm/", {"code": "AAAA-AAAA"})
    assert first.status_code == 302, "answered with a redirect: Back never resends a form"
    page = client.get(first["Location"]).content.decode()
    assert "Voit yrittää vielä 2 kertaa." in page and 'name="code"' in page
    second = client.post("/accounts/login/code/confirm/", {"code": "AAAA-AAAA"}, follow=True)
    assert "Voit yrittää vielä kerran. Pyydä sitten uusi koodi." in second.content.decode()


def test_signing_up_again_with_a_known_address_logs_her_in_from_the_email(client, aino):
    """The page looks the same as for a new address (nobody learns who has an account); the
    email, in her own language, holds a link that logs her in."""
    from lampio.municipalities.models import Municipality

    aino.language = "sv"
    aino.save()
    response = client.post(
        "/accounts/signup/",
        {
            "name": "Aino Virtanen",
            "home_municipality": Municipality.objects.get(slug="tampere").pk,
            "email": "AINO@example.fi",
            "language": "fi",
        },
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["aino@example.fi"]
    assert "Du har redan ett Lämpiö-konto" in message.body
    link = re.search(r"http\S+/accounts/link/[^/\s]+/", message.body).group(0)
    token_path = link[link.index("/accounts/link/") :]
    assert client.get(token_path).status_code == 200
    client.post(token_path)
    assert client.session["_auth_user_id"] == str(aino.pk)


def test_the_header_login_link_brings_her_back_to_the_page(client):
    html = client.get("/programme/?art=music").content.decode()
    assert 'href="/accounts/login/code/?next=/programme/%3Fart%3Dmusic"' in html


def test_after_logging_in_from_a_page_she_is_back_on_it(client, aino):
    client.post(
        "/accounts/login/code/?next=/programme/",
        {"email": "aino@example.fi", "next": "/programme/"},
    )
    response = client.post(
        "/accounts/login/code/confirm/", {"code": code_from(mail.outbox[0]), "next": "/programme/"}
    )
    assert response["Location"] == "/programme/"


def test_after_logging_in_the_code_page_never_says_the_code_ran_out(client, aino):
    client.post("/accounts/login/code/", {"email": "aino@example.fi"})
    client.post("/accounts/login/code/confirm/", {"code": code_from(mail.outbox[0])})
    assert "_auth_user_id" in client.session
    back = client.get("/accounts/login/code/confirm/", follow=True).content.decode()
    assert "Koodi ei ole enää voimassa" not in back
