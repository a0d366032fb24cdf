"""A mobile number for reminders by text message: typed, sent a six-digit code, confirmed
by typing the code back. Until then no reminder goes to it."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from lampio.core.rate_limits import rate_check
from lampio.core.refusals import RefusedError

from .models import PhoneNumber, ReminderSettings
from .sms import mobile_number_parsed, text_message_send, text_messages_on

CODE_VALID = timedelta(minutes=15)
WRONG_CODES_ALLOWED = 5
# Codes cost money and reach a stranger's phone when mistyped: few per person and address.
CODE_RATES = (("user", "3/10m"), ("user", "10/d"), ("ip", "30/h"))


def _code_hash(person, code: str) -> str:
    return salted_hmac("lampio.week.phone", f"{person.pk}:{code}", algorithm="sha256").hexdigest()


def phone_number_start(*, person, text: str, request) -> PhoneNumber:
    """Keep the number (not yet usable) and send it a code."""
    if not text_messages_on():
        raise RefusedError("week.no_text_messages")
    number = mobile_number_parsed(text)
    if number is None:
        raise RefusedError("week.not_a_mobile_number")
    rate_check(request, group="lampio-sms", rates=CODE_RATES, refusal="week.too_many_codes")
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        phone, _created = PhoneNumber.objects.update_or_create(
            person=person,
            defaults={
                "number": number,
                "verified_at": None,
                "code_hash": _code_hash(person, code),
                "code_sent_at": timezone.now(),
                "wrong_codes": 0,
            },
        )
    with translation.override(person.language or "fi"):
        message = _("Lämpiö: your code is %(code)s. It is valid for 15 minutes.") % {"code": code}
    text_message_send(to=number, text=message, person=person)
    return phone


def phone_number_verify(*, person, code: str) -> PhoneNumber:
    """Confirm the number with its code. A wrong code is counted (the count is committed
    before the refusal), and after five a new code is needed."""
    code = "".join(str(code or "").split())
    with transaction.atomic():
        phone = PhoneNumber.objects.select_for_update().filter(person=person).first()
        if phone is None or not phone.code_hash:
            raise RefusedError("week.no_code")
        if phone.code_sent_at is None or timezone.now() - phone.code_sent_at > CODE_VALID:
            raise RefusedError("week.code_expired")
        if phone.wrong_codes >= WRONG_CODES_ALLOWED:
            raise RefusedError("week.code_tries")
        right = code.isdigit() and constant_time_compare(_code_hash(person, code), phone.code_hash)
        if right:
            phone.verified_at, phone.code_hash = timezone.now(), ""
            phone.save(update_fields=["verified_at", "code_hash"])
            ReminderSettings.objects.update_or_create(
                person=person, defaults={"by_text_message": True}
            )
            return phone
        phone.wrong_codes += 1
        phone.save(update_fields=["wrong_codes"])
    raise RefusedError("week.code_wrong")


def phone_number_remove(*, person) -> None:
    with transaction.atomic():
        PhoneNumber.objects.filter(person=person).delete()
        ReminderSettings.objects.filter(person=person).update(by_text_message=False)


def verified_number_of(person) -> str | None:
    phone = PhoneNumber.objects.filter(person=person, verified_at__isnull=False).first()
    return phone.number if phone else None
