"""The audit log reads as sentences, can be narrowed and searched, and shows coordinators
what was done in their municipality, not residents' private addresses."""

import pytest
from django.test import Client

from lampio.accounts.helper_relations import helper_invite
from lampio.accounts.models import CoordinatorAssignment
from lampio.core.audit import audit_record
from lampio.municipalities.models import Municipality
from tests.accounts.factories import UserFactory
from tests.programme.factories import OfferingFactory

pytestmark = pytest.mark.django_db


def test_coordinators_search_the_log_and_never_see_a_helpers_address():
    tampere = Municipality.objects.get(slug="tampere")
    kaisa = UserFactory(username="kaisa", name="Kaisa Koordinaattori", email="k@example.fi")
    CoordinatorAssignment.objects.create(user=kaisa, municipality=tampere)
    aino = UserFactory(
        username="aino", name="Aino Virtanen", email="aino@example.fi", home_municipality=tampere
    )
    helper_invite(person=aino, email="salainen.poika@example.fi")
    offering = OfferingFactory(title="Kevään laulut", is_nationwide=False)
    offering.municipalities.set([tampere])
    audit_record(
        action="programme.offering_approved", actor=kaisa, municipality=tampere, target=offering
    )
    client = Client()
    client.force_login(kaisa)
    page = client.get("/manage/audit/").content.decode()
    assert "salainen.poika" not in page
    assert "programme.offering_approved" not in page  # a sentence, never the code
    found = client.get("/manage/audit/?q=Kevään").content.decode()
    assert "Kevään laulut" in found
    narrowed = client.get("/manage/audit/?area=foyer").content.decode()
    assert "Kevään laulut" not in narrowed and "Mikään ei vastaa hakua." in narrowed
