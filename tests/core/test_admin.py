import pytest
from django.contrib.auth import get_user_model

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
    html = admin_client.get(f"/admin/programme/offering/{offering.pk}/change/").content.decode()
    assert "Lämpiön ylläpito" in html
    for field in ("title_fi", "title_sv", "title_en", "plain_summary_sv"):
        assert f'name="{field}"' in html
    assert "Tallenna" in html  # Django's own admin strings in Finnish


def test_admin_can_add_a_municipality(admin_client):
    response = admin_client.post(
        "/admin/municipalities/municipality/add/",
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
    response = client.get("/admin/programme/offering/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
