from lampio.tickets.ledger import balance_account, ledger_post, platform_account
from lampio.tickets.models import LedgerAccount


def top_up(person, cents: int, key: str | None = None):
    """Money into a person's balance from the provider, as a settled top-up writes it."""
    return ledger_post(
        kind="top_up",
        lines=[
            (platform_account(LedgerAccount.Kind.PROVIDER), -cents),
            (balance_account(person), cents),
        ],
        idempotency_key=key,
    )
