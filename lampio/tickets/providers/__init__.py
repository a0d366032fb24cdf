"""Payment services behind one interface (`PaymentProvider`).

`local` is the test provider of the embedded default and the tests: its own pay page, a
signed return and callback, a failed card, a callback that never arrives. `paytrail` is the
adapter for Paytrail's documented API (paytrail.py); it cannot be reached from the machines
this was built on."""

from django.conf import settings

from .base import PaymentProvider, ProviderAnswer, ProviderUnreachable


def provider_named(name: str) -> PaymentProvider:
    from .local import LocalTestProvider
    from .paytrail import PaytrailProvider

    providers = {"local": LocalTestProvider, "paytrail": PaytrailProvider}
    return providers[name]()  # KeyError: not a provider of ours


def default_provider() -> PaymentProvider | None:
    """The configured provider, or None when top-ups are off (production without one)."""
    return provider_named(settings.PAYMENT_PROVIDER) if settings.PAYMENT_PROVIDER else None


__all__ = [
    "PaymentProvider",
    "ProviderAnswer",
    "ProviderUnreachable",
    "default_provider",
    "provider_named",
]
