"""Reminders by text message: a mobile number confirmed by a code, the same reminders on a
second channel (each once), the outbox in tests, and Elisa Dialogi's HTTP API spoken to a
local stand-in."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from lampio.week.models import PhoneNumber, ReminderSent, ReminderSettings, TextMessage
from lampio.week.reminders import reminders_send
from lampio.week.sms import (
    ElisaDialogiProvider,
    TextMessageFailed,
    mobile_number_parsed,
    number_for_people,
)
from tests.accounts.factories import UserFactory
from tests.programme.factories import OfferingFactory, ShowingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _code_of(person) -> str:
    message = TextMessage.objects.filter(person=person).latest("created_at")
    return "".join(ch for ch in message.text if ch.isdigit())[:6]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("040 123 4567", "+358401234567"),
        ("+358 50 765 4321", "+358507654321"),
        ("0401234567", "+358401234567"),
        ("+46 70 123 45 67", "+46701234567"),
        ("09 123 4567", None),  # a landline cannot take text messages
        ("not a number", None),
        ("123", None),
        ("", None),
        ("0" * 40, None),
    ],
)
def test_mobile_numbers_are_read_as_people_write_them(typed, expected):
    assert mobile_number_parsed(typed) == expected


def test_a_finnish_number_is_shown_back_the_finnish_way():
    assert number_for_people("+358401234567") == "040 1234567"


def test_a_number_is_confirmed_by_its_code_and_then_used():
    aino = UserFactory(language="fi")
    client = _client(aino)
    response = client.post("/my-programme/phone/", {"form": "number", "number": "040 123 4567"})
    assert response.status_code == 302
    phone = PhoneNumber.objects.get(person=aino)
    assert phone.number == "+358401234567" and phone.verified_at is None
    message = TextMessage.objects.get()
    assert message.to == "+358401234567" and "koodi" in message.text.lower()
    assert _code_of(aino) not in phone.code_hash  # only a keyed hash is kept
    client.post("/my-programme/phone/", {"form": "code", "code": _code_of(aino)})
    phone.refresh_from_db()
    assert phone.verified_at is not None
    assert ReminderSettings.objects.get(person=aino).by_text_message is True
    page = client.get("/my-programme/").content.decode()
    assert "040 1234567" in page


def test_bad_input_gets_a_plain_error_and_saves_nothing():
    aino = UserFactory(language="en")
    client = _client(aino)
    response = client.post(
        "/en/my-programme/phone/", {"form": "number", "number": "not a number"}, follow=True
    )
    assert "does not look like a mobile number" in response.content.decode()
    assert not PhoneNumber.objects.exists() and not TextMessage.objects.exists()
    response = client.post(
        "/en/my-programme/phone/", {"form": "code", "code": "123456"}, follow=True
    )
    assert "Ask for a code first" in response.content.decode()


def test_wrong_codes_are_counted_and_five_end_the_code():
    aino = UserFactory(language="en")
    client = _client(aino)
    client.post("/en/my-programme/phone/", {"form": "number", "number": "040 123 4567"})
    right = _code_of(aino)
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    for _attempt in range(5):
        response = client.post(
            "/en/my-programme/phone/", {"form": "code", "code": wrong}, follow=True
        )
        assert "was not right" in response.content.decode()
    assert PhoneNumber.objects.get().wrong_codes == 5
    response = client.post("/en/my-programme/phone/", {"form": "code", "code": right}, follow=True)
    assert "too many times" in response.content.decode()
    assert PhoneNumber.objects.get().verified_at is None


def test_an_old_code_no_longer_works():
    aino = UserFactory(language="en")
    client = _client(aino)
    client.post("/en/my-programme/phone/", {"form": "number", "number": "040 123 4567"})
    PhoneNumber.objects.update(code_sent_at=timezone.now() - timedelta(minutes=16))
    response = client.post(
        "/en/my-programme/phone/", {"form": "code", "code": _code_of(aino)}, follow=True
    )
    assert "no longer valid" in response.content.decode()


def test_codes_are_limited_per_person():
    aino = UserFactory(language="en")
    client = _client(aino)
    for _attempt in range(3):
        client.post("/en/my-programme/phone/", {"form": "number", "number": "040 123 4567"})
    response = client.post(
        "/en/my-programme/phone/", {"form": "number", "number": "040 123 4567"}, follow=True
    )
    assert "Several codes were sent" in response.content.decode()
    assert TextMessage.objects.count() == 3


def _verified(person, number="+358401234567"):
    PhoneNumber.objects.create(person=person, number=number, verified_at=timezone.now())
    ReminderSettings.objects.update_or_create(person=person, defaults={"by_text_message": True})


def test_reminders_go_by_text_message_too_once_each(django_capture_on_commit_callbacks):
    from lampio.week.services import programme_add

    offering = OfferingFactory(status="published", title_fi="Tuolijumppa")
    showing = ShowingFactory(offering=offering, starts_at=timezone.now() + timedelta(hours=3))
    aino = UserFactory(language="fi", email="aino@example.fi")
    eino = UserFactory(language="sv", email="eino@example.fi")
    for person in (aino, eino):
        programme_add(person=person, showing=showing, actor=person)
    _verified(aino)
    start = showing.starts_at
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(now=start - timedelta(minutes=20)) == 2
        assert reminders_send(now=start - timedelta(minutes=15)) == 0
    texts = list(TextMessage.objects.all())
    assert [t.to for t in texts] == ["+358401234567"]
    assert "Tuolijumppa" in texts[0].text and "/accounts/link/" in texts[0].text
    channels = sorted(ReminderSent.objects.values_list("person_id", "channel"))
    assert channels == sorted([(aino.pk, "email"), (aino.pk, "sms"), (eino.pk, "email")])


def test_no_text_message_to_an_unconfirmed_number(django_capture_on_commit_callbacks):
    from lampio.week.services import programme_add

    showing = ShowingFactory(
        offering=OfferingFactory(status="published"), starts_at=timezone.now() + timedelta(hours=3)
    )
    aino = UserFactory(email="aino@example.fi")
    programme_add(person=aino, showing=showing, actor=aino)
    PhoneNumber.objects.create(person=aino, number="+358401234567")
    ReminderSettings.objects.filter(person=aino).update(by_text_message=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(now=showing.starts_at - timedelta(minutes=20)) == 1  # the email
    assert not TextMessage.objects.exists()


# --- Elisa Dialogi -----------------------------------------------------------------------


class StandIn(BaseHTTPRequestHandler):
    received: list = []
    answer_status = 200

    def do_POST(self):  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        StandIn.received.append((self.headers["Authorization"], body))
        status = StandIn.answer_status
        payload = json.dumps({"messages": {body["destination"][0]: {"status": "processing"}}})
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(payload.encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def elisa(settings):
    StandIn.received, StandIn.answer_status = [], 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.SMS_PROVIDER = "elisa"
    settings.ELISA_DIALOGI_API_KEY = "test-key"
    settings.ELISA_DIALOGI_API_URL = f"http://127.0.0.1:{server.server_port}/api/v1/"
    settings.SMS_SENDER = "Lampio"
    yield StandIn
    server.shutdown()


def test_elisa_dialogi_gets_the_documented_request(elisa):
    ElisaDialogiProvider().send(to="+358401234567", text="Lämpiö: hei")
    assert elisa.received == [
        (
            "apikey test-key",
            {"sender": "Lampio", "destination": ["+358401234567"], "text": "Lämpiö: hei"},
        )
    ]


def test_a_refusing_or_missing_provider_is_a_failure_to_retry(elisa, settings):
    elisa.answer_status = 500
    with pytest.raises(TextMessageFailed):
        ElisaDialogiProvider().send(to="+358401234567", text="x")
    with pytest.raises(TextMessageFailed):
        ElisaDialogiProvider(api_url="http://127.0.0.1:9/none").send(to="+358401234567", text="x")


def test_a_code_through_elisa_keeps_nothing_in_the_outbox(elisa):
    aino = UserFactory(language="sv")
    _client(aino).post("/my-programme/phone/", {"form": "number", "number": "040 123 4567"})
    assert len(elisa.received) == 1
    assert "kod" in elisa.received[0][1]["text"].lower()
    assert not TextMessage.objects.exists()
