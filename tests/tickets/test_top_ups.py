"""Topping up a balance through the payment provider (the local test provider here):
settled exactly once, whatever the provider sends, and refused for bad amounts or answers."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from lampio.core.models import AuditEvent
from lampio.tickets.ledger import ledger_check
from lampio.tickets.models import LedgerTransaction, Payment
from lampio.tickets.payments import payments_settle_pending
from lampio.tickets.providers.local import signature
from lampio.tickets.selectors import balance_of
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _local_provider(settings):
    settings.PAYMENT_PROVIDER = "local"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _pay(client: Client, amount: str, card: str = "ok") -> str:
    """Top up through the pages; returns the signed return address the provider gives."""
    pay_page = client.post("/balance/", {"amount": amount})
    assert pay_page.status_code == 302, pay_page.content.decode()[:2000]
    chosen = client.post(pay_page["Location"], {"card": card})
    assert chosen.status_code == 302
    return chosen["Location"]


def test_a_top_up_is_added_once_even_when_the_answer_comes_twice():
    aino = UserFactory(username="aino")
    client = _client(aino)
    back = _pay(client, "20")
    page = client.get(back, follow=True).content.decode()
    assert "20,00 €" in page and balance_of(aino) == 2000
    client.get(back)  # the browser comes back again
    params = {k: v[0] for k, v in parse_qs(urlsplit(back).query).items()}
    callback = Client().post("/payments/callback/local/", params)  # and the provider calls
    assert callback.status_code == 200
    assert balance_of(aino) == 2000
    assert LedgerTransaction.objects.filter(kind="top_up").count() == 1
    assert ledger_check().sound


def test_a_declined_card_adds_nothing():
    aino = UserFactory(username="aino")
    client = _client(aino)
    page = client.get(_pay(client, "20", card="declined"), follow=True).content.decode()
    assert "ei mennyt läpi" in page
    assert balance_of(aino) == 0 and Payment.objects.get().status == "failed"


@pytest.mark.parametrize("amount", ["0", "1000000", "-5", "abc", "4,99", ""])
def test_bad_amounts_are_refused_with_a_message(amount):
    client = _client(UserFactory(username="aino"))
    response = client.post("/balance/", {"amount": amount})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not Payment.objects.exists()


def test_a_forged_or_replayed_answer_moves_no_money():
    aino = UserFactory(username="aino")
    client = _client(aino)
    back = _pay(client, "20", card="declined")
    params = {k: v[0] for k, v in parse_qs(urlsplit(back).query).items()}
    forged = {**params, "status": "paid"}  # the signature was for "failed"
    assert Client().post("/payments/callback/local/", forged).status_code == 400
    client.get("/payments/return/local/", forged)
    unknown = {"reference": "x" * 32, "status": "paid", "signature": signature("x" * 32, "paid")}
    assert Client().post("/payments/callback/local/", unknown).status_code == 404
    assert balance_of(aino) == 0 and not LedgerTransaction.objects.exists()


def test_a_payment_whose_answer_never_came_is_settled_by_asking_the_provider():
    aino = UserFactory(username="aino")
    client = _client(aino)
    _pay(client, "15")  # paid on the provider's page; the browser never comes back
    assert balance_of(aino) == 0
    assert payments_settle_pending() == 0  # too early to ask
    assert payments_settle_pending(now=timezone.now() + timedelta(minutes=11)) == 1
    assert balance_of(aino) == 1500


def test_a_helper_tops_up_for_the_person_and_the_log_names_both(client):
    from lampio.accounts.helper_relations import ACTING_FOR_SESSION_KEY
    from lampio.accounts.models import HelperRelation

    mother = UserFactory(username="aiti", name="Äiti")
    son = UserFactory(username="poika", name="Poika")
    HelperRelation.objects.create(
        person=mother, helper=son, helper_email="poika@example.fi", status="active"
    )
    helper = _client(son)
    session = helper.session
    session[ACTING_FOR_SESSION_KEY] = mother.pk
    session.save()
    helper.get(_pay(helper, "30"))
    assert balance_of(mother) == 3000 and balance_of(son) == 0
    event = AuditEvent.objects.get(action="tickets.balance_topped_up_for")
    assert (event.actor, event.subject) == (son, mother)


def test_top_ups_are_off_without_a_provider(settings):
    settings.PAYMENT_PROVIDER = ""
    client = _client(UserFactory(username="aino"))
    assert "ei ole vielä käytössä" in client.get("/balance/").content.decode()
    response = client.post("/balance/", {"amount": "20"})
    assert response.status_code == 200 and not Payment.objects.exists()
    assert client.get("/payments/test-provider/abc/").status_code == 404
