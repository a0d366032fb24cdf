import logging

from django.tasks import task

from lampio.core.scheduling import periodic_schedule

logger = logging.getLogger(__name__)
CHECK_EVERY_MINUTES = 24 * 60


@task()
def ledger_check_nightly() -> bool:
    """Prove the books once a day; a fault is logged as an error for the operators."""
    from .ledger import ledger_check

    result = ledger_check()
    if not result.sound:
        logger.error(
            "ledger is off: total %s cents, unbalanced %s, accounts off %s",
            result.total_cents,
            result.unbalanced_transactions,
            result.accounts_off,
        )
    ledger_check_schedule()
    return result.sound


def ledger_check_schedule(*, now=None) -> bool:
    return periodic_schedule(ledger_check_nightly, every_minutes=CHECK_EVERY_MINUTES, now=now)


SETTLE_EVERY_MINUTES = 5


@task()
def payments_settle() -> int:
    """Ask the payment provider about payments whose answer never came."""
    from .payments import payments_settle_pending

    settled = payments_settle_pending()
    payments_settle_schedule()
    return settled


def payments_settle_schedule(*, now=None) -> bool:
    return periodic_schedule(payments_settle, every_minutes=SETTLE_EVERY_MINUTES, now=now)


REFUND_SWEEP_EVERY_MINUTES = 15


@task()
def cancelled_showings_refund() -> int:
    """Refund the tickets of cancelled showings that the cancellation itself did not reach
    (a process that stopped between the cancellation and its refunds)."""
    from .services import tickets_refund_cancelled

    refunded = tickets_refund_cancelled()
    cancelled_showings_refund_schedule()
    return refunded


def cancelled_showings_refund_schedule(*, now=None) -> bool:
    return periodic_schedule(
        cancelled_showings_refund, every_minutes=REFUND_SWEEP_EVERY_MINUTES, now=now
    )
