import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from lampio.accounts.models import LoginLink, User
from lampio.municipalities.models import Municipality
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def make_user(email="aino@example.fi", **extra) -> User:
    user = UserFactory(
        username=f"u-{email}",
        name="Aino Virtanen",
        display_name="Aino, Tampere",
        email=email,
        **extra,
        verified_email=True,
    )
    return user


def code_from(message) -> str:
    return re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, re.M).group(1)


def link_from(message) -> str:
    return re.search(r"http\S+/accounts/link/[^/\s]+/", message.body).group(0)


def test_signup_asks_only_what_is_needed_and_logs_in_with_the_emailed_code(client):
    tampere = Municipality.objects.get(slug="tampere")
    response = client.post(
        "/accounts/signup/",
        {
            "name": "Aino Virtanen",
            "display_name": "",
            "home_municipality": tampere.pk,
            "email": "aino@example.fi",
            "language": "fi",
            "birth_year_band": "1940-1949",
            "statistics_consent": "on",
        },
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.subject == "Lämpiö: Vahvista sähköpostiosoitteesi"
    assert message.alternatives and message.alternatives[0][1] == "text/html"
    code = code_from(message)
    response = client.post(response["Location"], {"code": code})
    assert response.status_code == 302
    user = User.objects.get(email="aino@example.fi")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert user.display_name == "Aino, Tampere"
    assert user.home_municipality == tampere
    assert user.birth_year_band == "1940-1949" and user.statistics_consent_at
    assert not user.has_usable_password()


def test_birth_year_needs_consent(client):
    response = client.post(
        "/accounts/signup/",
        {"name": "Aino", "email": "a@example.fi", "language": "fi", "birth_year_band": "1940-1949"},
    )
    assert response.status_code == 200
    assert "Rastita tämä" in response.content.decode()
    assert not User.objects.exists()


def test_login_by_code_with_a_pasted_code(client):
    user = make_user()
    response = client.post("/accounts/login/code/", {"email": "aino@example.fi"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.subject == "Lämpiö: Kirjautumiskoodisi"
    code = code_from(message)
    pasted = f"  {code.lower()}  "  # pasting often brings spaces and the wrong case along
    response = client.post("/accounts/login/code/confirm/", {"code": pasted})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_same_email_holds_a_one_click_link_that_works_once(client):
    user = make_user()
    client.post("/accounts/login/code/", {"email": "aino@example.fi"})
    link = link_from(mail.outbox[0])
    assert link in mail.outbox[0].alternatives[0][0]
    path = link.split("127.0.0.1:8000", 1)[1]

    other_browser = client.__class__()
    page = other_browser.get(path)
    assert page.status_code == 200 and b'id="login-link-form"' in page.content
    response = other_browser.post(path)
    assert response.status_code == 302
    assert other_browser.session["_auth_user_id"] == str(user.pk)

    third = client.__class__()
    assert third.get(path).status_code == 410
    assert third.post(path).status_code == 410
    assert "_auth_user_id" not in third.session


def test_an_expired_link_does_not_log_in(client):
    make_user()
    client.post("/accounts/login/code/", {"email": "aino@example.fi"})
    path = link_from(mail.outbox[0]).split("127.0.0.1:8000", 1)[1]
    LoginLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post(path)
    assert response.status_code == 410
    assert "Linkki ei enää toimi" in response.content.decode()


def test_wrong_codes_are_explained_and_run_out(client):
    make_user()
    client.post("/accounts/login/code/", {"email": "aino@example.fi"})
    for _ in range(2):
        response = client.post("/accounts/login/code/confirm/", {"code": "XXXX-XXXX"}, follow=True)
        assert response.status_code == 200
        assert 'class="message message-error"' in response.content.decode()
    response = client.post("/accounts/login/code/confirm/", {"code": "XXXX-XXXX"})
    code = code_from(mail.outbox[0])
    response = client.post("/accounts/login/code/confirm/", {"code": code})
    assert "_auth_user_id" not in client.session, "after three wrong tries the code is spent"


def test_unknown_address_gets_the_same_answer_and_no_code(client):
    make_user()
    known = client.post("/accounts/login/code/", {"email": "aino@example.fi"})
    stranger = client.__class__()
    unknown = stranger.post("/accounts/login/code/", {"email": "nobody@example.fi"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 2
    assert "ei ole Lämpiö-tiliä" in mail.outbox[1].body
    assert not re.search(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$", mail.outbox[1].body, re.M)


@pytest.mark.parametrize(
    "email", ["", "aino", "aino@", "@example.fi", "a" * 300 + "@x.fi", "aino@exa mple.fi"]
)
def test_malformed_emails_get_a_clear_message(client, email):
    response = client.post("/accounts/login/code/", {"email": email})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert mail.outbox == []


def test_asking_for_codes_is_rate_limited(client):
    make_user()
    browsers = [client.__class__() for _ in range(4)]
    responses = [b.post("/accounts/login/code/", {"email": "aino@example.fi"}) for b in browsers]
    assert [r.status_code for r in responses] == [302, 302, 302, 200]
    refused = responses[-1].content.decode()
    assert "Liian monta" not in refused  # nothing failed: she asked often
    assert "Odota minuutti ja pyydä uudelleen" in refused
    assert len(mail.outbox) == 3


def test_welcome_email_in_the_persons_language_with_both_parts(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/",
            {"name": "Anna Berg", "email": "anna@example.fi", "language": "sv"},
        )
    (code_mail,) = mail.outbox  # one email at sign-up: the code
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"], {"code": code_from(code_mail)})
    assert len(mail.outbox) == 2
    welcome = next(m for m in mail.outbox if "Välkommen" in m.subject)
    assert welcome.to == ["anna@example.fi"]
    assert "Hej Anna!" in welcome.body
    assert welcome.alternatives[0][1] == "text/html"


def test_an_expired_code_does_not_log_in(client, monkeypatch):
    import time

    make_user()
    client.post("/accounts/login/code/", {"email": "aino@example.fi"})
    code = code_from(mail.outbox[0])
    later = time.time() + 16 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    client.post("/accounts/login/code/confirm/", {"code": code})
    assert "_auth_user_id" not in client.session


def test_a_code_works_only_once(client):
    make_user()
    client.post("/accounts/login/code/", {"email": "aino@example.fi"})
    code = code_from(mail.outbox[0])
    client.post("/accounts/login/code/confirm/", {"code": code})
    assert "_auth_user_id" in client.session
    client.post("/accounts/logout/")
    response = client.post("/accounts/login/code/confirm/", {"code": code})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302 and "/accounts/login/code/" in response["Location"]


def test_staff_can_turn_on_two_factor_authentication(client):
    staff = make_user(is_staff=True)
    staff.set_password("a-long-staff-password-123")
    staff.save()
    client.force_login(staff)
    assert client.get("/accounts/2fa/").status_code == 200
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code in (200, 302)
    if response.status_code == 302:  # allauth asks for the password again first
        assert "reauthenticate" in response["Location"]


def test_staff_turn_on_totp_and_then_need_the_second_factor():
    import time

    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import (
        SECRET_SESSION_KEY,
        format_hotp_value,
        hotp_value,
    )
    from django.test import Client

    staff = make_user("kirsi@example.fi", is_staff=True)
    staff.set_password("a-long-staff-password-123")
    staff.save()
    client = Client()
    response = client.post(
        "/accounts/login/", {"login": "kirsi@example.fi", "password": "a-long-staff-password-123"}
    )
    assert response.status_code == 302 and "_auth_user_id" in client.session
    activate = client.get("/accounts/2fa/totp/activate/")
    if activate.status_code == 302:  # allauth asks for the password again before 2FA changes
        assert activate["Location"].startswith("/accounts/reauthenticate/")
        client.post(activate["Location"], {"password": "a-long-staff-password-123"})
        activate = client.get("/accounts/2fa/totp/activate/")
    assert activate.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post("/accounts/2fa/totp/activate/", {"code": code})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=staff, type="totp").exists()

    later = Client()
    response = later.post(
        "/accounts/login/", {"login": "kirsi@example.fi", "password": "a-long-staff-password-123"}
    )
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in later.session


def test_people_are_named_by_their_names_never_by_the_internal_username(client):
    make_user()
    client.post("/accounts/login/code/", {"email": "aino@example.fi"})
    response = client.post(
        "/accounts/login/code/confirm/", {"code": code_from(mail.outbox[0])}, follow=True
    )
    page = client.get("/accounts/me/").content.decode()
    html = response.content.decode() + page
    assert "Kirjauduttiin sisään käyttäjänä Aino, Tampere." in html
    assert "u-aino" not in html
    assert "Hei, Aino</h1>" in page  # the first name, not "Aino, Tampere"


def test_an_admin_made_on_the_command_line_is_asked_for_a_name():
    from django.core.management import call_command

    call_command(
        "createsuperuser",
        interactive=False,
        username="root",
        email="root@example.fi",
        name="Riikka Ylläpitäjä",
        verbosity=0,
    )
    admin = User.objects.get(username="root")
    assert admin.first_name_shown == "Riikka"
    assert "name" in User.REQUIRED_FIELDS
    nameless = UserFactory(username="u-x", name="", display_name="", email="")
    assert nameless.name_shown == "Nimetön tili" and nameless.first_name_shown == ""
