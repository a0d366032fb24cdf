from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class ProviderAnswer:
    """What the provider says of a payment: its reference and "paid", "failed" or
    "pending"."""

    reference: str
    status: str


class PaymentProvider(Protocol):
    name: str

    def start(self, *, payment, return_url: str) -> str:
        """The address the payer's browser goes to, to pay."""

    def verify(self, params: dict) -> ProviderAnswer | None:
        """A return or callback's parameters, if their signature is the provider's."""

    def status(self, reference: str) -> str:
        """Ask the provider how a payment stands (for callbacks that never arrive)."""


class ProviderUnreachable(Exception):
    """The payment service could not be reached, or answered something we cannot trust."""
