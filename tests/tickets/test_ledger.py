"""The ledger: entries in integer cents that add up to zero, balances that never go below
zero, repeated requests that move money once, and a check that proves the books."""

import threading

import pytest
from django.core.management import call_command
from django.db import close_old_connections, connection
from django.utils import translation

from lampio.core.refusals import RefusedError
from lampio.tickets.ledger import (
    balance_account,
    ledger_check,
    ledger_post,
    platform_account,
    producer_account,
)
from lampio.tickets.models import LedgerAccount, LedgerEntry, LedgerTransaction
from tests.accounts.factories import UserFactory
from tests.programme.factories import ProducerFactory

from .factories import top_up

pytestmark = pytest.mark.django_db


def _buy(person, producer, cents: int, key: str | None = None):
    vat = cents * 14 // 114  # VAT inside a price that includes 14 %
    return ledger_post(
        kind="purchase",
        lines=[
            (balance_account(person), -cents),
            (producer_account(producer), cents - vat),
            (platform_account(LedgerAccount.Kind.VAT), vat),
        ],
        idempotency_key=key,
    )


def test_a_top_up_and_a_purchase_keep_the_books_at_zero():
    aino, theatre = UserFactory(username="aino"), ProducerFactory()
    top_up(aino, 2000, key="top-up-1")
    _buy(aino, theatre, 1200, key="ticket-1")
    assert balance_account(aino).balance_cents == 800
    assert producer_account(theatre).balance_cents == 1200 - 147
    assert platform_account(LedgerAccount.Kind.VAT).balance_cents == 147
    assert ledger_check().sound
    call_command("ledger_check", verbosity=0)


def test_a_repeated_request_moves_money_once():
    aino, theatre = UserFactory(username="aino"), ProducerFactory()
    top_up(aino, 2000)
    first = _buy(aino, theatre, 1200, key="double-tap")
    again = _buy(aino, theatre, 1200, key="double-tap")
    assert first.pk == again.pk
    assert balance_account(aino).balance_cents == 800
    assert LedgerTransaction.objects.filter(kind="purchase").count() == 1


def test_a_balance_never_goes_below_zero_and_a_refusal_writes_nothing():
    aino, theatre = UserFactory(username="aino"), ProducerFactory()
    top_up(aino, 1000)
    entries = LedgerEntry.objects.count()
    with pytest.raises(RefusedError) as refused:
        _buy(aino, theatre, 1200)
    assert refused.value.code == "tickets.balance_short"
    with translation.override("fi"):
        assert "saldo" in refused.value.message.lower()
    assert LedgerEntry.objects.count() == entries
    assert balance_account(aino).balance_cents == 1000


@pytest.mark.parametrize(
    "lines_of",
    [
        lambda a, b: [(a, 100), (b, -99)],  # does not add up to zero
        lambda a, b: [(a, 1.5), (b, -1.5)],  # not integer cents
        lambda a, b: [(a, 0), (b, 0)],  # moves nothing
        lambda a, b: [(a, 10**12), (b, -(10**12))],  # absurd
        lambda a, b: [(a, True), (b, -1)],  # a boolean is not an amount
    ],
)
def test_malformed_transactions_are_refused_before_anything_is_written(lines_of):
    provider = platform_account(LedgerAccount.Kind.PROVIDER)
    balance = balance_account(UserFactory(username="x"))
    with pytest.raises((ValueError, TypeError)):
        ledger_post(kind="top_up", lines=lines_of(balance, provider))
    assert not LedgerEntry.objects.exists() and ledger_check().sound


def test_the_check_finds_a_balance_that_does_not_match_its_entries():
    aino = UserFactory(username="aino")
    top_up(aino, 500)
    LedgerAccount.objects.filter(pk=balance_account(aino).pk).update(balance_cents=600)
    result = ledger_check()
    assert not result.sound and result.accounts_off[0][1:] == (600, 500)
    with pytest.raises(Exception, match="ledger is off"):
        call_command("ledger_check", verbosity=0)


def test_a_deleted_persons_books_stay_without_their_name():
    aino = UserFactory(username="aino")
    top_up(aino, 500)
    account = balance_account(aino)
    aino.delete()
    account.refresh_from_db()
    assert account.person is None and account.balance_cents == 500
    other = UserFactory(username="eino")
    top_up(other, 300)
    other.delete()  # a second anonymous balance account is allowed
    assert ledger_check().sound


@pytest.mark.django_db(transaction=True)
def test_two_purchases_at_once_cannot_spend_the_same_balance():
    """On PostgreSQL, two threads spend 8 € each from a balance of 10 €, twenty times: one
    wins each time, the balance never goes below zero, the books stay at zero."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite has one writer at a time")
    theatre = ProducerFactory()
    for attempt in range(20):
        buyer = UserFactory(username=f"ostaja-{attempt}")
        top_up(buyer, 1000)
        barrier = threading.Barrier(2)
        outcomes = []

        def spend(key, buyer=buyer, barrier=barrier, outcomes=outcomes):
            try:
                barrier.wait()
                _buy(buyer, theatre, 800, key=key)
                outcomes.append("bought")
            except RefusedError as refusal:
                outcomes.append(refusal.code)
            finally:
                close_old_connections()
                connection.close()

        threads = [threading.Thread(target=spend, args=(f"{attempt}-{n}",)) for n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert sorted(outcomes) == ["bought", "tickets.balance_short"], outcomes
        assert balance_account(buyer).balance_cents == 200
    assert ledger_check().sound
