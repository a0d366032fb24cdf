"""Paytrail (the Finnish payment service formerly Checkout Finland), by its public API
reference (https://docs.paytrail.com/): Finnish online banks, cards and mobile payments.

- Create a payment: `POST /payments` with a JSON body (stamp, reference, amount in cents,
  items with their VAT, redirect and callback URLs) and `checkout-*` headers signed with
  HMAC-SHA256; the answer's `href` is where the payer goes to pay.
- The payer's return and Paytrail's callback (both GET) carry `checkout-*` query parameters
  (status ok / pending / delayed / fail) and their `signature` over them.
- Status: `GET /payments/{transactionId}`, signed the same way.

The signature is HMAC-SHA256 with the merchant secret over the `checkout-*` headers (or query
parameters) sorted by name as `name:value` lines, then the body (empty for GET), joined by
newlines. Paytrail's servers cannot be reached from the machines this was built on: the
adapter is tested against the documented signature example and a local stand-in server that
speaks the same protocol (tests/tickets/test_paytrail.py)."""

import hashlib
import hmac
import json
import secrets
from datetime import UTC, datetime

import httpx
from django.conf import settings
from django.urls import reverse

from .base import ProviderAnswer, ProviderUnreachable

TIMEOUT_SECONDS = 10
# Paytrail's statuses in our three words.
STATUS_WORDS = {"ok": "paid", "fail": "failed", "pending": "pending", "delayed": "pending"}


def paytrail_signature(secret: str, params: dict, body: str = "") -> str:
    lines = [f"{name}:{params[name]}" for name in sorted(params) if name.startswith("checkout-")]
    return hmac.new(secret.encode(), "\n".join([*lines, body]).encode(), hashlib.sha256).hexdigest()


class PaytrailProvider:
    name = "paytrail"

    def __init__(self, *, account: str | None = None, secret: str | None = None, api_url=None):
        self.account = account or settings.PAYTRAIL_ACCOUNT
        self.secret = secret or settings.PAYTRAIL_SECRET
        self.api_url = (api_url or settings.PAYTRAIL_API_URL).rstrip("/")

    def _headers(self, method: str, transaction_id: str = "") -> dict:
        headers = {
            "checkout-account": self.account,
            "checkout-algorithm": "sha256",
            "checkout-method": method,
            "checkout-nonce": secrets.token_hex(16),
            "checkout-timestamp": datetime.now(UTC).isoformat(timespec="milliseconds"),
        }
        if transaction_id:
            headers["checkout-transaction-id"] = transaction_id
        return headers

    def _signed(self, response: httpx.Response) -> dict:
        """The answer's JSON, if Paytrail signed it (its response headers and body)."""
        given = response.headers.get("signature", "")
        headers = {name.lower(): value for name, value in response.headers.items()}
        if not hmac.compare_digest(given, paytrail_signature(self.secret, headers, response.text)):
            raise PaytrailError("the answer's signature is not Paytrail's")
        return response.json()

    def start(self, *, payment, return_url: str) -> str:
        callback = settings.SITE_URL + reverse("payment_callback", args=[self.name])
        body = json.dumps(
            {
                "stamp": payment.reference,
                "reference": payment.reference,
                "amount": payment.amount_cents,
                "currency": "EUR",
                "language": _language(payment),
                # A top-up of a prepaid balance carries no VAT; tickets bought from it do.
                "items": [
                    {
                        "unitPrice": payment.amount_cents,
                        "units": 1,
                        "vatPercentage": 0,
                        "productCode": "lampio-balance",
                    }
                ],
                "customer": {"email": getattr(payment.paid_by, "email", "") or ""},
                "redirectUrls": {"success": return_url, "cancel": return_url},
                "callbackUrls": {"success": callback, "cancel": callback},
            },
            separators=(",", ":"),
        )
        headers = self._headers("POST")
        headers["signature"] = paytrail_signature(self.secret, headers, body)
        headers["content-type"] = "application/json; charset=utf-8"
        try:
            response = httpx.post(
                f"{self.api_url}/payments", content=body, headers=headers, timeout=TIMEOUT_SECONDS
            )
        except httpx.HTTPError as error:
            raise PaytrailError(str(error)) from error
        if response.status_code != 201:
            raise PaytrailError(f"create payment: HTTP {response.status_code}")
        answer = self._signed(response)
        type(payment).objects.filter(pk=payment.pk).update(provider_id=str(answer["transactionId"]))
        return str(answer["href"])

    def verify(self, params: dict) -> ProviderAnswer | None:
        given = str(params.get("signature", ""))
        checkout = {k: str(v) for k, v in params.items() if k.startswith("checkout-")}
        if not given or not hmac.compare_digest(given, paytrail_signature(self.secret, checkout)):
            return None
        if checkout.get("checkout-account") != str(self.account):
            return None
        status = STATUS_WORDS.get(checkout.get("checkout-status", ""))
        reference = checkout.get("checkout-reference", "")
        if status is None or not reference:
            return None
        return ProviderAnswer(reference=reference, status=status)

    def status(self, reference: str) -> str:
        from lampio.tickets.models import Payment

        payment = Payment.objects.filter(reference=reference, provider=self.name).first()
        if payment is None or not payment.provider_id:
            return "pending"
        headers = self._headers("GET", payment.provider_id)
        headers["signature"] = paytrail_signature(self.secret, headers)
        try:
            response = httpx.get(
                f"{self.api_url}/payments/{payment.provider_id}",
                headers=headers,
                timeout=TIMEOUT_SECONDS,
            )
            answer = self._signed(response) if response.status_code == 200 else {}
        except (httpx.HTTPError, PaytrailError, ValueError):
            return "pending"  # asked again on the next round
        return STATUS_WORDS.get(str(answer.get("status", "")), "pending")


class PaytrailError(ProviderUnreachable):
    """Paytrail could not be reached or answered something we cannot trust."""


def _language(payment) -> str:
    language = getattr(payment.paid_by, "language", "") or "fi"
    return {"sv": "SV", "en": "EN"}.get(language, "FI")
