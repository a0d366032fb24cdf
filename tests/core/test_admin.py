import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from lampio.municipalities.models import Municipality
from tests.programme.factories import OfferingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.fi", "pw-123456")
    client.force_login(admin)
    return client


def test_admin_is_translated_and_shows_translated_content_fields(admin_client):
    offering = OfferingFactory()
    html = admin_client.get(
        f"/{settings.ADMIN_PATH}programme/offering/{offering.pk}/change/"
    ).content.decode()
    assert "Lämpiön ylläpito" in html
    for field in ("title_fi", "title_sv", "title_en", "plain_summary_sv"):
        assert f'name="{field}"' in html
    assert "Tallenna" in html  # Django's own admin strings in Finnish


def test_admin_can_add_a_municipality(admin_client):
    response = admin_client.post(
        f"/{settings.ADMIN_PATH}municipalities/municipality/add/",
        {
            "slug": "espoo",
            "name_fi": "Espoo",
            "name_sv": "Esbo",
            "name_en": "Espoo",
            "code": "049",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    espoo = Municipality.objects.get(slug="espoo")
    assert (espoo.name_fi, espoo.name_sv) == ("Espoo", "Esbo")


def test_visitors_cannot_reach_the_admin(client):
    response = client.get(f"/{settings.ADMIN_PATH}programme/offering/")
    assert response.status_code == 302
    assert f"/{settings.ADMIN_PATH}login/" in response["Location"]


def staff_with_totp() -> tuple:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from tests.accounts.factories import UserFactory

    staff = UserFactory(
        username="yllapitaja",
        email="yllapitaja@example.fi",
        verified_email=True,
        is_staff=True,
        is_superuser=True,
    )
    staff.set_password("oikea-salasana-123")
    staff.save()
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    return staff, secret


def totp_code(secret: str) -> str:
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.mark.parametrize("prefix", ["", "/sv", "/en"])
def test_the_well_known_admin_address_is_not_the_admin(client, prefix):
    assert settings.ADMIN_PATH != "admin/"
    assert client.get(f"{prefix}/admin/").status_code == 404
    assert client.get(f"{prefix}/admin/login/").status_code == 404


def test_the_admin_login_is_the_platform_login_and_asks_for_the_second_factor(client):
    staff, secret = staff_with_totp()
    admin_home = reverse("admin:index")

    # The admin's own password form does not log anyone in: it sends them to allauth.
    response = client.post(
        reverse("admin:login"),
        {"username": staff.username, "password": "oikea-salasana-123"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    assert client.get(admin_home).status_code == 302

    # The right password alone stops at the second factor; the admin stays closed.
    response = client.post(
        reverse("account_login"),
        {"login": staff.email, "password": "oikea-salasana-123", "next": admin_home},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_authenticate"))
    response = client.get(admin_home, follow=True)
    assert response.redirect_chain, "the admin opened without the second factor"
    assert response.request["PATH_INFO"] in (
        reverse(settings.LOGIN_URL),
        reverse("mfa_authenticate"),
    )

    # With the code from the authenticator app, the admin opens.
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get(admin_home).status_code == 200


def test_repeated_wrong_passwords_are_stopped(client):
    staff, _ = staff_with_totp()
    for attempt in range(6):
        response = client.post(
            reverse("account_login"), {"login": staff.email, "password": f"arvaus-{attempt}"}
        )
        assert response.status_code in (200, 429)
    # Limited now: even the right password is not tried, and the form says why.
    response = client.post(
        reverse("account_login"), {"login": staff.email, "password": "oikea-salasana-123"}
    )
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    assert "mfa_authenticate" not in response.get("Location", "")
    if response.status_code == 200:
        form = response.context["form"]
        assert any(
            "attempts" in str(error) or "yrity" in str(error)
            for error in form.errors.get("__all__", [])
        )
