""" "My data" holds everything Lämpiö keeps about a person, and deleting the account leaves
their name and addresses nowhere: every text column of every table is searched."""

import json

import pytest
from django.apps import apps
from django.db import models
from django.test import Client

from lampio.accounts.helper_relations import helper_invite
from lampio.accounts.invitations import invitation_send
from lampio.accounts.models import HelperRelation, Invitation
from lampio.core.services import site_feedback_submit
from lampio.feedback.services import FeedbackAnswer, feedback_submit
from lampio.foyer.models import Message
from lampio.foyer.rules import Writer
from lampio.foyer.services import (
    message_prepare,
    message_report,
    messages_save,
    question_ask,
    question_second,
    seat_person,
)
from tests.academy.factories import sent_application, training_round
from tests.accounts.factories import UserFactory
from tests.support.foyer import open_foyer

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "Olavi Oulunkylä"
EMAIL = "olavi.oulunkyla@example.fi"
SHOWN = "Olavi, Oulu"


@pytest.fixture
def olavi_everywhere():
    """Olavi writes at his table, asks, wants to know what others asked, reports a message,
    answers the feedback card, writes to the help desk, names a helper, helps a friend and
    was invited as a producer."""
    olavi = UserFactory(
        username="olavi", name=NAME, display_name=SHOWN, email=EMAIL, verified_email=True
    )
    friend = UserFactory(username="friend", name="Saara Saarinen", display_name="Saara, Oulu")
    admin = UserFactory(username="admin", name="Ylläpito", is_superuser=True, is_staff=True)
    foyer = open_foyer()
    writer = Writer(chat_open=True, slow_mode_seconds=0)
    for person in (olavi, friend):
        seat_person(foyer=foyer, user=person)
    table = foyer.tables.get().pk
    messages_save(
        messages=[
            message_prepare(
                foyer=foyer, user=olavi, text="Hyvää iltaa!", writer=writer, host=False,
                table_id=table,
            ),
            message_prepare(
                foyer=foyer, user=friend, text="Iltaa Olavi!", writer=writer, host=False,
                table_id=table,
            ),
        ]
    )  # fmt: skip
    question_ask(foyer=foyer, user=olavi, text="Soitetaanko Finlandia?", writer=writer)
    asked = question_ask(foyer=foyer, user=friend, text="Kuka johtaa?", writer=writer)
    question_second(foyer=foyer, user=olavi, question_id=asked.pk)
    message_report(foyer=foyer, user=olavi, message_id=Message.objects.get(text="Iltaa Olavi!").pk)
    feedback_submit(
        user=olavi,
        offering=foyer.offering,
        showing=foyer.showing,
        answer=FeedbackAnswer(rating=5, comment="Kaunis konsertti."),
    )
    site_feedback_submit(
        topic="other", message="Ääni katkeili.", language="fi", name=NAME, email=EMAIL.upper()
    )
    helper_invite(person=olavi, email="poika@example.fi")
    helper_invite(person=friend, email=EMAIL)
    invitation_send(inviter=admin, email=EMAIL, role="producer", producer=foyer.offering.producer)
    sent_application(training_round(slug="olavin-kierros"), olavi, ["helsinki"])
    return olavi


def test_my_data_holds_everything_the_platform_keeps_about_me(olavi_everywhere):
    client = Client()
    client.force_login(olavi_everywhere)
    data = json.loads(client.get("/accounts/me/data.json").content)
    assert [m["text"] for m in data["foyer_messages"]] == ["Hyvää iltaa!"]
    assert {
        (q["text"], q["asked_by_me"], q["i_want_to_know_too"]) for q in data["foyer_questions"]
    } == {
        ("Soitetaanko Finlandia?", True, False),
        ("Kuka johtaa?", False, True),
    }
    assert data["foyer_reports"] == [
        {"time": data["foyer_reports"][0]["time"], "reported_message": "Iltaa Olavi!"}
    ]
    assert [f["comment"] for f in data["feedback"]] == ["Kaunis konsertti."]
    assert [m["message"] for m in data["help_form_messages"]] == ["Ääni katkeili."]
    assert [h["helper_email"] for h in data["helpers"]] == ["poika@example.fi"]
    assert [i["role"] for i in data["invitations_to_me"]] == ["producer"]
    assert data["account"]["name"] == NAME
    [application] = data["academy_applications"]
    assert application["wish"] == "Yhteislauluja." and application["municipalities"] == ["Helsinki"]


def _texts_mentioning(needles: list[str]) -> list[str]:
    """Every text value in the database that contains one of the needles."""
    found = []
    for model in apps.get_models():
        text_fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        ]
        for row in model.objects.values("pk", *text_fields):
            for name in text_fields:
                value = json.dumps(row[name], ensure_ascii=False).lower()
                if any(needle.lower() in value for needle in needles):
                    found.append(f"{model._meta.label}.{name} #{row['pk']}: {value[:120]}")
    return found


def test_deleting_the_account_leaves_the_name_and_address_nowhere(olavi_everywhere):
    assert _texts_mentioning([NAME, EMAIL, SHOWN]), "the scan finds what is there"
    client = Client()
    client.force_login(olavi_everywhere)
    assert client.post("/accounts/me/delete/", {"confirm": "on"}).status_code == 302
    assert _texts_mentioning([NAME, EMAIL, SHOWN]) == []
    # What he did for others stays, without him: the conversation, the answer, the statistics.
    assert Message.objects.filter(text="Hyvää iltaa!", author_name="").exists()
    from lampio.feedback.models import Feedback

    assert Feedback.objects.filter(comment="Kaunis konsertti.", user=None).exists()
    assert not Invitation.objects.exists()
    assert not HelperRelation.objects.filter(helper_email__iexact=EMAIL).exists()


# Every table that points at a person, and where "My data" shows it (or why it does not).
PERSON_LINKS = {
    ("account.EmailAddress", "user"): "email_addresses",
    ("mfa.Authenticator", "user"): "two_factor_authentication",
    ("core.AuditEvent", "actor"): "what_i_did",
    ("core.AuditEvent", "subject"): "history",
    ("accounts.ProducerMembership", "user"): "roles",
    ("accounts.CoordinatorAssignment", "user"): "roles",
    ("accounts.GroupHost", "user"): "roles",
    ("accounts.Invitation", "invited_by"): "invitations_i_sent",
    ("accounts.Invitation", "accepted_by"): "invitations_to_me",
    ("accounts.HelperRelation", "person"): "helpers",
    ("accounts.HelperRelation", "helper"): "helping",
    ("media.Upload", "user"): "uploads",
    ("foyer.Message", "author"): "foyer_messages",
    ("foyer.Question", "author"): "foyer_questions",
    ("foyer.QuestionSecond", "user"): "foyer_questions",
    ("foyer.Report", "reporter"): "foyer_reports",
    ("foyer.Sanction", "user"): "foyer_sanctions",
    ("feedback.Feedback", "user"): "feedback",
    ("feedback.WatchHistory", "user"): "watched",
    ("feedback.ViewingEvent", "user"): "viewing_events_linked",
    # Not the person's data: kept minutes or hours and only to make the service work, or
    # the staff's own work log.
    ("accounts.LoginLink", "user"): None,  # a one-time login link, minutes
    ("foyer.Seat", "user"): None,  # the table they sit at during a showing
    ("foyer.Presence", "user"): None,  # an open connection, swept within a minute
    ("foyer.Sanction", "by"): None,  # a host's moderation: in "what_i_did" (audit)
    ("programme.OfferingRevision", "submitted_by"): None,  # in "what_i_did" (audit)
    ("admin.LogEntry", "user"): None,  # Django admin's log of staff edits
    ("academy.Application", "applicant"): "academy_applications",
    ("academy.Assessment", "decided_by"): None,  # a coordinator's decision: in "what_i_did"
    ("academy.RoundSeats", "confirmed_by"): None,  # a confirmation: in "what_i_did" (audit)
    ("academy.RoundTrainer", "user"): "roles",
    ("academy.PracticeArticle", "author"): "academy_articles",
    ("tickets.LedgerAccount", "person"): "money",
    ("tickets.LedgerTransaction", "actor"): "money",
    ("tickets.Ticket", "person"): "tickets",
    ("tickets.Ticket", "bought_by"): "tickets",
    ("week.ProgrammeEntry", "person"): "programme",
    ("week.ProgrammeEntry", "added_by"): "programme",
    ("week.ReminderSettings", "person"): "programme",
    ("week.ReminderSent", "person"): "programme",
    ("week.CalendarFeed", "person"): "programme",
    ("week.SeriesFollow", "person"): "programme",
    ("week.SeriesFollow", "added_by"): "programme",
    ("week.PhoneNumber", "person"): "programme",
    ("week.TextMessage", "person"): "programme",
    ("week.DigestSent", "person"): "programme",
    ("tickets.Sponsorship", "created_by"): None,  # a coordinator's decision: in "what_i_did"
    ("tickets.VoucherBatch", "created_by"): None,  # a coordinator's batch: in "what_i_did"
    ("tickets.Voucher", "redeemed_by"): "money",  # the voucher's value is in the balance
    ("tickets.Payment", "person"): "money",
    ("tickets.Payment", "paid_by"): "money",
    ("academy.Attendance", "recorded_by"): None,  # a trainer's list: in "what_i_did" (audit)
}


def test_every_table_that_points_at_a_person_is_in_my_data_or_said_why_not(
    olavi_everywhere,
):
    from django.conf import settings

    person = apps.get_model(settings.AUTH_USER_MODEL)
    links = {
        (model._meta.label, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is person
    }
    assert links == set(PERSON_LINKS), "a new link to people: add it to My data, or say why not"
    client = Client()
    client.force_login(olavi_everywhere)
    data = json.loads(client.get("/accounts/me/data.json").content)
    assert {section for section in PERSON_LINKS.values() if section} <= set(data)
