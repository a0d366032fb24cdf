"""Text messages: one small interface, two providers.

- OUTBOX keeps each message in the database (week.TextMessage, readable in the admin): the
  embedded default and the tests.
- ELISA sends through Elisa Dialogi, Elisa's business messaging service, by its REST API:
  `POST <api url>` with the header `Authorization: apikey <key>` and a JSON body
  `{"sender": ..., "destination": ["+358…"], "text": ...}`; a 2xx answer means accepted.
  Elisa's servers cannot be reached from the machines this was built on: the adapter is
  tested against a local stand-in that speaks the same protocol (tests/week/test_sms.py).

Numbers are parsed and checked with `phonenumbers` (Google's libphonenumber metadata): a
Finnish "040 123 4567" and an international "+46 70 …" both become E.164."""

import logging

import httpx
import phonenumbers
from django.conf import settings

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10
MOBILE_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}


class TextMessageFailed(Exception):
    """The provider could not take the message (unreachable, refused): try again later."""


def mobile_number_parsed(text: str) -> str | None:
    """The number in E.164 ("+358401234567"), or None if it is not a mobile number."""
    text = str(text or "").strip()
    if not text or len(text) > 30:
        return None
    try:
        number = phonenumbers.parse(text, "FI")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    if phonenumbers.number_type(number) not in MOBILE_TYPES:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def number_for_people(e164: str) -> str:
    """How the number is shown back to its owner ("040 123 4567" for a Finnish one)."""
    number = phonenumbers.parse(e164, None)
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 358
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


class OutboxProvider:
    name = "outbox"

    def send(self, *, to: str, text: str, person=None) -> None:
        from .models import TextMessage

        TextMessage.objects.create(person=person, to=to, text=text)


class ElisaDialogiProvider:
    name = "elisa"

    def __init__(self, *, api_key: str | None = None, api_url: str | None = None):
        self.api_key = api_key or settings.ELISA_DIALOGI_API_KEY
        self.api_url = api_url or settings.ELISA_DIALOGI_API_URL

    def send(self, *, to: str, text: str, person=None) -> None:
        try:
            answer = httpx.post(
                self.api_url,
                json={"sender": settings.SMS_SENDER, "destination": [to], "text": text},
                headers={"Authorization": f"apikey {self.api_key}"},
                timeout=TIMEOUT_SECONDS,
            )
        except httpx.HTTPError as error:
            raise TextMessageFailed(str(error)) from error
        if not answer.is_success:
            raise TextMessageFailed(f"Elisa Dialogi answered {answer.status_code}")


PROVIDERS = {"outbox": OutboxProvider, "elisa": ElisaDialogiProvider}


def sms_provider():
    """The configured provider, or None when text messages are off."""
    name = settings.SMS_PROVIDER
    return PROVIDERS[name]() if name in PROVIDERS else None


def text_messages_on() -> bool:
    return sms_provider() is not None


def text_message_send(*, to: str, text: str, person=None) -> bool:
    """Send one message now; a failure is logged and queued for the worker. True if sent."""
    provider = sms_provider()
    if provider is None:
        return False
    try:
        provider.send(to=to, text=text, person=person)
    except TextMessageFailed:
        logger.exception("a text message failed; queued for the worker")
        from .tasks import text_message_deliver_later

        text_message_deliver_later.enqueue(to, text, person.pk if person else None)
        return False
    return True
