import json

import pytest
from django.test import Client

from lampio.accounts.models import User
from lampio.core.models import AuditEvent
from lampio.municipalities.models import Municipality
from tests.accounts.test_login import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def aino(client):
    user = make_user()
    client.force_login(user)
    return user


def test_pages_for_logged_in_people_need_a_login(client):
    for path in ["/accounts/me/", "/accounts/me/data.json", "/accounts/me/delete/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/code/")
    assert client.post("/accounts/me/logout-everywhere/").status_code == 302


def test_header_shows_my_page_and_log_out_when_logged_in(client, aino):
    html = client.get("/").content.decode()
    assert "Oma sivu" in html and "Kirjaudu ulos" in html
    anonymous = Client().get("/").content.decode()
    assert "Kirjaudu sisään" in anonymous and "Kirjaudu ulos" not in anonymous


def test_profile_changes_are_saved(client, aino):
    oulu = Municipality.objects.get(slug="oulu")
    response = client.post(
        "/accounts/me/",
        {
            "form": "profile",
            "name": "Aino Laine",
            "display_name": "",
            "home_municipality": oulu.pk,
            "language": "sv",
        },
    )
    assert response.status_code == 302
    aino.refresh_from_db()
    assert (aino.name, aino.display_name, aino.language) == ("Aino Laine", "Aino, Oulu", "sv")


def test_bad_profile_input_is_explained_and_nothing_changes(client, aino):
    response = client.post(
        "/accounts/me/",
        {"form": "profile", "name": "   ", "home_municipality": "999999", "language": "xx"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in html
    assert "Kirjoita nimesi." in html
    aino.refresh_from_db()
    assert aino.name == "Aino Virtanen"


def test_consents_can_be_given_and_taken_back(client, aino):
    client.post("/accounts/me/", {"form": "consents", "analytics": "on"})
    aino.refresh_from_db()
    assert aino.analytics_consent_at is not None
    client.post("/accounts/me/", {"form": "consents"})
    aino.refresh_from_db()
    assert aino.analytics_consent_at is None


def test_my_data_holds_everything_about_me(client, aino):
    response = client.get("/accounts/me/data.json")
    assert response["Content-Disposition"] == 'attachment; filename="lampio-my-data.json"'
    data = json.loads(response.content)
    assert data["account"]["name"] == "Aino Virtanen"
    assert data["email_addresses"] == [
        {"email": "aino@example.fi", "verified": True, "primary": True}
    ]


def test_log_out_on_all_devices_ends_every_session(aino):
    tablet, phone = Client(), Client()
    tablet.force_login(aino)
    phone.force_login(aino)
    assert phone.get("/accounts/me/").status_code == 200
    tablet.post("/accounts/me/logout-everywhere/")
    assert phone.get("/accounts/me/").status_code == 302
    assert tablet.get("/accounts/me/").status_code == 302
    assert AuditEvent.objects.filter(action="accounts.logged_out_everywhere", subject=aino).exists()


def test_deleting_the_account_removes_personal_data(client, aino):
    response = client.post("/accounts/me/delete/", {})
    assert response.status_code == 200 and "Rastita ruutu" in response.content.decode()
    assert User.objects.filter(pk=aino.pk).exists()
    response = client.post("/accounts/me/delete/", {"confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=aino.pk).exists()
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action="accounts.account_deleted")
    assert event.actor is None and event.subject is None


def test_privacy_page_is_public(client):
    response = Client().get("/en/privacy/")
    assert response.status_code == 200
    assert "How we handle your data" in response.content.decode()
