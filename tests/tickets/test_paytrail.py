"""The Paytrail adapter, against Paytrail's documented signature example and a local
stand-in server that speaks Paytrail's protocol (Paytrail itself cannot be reached from
here)."""

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from lampio.core.refusals import RefusedError
from lampio.tickets.models import Payment
from lampio.tickets.payments import payment_settle, top_up_start
from lampio.tickets.providers.paytrail import PaytrailProvider, paytrail_signature
from lampio.tickets.selectors import balance_of
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

ACCOUNT, SECRET = "375917", "SAIPPUAKAUPPIAS"  # Paytrail's documented test merchant


def test_the_signature_matches_paytrails_documented_example():
    headers = {
        "checkout-account": ACCOUNT,
        "checkout-algorithm": "sha256",
        "checkout-method": "POST",
    }
    body = {
        "stamp": "should-be-unique-for-merchant",
        "reference": "3759170",
        "amount": 1525,
        "currency": "EUR",
        "language": "FI",
        "items": [
            {
                "unitPrice": 1525,
                "units": 1,
                "vatPercentage": 24,
                "productCode": "#1234",
                "deliveryDate": "2018-09-01",
            }
        ],
        "customer": {"email": "test.customer@example.com"},
        "redirectUrls": {
            "success": "https://ecom.example.com/cart/success",
            "cancel": "https://ecom.example.com/cart/cancel",
        },
    }
    assert (
        paytrail_signature(SECRET, headers, json.dumps(body, separators=(",", ":")))
        == "84b454005a4f087076ad86cee8b4a646b18982998de7221db57646743cda7b81"
    )


class StandIn(BaseHTTPRequestHandler):
    """Paytrail's create-payment and status endpoints, signing as Paytrail does."""

    payments: dict[str, str] = {}
    requests_seen: list[dict] = []

    def _answer(self, status: int, payload: dict) -> None:
        body = json.dumps(payload)
        headers = {
            "checkout-account": ACCOUNT,
            "checkout-algorithm": "sha256",
            "checkout-transaction-id": payload.get("transactionId", ""),
        }
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("signature", paytrail_signature(SECRET, headers, body))
        self.send_header("content-type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    def _signed_request(self, body: str) -> bool:
        headers = {k.lower(): v for k, v in self.headers.items()}
        return self.headers.get("signature") == paytrail_signature(SECRET, headers, body)

    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["content-length"])).decode()
        if not self._signed_request(body):
            return self._answer(401, {"status": "error", "message": "bad signature"})
        sent = json.loads(body)
        self.requests_seen.append(sent)
        transaction_id = str(uuid.uuid4())
        self.payments[transaction_id] = "new"
        self._answer(
            201, {"transactionId": transaction_id, "href": f"https://pay.example/{transaction_id}"}
        )

    def do_GET(self):  # noqa: N802
        if not self._signed_request(""):
            return self._answer(401, {"status": "error"})
        transaction_id = self.path.rsplit("/", 1)[-1]
        self._answer(
            200, {"transactionId": transaction_id, "status": self.payments[transaction_id]}
        )

    def log_message(self, *args):
        pass


@pytest.fixture
def stand_in(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.PAYMENT_PROVIDER = "paytrail"
    settings.PAYTRAIL_ACCOUNT, settings.PAYTRAIL_SECRET = ACCOUNT, SECRET
    settings.PAYTRAIL_API_URL = f"http://127.0.0.1:{server.server_address[1]}"
    yield StandIn
    server.shutdown()


def _return_params(payment, status: str) -> dict:
    params = {
        "checkout-account": ACCOUNT,
        "checkout-algorithm": "sha256",
        "checkout-amount": str(payment.amount_cents),
        "checkout-stamp": payment.reference,
        "checkout-reference": payment.reference,
        "checkout-transaction-id": payment.provider_id,
        "checkout-status": status,
        "checkout-provider": "nordea",
    }
    return {**params, "signature": paytrail_signature(SECRET, params)}


def test_a_top_up_through_paytrail_is_settled_once(stand_in, client):
    aino = UserFactory(username="aino", email="aino@example.fi")
    payment, pay_at = top_up_start(
        person=aino, paid_by=aino, amount_cents=2000, return_url="https://lampio.example/back"
    )
    payment.refresh_from_db()
    assert pay_at == f"https://pay.example/{payment.provider_id}"
    sent = stand_in.requests_seen[-1]
    assert (sent["amount"], sent["stamp"], sent["currency"]) == (2000, payment.reference, "EUR")
    assert sent["callbackUrls"]["success"].endswith("/payments/callback/paytrail/")
    params = _return_params(payment, "ok")
    # Paytrail's callback is a GET; then the payer's browser returns with the same answer.
    assert client.get("/payments/callback/paytrail/", params).status_code == 200
    client.force_login(aino)
    assert client.get("/payments/return/paytrail/", params).status_code == 302
    assert balance_of(aino) == 2000


def test_a_forged_or_other_merchants_answer_is_refused(stand_in, client):
    aino = UserFactory(username="aino")
    payment, _ = top_up_start(person=aino, paid_by=aino, amount_cents=2000, return_url="https://x")
    payment.refresh_from_db()
    params = _return_params(payment, "ok")
    forged = {**params, "checkout-amount": "200000"}
    assert client.get("/payments/callback/paytrail/", forged).status_code == 400
    other = {**params, "checkout-account": "999"}
    other["signature"] = paytrail_signature(
        SECRET, {k: v for k, v in other.items() if k != "signature"}
    )
    assert client.get("/payments/callback/paytrail/", other).status_code == 400
    assert balance_of(aino) == 0


def test_a_callback_that_never_came_is_settled_by_the_status_query(stand_in):
    aino = UserFactory(username="aino")
    payment, _ = top_up_start(person=aino, paid_by=aino, amount_cents=1000, return_url="https://x")
    payment.refresh_from_db()
    provider = PaytrailProvider()
    assert provider.status(payment.reference) == "pending"
    stand_in.payments[payment.provider_id] = "ok"
    assert provider.status(payment.reference) == "paid"
    from lampio.tickets.providers import ProviderAnswer

    payment_settle(provider="paytrail", answer=ProviderAnswer(payment.reference, "paid"))
    assert balance_of(aino) == 1000


def test_paytrail_unreachable_charges_nothing_and_says_so(settings):
    settings.PAYMENT_PROVIDER = "paytrail"
    settings.PAYTRAIL_ACCOUNT, settings.PAYTRAIL_SECRET = ACCOUNT, SECRET
    settings.PAYTRAIL_API_URL = "http://127.0.0.1:9"  # nothing answers there
    aino = UserFactory(username="aino")
    with pytest.raises(RefusedError) as refused:
        top_up_start(person=aino, paid_by=aino, amount_cents=1000, return_url="https://x")
    assert refused.value.code == "tickets.provider_down"
    assert Payment.objects.get().status == Payment.Status.FAILED
    assert balance_of(aino) == 0
