"""Paid culture on the pages: a producer sets the price, the audience buys in one step with a
receipt, a helper buys for the person they help, a cancelled showing gives the money back and
a producer's refund is audited."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from lampio.accounts.models import HelperRelation, ProducerMembership
from lampio.core.models import AuditEvent
from lampio.programme.models import Offering
from lampio.programme.services import showing_cancel
from lampio.tickets.ledger import balance_account, ledger_check
from lampio.tickets.models import LedgerTransaction, Ticket
from lampio.tickets.services import ticket_buy, tickets_refund_cancelled
from tests.accounts.factories import UserFactory
from tests.programme.factories import OfferingFactory, ProducerFactory, ShowingFactory
from tests.support.tasks import run_ready_tasks

from .factories import top_up

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _funded(username: str, cents: int, **extra):
    person = UserFactory(username=username, **extra)
    top_up(person, cents)
    return person


@pytest.fixture
def concert():
    offering = OfferingFactory(
        kind=Offering.Kind.LIVE, status="published", price_cents=1200, slug="konsertti"
    )
    return offering, ShowingFactory(offering=offering)


def _buy_page(offering, showing=None) -> str:
    url = f"/tickets/buy/{offering.slug}/"
    return url + (f"?showing={showing.pk}" if showing else "")


def _key(response) -> str:
    return response.context["form"].initial["key"]


# --- the producer's price --------------------------------------------------------------


def _studio_form(offering, **changes) -> dict:
    data = {
        "title_fi": offering.title_fi,
        "summary_fi": offering.summary_fi or "Lyhyesti",
        "kind": offering.kind,
        "duration_minutes": offering.duration_minutes,
        "is_nationwide": "on",
        "vat_basis_points": "1400",
        "price": "0",
    }
    data.update(changes)
    return data


@pytest.fixture
def producer_member():
    producer = ProducerFactory()
    member = UserFactory(username="tuottaja")
    ProducerMembership.objects.create(user=member, producer=producer)
    offering = OfferingFactory(producer=producer, kind=Offering.Kind.LIVE, status="published")
    return member, offering


def test_the_producer_sets_a_price_with_cents_and_its_vat_rate(producer_member):
    member, offering = producer_member
    response = _client(member).post(
        f"/studio/offerings/{offering.slug}/",
        _studio_form(
            offering, price="12,50", vat_basis_points="2550", ticket_includes_recording="on"
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    offering.refresh_from_db()
    assert (offering.price_cents, offering.vat_basis_points) == (1250, 2550)
    assert offering.ticket_includes_recording


@pytest.mark.parametrize("price", ["-1", "100000", "12,505", "kaksitoista", "1e3"])
def test_an_absurd_price_is_refused_and_nothing_changes(producer_member, price):
    member, offering = producer_member
    response = _client(member).post(
        f"/studio/offerings/{offering.slug}/", _studio_form(offering, price=price)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["price"]
    offering.refresh_from_db()
    assert offering.price_cents == 0


def test_another_producer_cannot_set_the_price(producer_member):
    _member, offering = producer_member
    stranger = UserFactory(username="vieras")
    ProducerMembership.objects.create(user=stranger, producer=ProducerFactory())
    response = _client(stranger).post(
        f"/studio/offerings/{offering.slug}/", _studio_form(offering, price="5")
    )
    assert response.status_code == 404
    offering.refresh_from_db()
    assert offering.price_cents == 0


# --- buying --------------------------------------------------------------------------------


def test_the_offering_page_offers_a_ticket_per_showing(client, concert):
    offering, showing = concert
    page = client.get(offering.get_absolute_url()).content.decode()
    assert f"/tickets/buy/{offering.slug}/?showing={showing.pk}" in page
    assert "12,00 €" in page


def test_a_visitor_is_asked_to_log_in_first(client, concert):
    offering, showing = concert
    response = client.get(_buy_page(offering, showing))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_one_step_buys_the_ticket_with_a_receipt_and_a_double_tap_is_one_purchase(
    concert, django_capture_on_commit_callbacks
):
    offering, showing = concert
    aino = _funded("aino", 2000, email="aino@example.fi")
    client = _client(aino)
    page = client.get(_buy_page(offering, showing))
    assert page.status_code == 200
    assert (page.context["balance_now"], page.context["balance_after"]) == (2000, 800)
    assert "8,00 €" in page.content.decode()  # the balance after, in plain figures
    key = _key(page)
    form = {"key": key, "showing": showing.pk}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(_buy_page(offering), form)
        second = client.post(_buy_page(offering), form)
    ticket = Ticket.objects.get()
    assert first["Location"] == second["Location"] == f"/tickets/{ticket.pk}/"
    assert LedgerTransaction.objects.filter(kind="purchase").count() == 1
    assert balance_account(aino).balance_cents == 800
    receipts = [m for m in mail.outbox if m.to == ["aino@example.fi"]]
    assert len(receipts) == 1
    text, html = receipts[0].body, receipts[0].alternatives[0][0]
    for part in (text, html):
        assert "12,00 €" in part and "1,47 €" in part and "10,53 €" in part  # VAT itemised
    ticket_page = client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert "1,47 €" in ticket_page
    assert offering.title in client.get("/tickets/").content.decode()
    assert ledger_check().sound


def test_a_short_balance_offers_a_top_up_instead_and_nothing_is_bought(concert):
    offering, showing = concert
    aino = _funded("aino", 500)
    client = _client(aino)
    page = client.get(_buy_page(offering, showing))
    assert page.context["balance_short"]
    assert b"/balance/" in page.content
    response = client.post(_buy_page(offering), {"key": "a" * 32, "showing": showing.pk})
    assert response.status_code == 200
    assert response.context["refusal"]
    assert not Ticket.objects.exists()
    assert balance_account(aino).balance_cents == 500


def test_a_sold_out_showing_says_so(concert):
    offering, showing = concert
    showing.capacity = 1
    showing.save()
    ticket_buy(person=_funded("eka", 1200), offering=offering, showing=showing, idempotency_key="1")
    toka = _funded("toka", 1200)
    client = _client(toka)
    assert client.get(_buy_page(offering, showing)).context["sold_out"]
    response = client.post(_buy_page(offering), {"key": "b" * 32, "showing": showing.pk})
    assert "loppuunmyyty" in response.context["refusal"].lower()
    assert Ticket.objects.count() == 1


@pytest.mark.parametrize("showing", ["x", "-1", "99999999", "1" * 20])
def test_a_made_up_showing_is_not_found(concert, showing):
    offering, _showing = concert
    client = _client(_funded("aino", 2000))
    assert client.get(f"/tickets/buy/{offering.slug}/?showing={showing}").status_code == 404
    assert not Ticket.objects.exists()


def test_a_forged_form_without_its_key_buys_nothing(concert):
    offering, showing = concert
    client = _client(_funded("aino", 2000))
    for key in ["", "nonsense", "<script>"]:
        response = client.post(_buy_page(offering), {"key": key, "showing": showing.pk})
        assert response.status_code == 404
    assert not Ticket.objects.exists()


def test_a_free_offering_has_no_ticket_page():
    free = OfferingFactory(kind=Offering.Kind.RECORDING, status="published", price_cents=0)
    assert _client(UserFactory()).get(_buy_page(free)).status_code == 404


def test_a_helper_buys_for_the_person_they_help_and_the_log_names_both(
    concert, django_capture_on_commit_callbacks
):
    offering, showing = concert
    mother = _funded("aiti", 2000, email="aiti@example.fi")
    son = UserFactory(username="poika", email="poika@example.fi")
    HelperRelation.objects.create(
        person=mother, helper=son, helper_email=son.email, status=HelperRelation.Status.ACTIVE
    )
    client = _client(son)
    assert client.post(f"/accounts/helping/{mother.pk}/act/").status_code == 302
    page = client.get(_buy_page(offering, showing))
    assert page.context["whose"] == mother
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_buy_page(offering), {"key": _key(page), "showing": showing.pk})
    ticket = Ticket.objects.get()
    assert (ticket.person, ticket.bought_by) == (mother, son)
    assert balance_account(mother).balance_cents == 800
    event = AuditEvent.objects.get(action="tickets.ticket_bought_for")
    assert (event.actor, event.subject) == (son, mother)
    assert sorted(m.to[0] for m in mail.outbox) == ["aiti@example.fi", "poika@example.fi"]


def test_a_ticket_page_is_only_its_holders():
    offering = OfferingFactory(kind=Offering.Kind.RECORDING, status="published", price_cents=500)
    aino = _funded("aino", 500)
    ticket = ticket_buy(person=aino, offering=offering, idempotency_key="k")
    assert _client(aino).get(f"/tickets/{ticket.pk}/").status_code == 200
    assert _client(UserFactory(username="muu")).get(f"/tickets/{ticket.pk}/").status_code == 404


# --- refunds -------------------------------------------------------------------------------


def test_a_cancelled_showing_refunds_every_ticket_and_tells_the_buyers(
    concert, django_capture_on_commit_callbacks
):
    offering, showing = concert
    buyers = [_funded(f"ostaja{n}", 1200, email=f"ostaja{n}@example.fi") for n in range(3)]
    for buyer in buyers:
        ticket_buy(person=buyer, offering=offering, showing=showing, idempotency_key="k")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        showing_cancel(showing=showing, actor=UserFactory(username="t"))
    with django_capture_on_commit_callbacks(execute=True):
        run_ready_tasks()  # the refunds are the worker's
    assert set(Ticket.objects.values_list("status", flat=True)) == {"refunded"}
    assert [balance_account(b).balance_cents for b in buyers] == [1200] * 3
    notices = [m for m in mail.outbox if "ostaja" in m.to[0]]
    assert len(notices) == 3
    assert "12,00 €" in notices[0].body
    assert tickets_refund_cancelled() == 0  # the sweep finds nothing left: no double refund
    assert ledger_check().sound


def test_the_sweep_refunds_what_the_cancellation_did_not_reach(concert):
    offering, showing = concert
    aino = _funded("aino", 1200)
    ticket_buy(person=aino, offering=offering, showing=showing, idempotency_key="k")
    showing.is_cancelled = True  # as if the process stopped before its refunds
    showing.save()
    assert tickets_refund_cancelled() == 1
    assert balance_account(aino).balance_cents == 1200


def test_a_producers_refund_of_one_ticket_is_audited_and_done_once(producer_member):
    member, offering = producer_member
    offering.price_cents = 900
    offering.save()
    showing = ShowingFactory(offering=offering)
    aino = _funded("aino", 900)
    ticket = ticket_buy(person=aino, offering=offering, showing=showing, idempotency_key="k")
    client = _client(member)
    assert aino.name in client.get(f"/studio/offerings/{offering.slug}/tickets/").content.decode()
    url = f"/studio/offerings/{offering.slug}/tickets/{ticket.pk}/refund/"
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    assert balance_account(aino).balance_cents == 900
    assert LedgerTransaction.objects.filter(kind="refund").count() == 1
    event = AuditEvent.objects.get(action="tickets.ticket_refunded")
    assert (event.actor, event.subject) == (member, aino)
    stranger = UserFactory(username="vieras")
    ProducerMembership.objects.create(user=stranger, producer=ProducerFactory())
    assert _client(stranger).post(url).status_code == 404
    assert _client(stranger).get(f"/studio/offerings/{offering.slug}/tickets/").status_code == 404
    assert ledger_check().sound


def test_a_showings_ticket_may_include_its_recording_for_thirty_days(concert):
    offering, showing = concert
    offering.ticket_includes_recording = True
    offering.save()
    ticket = ticket_buy(
        person=_funded("aino", 1200), offering=offering, showing=showing, idempotency_key="k"
    )
    assert ticket.valid_until == showing.ends_at + timedelta(days=30)
    assert ticket.valid_until > timezone.now()


@pytest.mark.parametrize("card", ["ok", "declined"])
def test_a_short_balance_pays_the_rest_by_card_and_gets_the_ticket(
    concert, settings, card, django_capture_on_commit_callbacks
):
    settings.PAYMENT_PROVIDER = "local"
    offering, showing = concert
    aino = _funded("aino", 300)
    client = _client(aino)
    page = client.get(_buy_page(offering, showing))
    assert page.context["card_pays"] == 900  # the missing 9,00 €
    form = {"key": _key(page), "showing": showing.pk, "card": "1"}
    to_provider = client.post(_buy_page(offering), form)
    pay_page = client.get(to_provider["Location"])
    assert pay_page.status_code == 200
    back = client.post(to_provider["Location"], {"card": card})
    with django_capture_on_commit_callbacks(execute=True):
        done = client.get(back["Location"])
    if card == "ok":
        ticket = Ticket.objects.get()
        assert done["Location"] == f"/tickets/{ticket.pk}/"
        assert balance_account(aino).balance_cents == 0
    else:
        assert not Ticket.objects.exists()
        assert balance_account(aino).balance_cents == 300
    assert ledger_check().sound
