"""The applicants are told on the day the selection closes, never earlier, once, in their
own language, with kind words for those not selected."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from lampio.academy.models import Assessment
from lampio.academy.services import decisions_send
from lampio.academy.tasks import academy_decisions_schedule
from lampio.core.models import AuditEvent
from lampio.municipalities.models import Municipality
from tests.accounts.factories import UserFactory

from .factories import sent_application, training_round

pytestmark = pytest.mark.django_db


def test_decisions_are_sent_once_after_the_selection_closes_in_each_language(
    django_capture_on_commit_callbacks,
):
    round_ = training_round(phase="selecting")
    helsinki = Municipality.objects.get(slug="helsinki")
    chosen = sent_application(
        round_, UserFactory(username="valittu", email="valittu@example.fi", language="fi")
    )
    chosen.selected_for = helsinki
    chosen.save()
    reserve = sent_application(
        round_, UserFactory(username="varalla", email="varalla@example.fi", language="sv")
    )
    Assessment.objects.create(application=reserve, municipality=helsinki, mark="reserve")
    declined = sent_application(
        round_, UserFactory(username="eivalittu", email="eivalittu@example.fi", language="en")
    )
    withdrawn = sent_application(round_, UserFactory(username="perui", email="perui@example.fi"))
    withdrawn.status = "withdrawn"
    withdrawn.save()

    with django_capture_on_commit_callbacks(execute=True):
        assert decisions_send() == 0  # the selection is still open
    assert mail.outbox == []

    later = round_.selection_closes_at + timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert decisions_send(now=later) == 3
        assert decisions_send(now=later) == 0
    by_person = {message.to[0]: message for message in mail.outbox}
    assert len(mail.outbox) == 3
    assert "valitsi sinut" in by_person[chosen.applicant.email].body
    assert "Helsinki" in by_person[chosen.applicant.email].body
    assert "reservlistan" in by_person[reserve.applicant.email].body
    kind = by_person[declined.applicant.email].body
    assert "not a judgement of your work" in kind and "next round" in kind
    assert withdrawn.applicant.email not in by_person
    for message in mail.outbox:
        assert message.alternatives  # an HTML part beside the text
    round_.refresh_from_db()
    assert round_.decisions_sent_at == later
    assert AuditEvent.objects.filter(action="academy.decisions_sent").count() == 1


def test_the_decisions_task_is_scheduled_once():
    assert academy_decisions_schedule(now=timezone.now()) is True
    assert academy_decisions_schedule(now=timezone.now()) is False
