"""The local test provider: a pay page on the platform itself that behaves as a card payment
service does. It redirects back with a signed answer, and the same signed answer is what its
callback would carry; the status query reads what the payer chose."""

import hashlib
import hmac

from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode

from .base import ProviderAnswer


def _key() -> bytes:
    return hashlib.sha256(b"lampio-local-payments:" + settings.SECRET_KEY.encode()).digest()


def signature(reference: str, status: str) -> str:
    return hmac.new(_key(), f"{reference}:{status}".encode(), hashlib.sha256).hexdigest()


class LocalTestProvider:
    name = "local"

    def start(self, *, payment, return_url: str) -> str:
        from lampio.tickets.models import LocalProviderPayment

        LocalProviderPayment.objects.get_or_create(reference=payment.reference)
        query = urlencode({"return": return_url})
        return reverse("tickets:test_provider", args=[payment.reference]) + "?" + query

    def decide(self, reference: str, status: str) -> dict:
        """The payer's choice on the pay page: remembered (for status queries) and signed."""
        from lampio.tickets.models import LocalProviderPayment

        LocalProviderPayment.objects.filter(reference=reference).update(status=status)
        return {"reference": reference, "status": status, "signature": signature(reference, status)}

    def verify(self, params: dict) -> ProviderAnswer | None:
        reference, status = str(params.get("reference", "")), str(params.get("status", ""))
        given = str(params.get("signature", ""))
        if status not in ("paid", "failed") or not reference:
            return None
        if not hmac.compare_digest(given, signature(reference, status)):
            return None
        return ProviderAnswer(reference=reference, status=status)

    def status(self, reference: str) -> str:
        from lampio.tickets.models import LocalProviderPayment

        found = LocalProviderPayment.objects.filter(reference=reference).first()
        return found.status if found else "pending"
