"""The platform is not a way to send mail to anyone in bulk: every action that mails an
address someone typed (or the support team) has limits per person and per network address,
and no subject carries text a user chose."""

import re

import pytest
from django.core import mail
from django.test import Client

from lampio.core.models import SiteFeedback
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def logged_in(user, address="203.0.113.7") -> Client:
    client = Client(REMOTE_ADDR=address)
    client.force_login(user)
    return client


def test_helper_requests_to_typed_addresses_stop_after_a_few(django_capture_on_commit_callbacks):
    sender = UserFactory(name="Ostos Tarjous www.huijaus.example", email="a@example.fi")
    client = logged_in(sender)
    answers = []
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(8):
            response = client.post("/accounts/me/helpers/", {"email": f"uhri{n}@example.org"})
            answers.append(response.status_code)
    assert answers[:5] == [302] * 5
    assert answers[5:] == [200] * 3
    assert "many messages in a short time" in response.content.decode() or "lyhyessä" in (
        response.content.decode()
    )
    assert len(mail.outbox) == 5
    for message in mail.outbox:
        assert "huijaus" not in message.subject and "Ostos" not in message.subject


def test_many_accounts_from_one_address_share_a_limit(django_capture_on_commit_callbacks):
    sent = 0
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(40):
            sender = UserFactory(email=f"s{n}@example.fi")
            response = logged_in(sender, "198.51.100.9").post(
                "/accounts/me/helpers/", {"email": f"uhri{n}@example.org"}
            )
            sent += response.status_code == 302
    assert sent == 30
    assert len(mail.outbox) == 30


def test_the_help_form_cannot_flood_the_support_team():
    client = Client(REMOTE_ADDR="192.0.2.44")
    statuses = [
        client.post(
            "/help/", {"topic": "help", "message": f"Viesti {n}", "email": "x@example.org"}
        ).status_code
        for n in range(7)
    ]
    assert statuses == [302] * 5 + [200] * 2
    assert SiteFeedback.objects.count() == 5


def test_no_mail_subject_carries_a_title_or_name_someone_typed():
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "templates"
    subjects = list(templates.rglob("*_subject.txt"))
    assert len(subjects) > 8
    typed_fields = ("title", "name", "message", "email", "text", "summary")
    for subject in subjects:
        text = subject.read_text()
        # What the template fills in: {{ variables }} and blocktranslate's `with` values.
        filled = " ".join(
            re.findall(r"\{\{([^}]*)\}\}", text) + re.findall(r"\bwith\s+([^%]*)%\}", text)
        )
        assert not any(field in filled for field in typed_fields), (subject, filled)
