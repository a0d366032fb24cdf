"""Buying a ticket from the prepaid balance: the price is copied, VAT itemised, a ticket held
is never bought twice, a sold-out showing and a short balance are refused with nothing
written, and two buyers of the last seat cannot both get it."""

import threading
from datetime import timedelta

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from lampio.core.refusals import RefusedError
from lampio.tickets.ledger import (
    balance_account,
    ledger_check,
    producer_account,
)
from lampio.tickets.models import LedgerEntry, Ticket
from lampio.tickets.services import RECORDING_DAYS, ticket_buy, vat_included
from tests.accounts.factories import UserFactory
from tests.programme.factories import OfferingFactory, ShowingFactory

from .factories import top_up

pytestmark = pytest.mark.django_db


def _funded(username: str, cents: int):
    person = UserFactory(username=username)
    top_up(person, cents)
    return person


def _paid_showing(price=1200, capacity=None):
    offering = OfferingFactory(kind="live", status="published", price_cents=price)
    return offering, ShowingFactory(offering=offering, capacity=capacity)


def test_vat_inside_a_price_is_rounded_to_the_cent():
    assert vat_included(1200, 1400) == 147  # 12,00 € with 14 %: 1,47 €
    assert vat_included(1000, 2550) == 203
    assert vat_included(0, 1400) == 0


def test_a_ticket_copies_the_price_and_a_second_tap_gives_the_same_ticket():
    offering, showing = _paid_showing()
    aino = _funded("aino", 2000)
    ticket = ticket_buy(person=aino, offering=offering, showing=showing, idempotency_key="k1")
    assert (ticket.price_cents, ticket.vat_cents, ticket.vat_basis_points) == (1200, 147, 1400)
    assert balance_account(aino).balance_cents == 800
    assert producer_account(offering.producer).balance_cents == 1053
    assert (
        ticket_buy(person=aino, offering=offering, showing=showing, idempotency_key="k1") == ticket
    )
    # Another tap with a new key: she already holds a ticket to this showing.
    assert (
        ticket_buy(person=aino, offering=offering, showing=showing, idempotency_key="k2") == ticket
    )
    assert balance_account(aino).balance_cents == 800
    offering.price_cents = 2500
    offering.save()
    ticket.refresh_from_db()
    assert ticket.price_cents == 1200  # a new price never changes a ticket bought
    assert ledger_check().sound


def test_a_recording_ticket_lasts_thirty_days():
    recording = OfferingFactory(kind="recording", status="published", price_cents=500)
    aino = _funded("aino", 500)
    now = timezone.now()
    ticket = ticket_buy(person=aino, offering=recording, idempotency_key="r", now=now)
    assert ticket.valid_until == now + timedelta(days=RECORDING_DAYS)


@pytest.mark.parametrize("case", ["sold out", "short balance", "free", "cancelled", "ended"])
def test_refusals_write_nothing(case):
    offering, showing = _paid_showing(capacity=1)
    eino = _funded("eino", 5000)
    aino = _funded("aino", 500 if case == "short balance" else 5000)
    if case == "sold out":
        ticket_buy(person=eino, offering=offering, showing=showing, idempotency_key="e")
    if case == "free":
        offering.price_cents = 0
        offering.save()
    if case == "cancelled":
        showing.is_cancelled = True
        showing.save()
    if case == "ended":
        showing.starts_at -= timedelta(days=2)
        showing.ends_at -= timedelta(days=2)
        showing.doors_open_at -= timedelta(days=2)
        showing.save()
    entries, tickets = LedgerEntry.objects.count(), Ticket.objects.count()
    with pytest.raises(RefusedError) as refused:
        ticket_buy(person=aino, offering=offering, showing=showing, idempotency_key="a")
    expected = {"sold out": "tickets.sold_out", "short balance": "tickets.balance_short"}
    assert refused.value.code == expected.get(case, "tickets.not_for_sale")
    assert (LedgerEntry.objects.count(), Ticket.objects.count()) == (entries, tickets)
    assert ledger_check().sound


@pytest.mark.django_db(transaction=True)
def test_two_buyers_of_the_last_seat_cannot_both_get_it():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite has one writer at a time")
    for attempt in range(15):
        offering, showing = _paid_showing(capacity=1)
        buyers = [_funded(f"b{attempt}-{n}", 2000) for n in range(2)]
        barrier = threading.Barrier(2)
        outcomes = []

        def buy(person, offering=offering, showing=showing, barrier=barrier, outcomes=outcomes):
            try:
                barrier.wait()
                ticket_buy(person=person, offering=offering, showing=showing, idempotency_key="x")
                outcomes.append("ticket")
            except RefusedError as refusal:
                outcomes.append(refusal.code)
            finally:
                close_old_connections()
                connection.close()

        threads = [threading.Thread(target=buy, args=(person,)) for person in buyers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert sorted(outcomes) == ["ticket", "tickets.sold_out"], outcomes
        assert Ticket.objects.filter(showing=showing).count() == 1
        assert sorted(balance_account(p).balance_cents for p in buyers) == [800, 2000]
    assert ledger_check().sound
