"""A culture professional applies: drafts, sending before the deadline, reading and
withdrawing; every refusal is a plain sentence and loses nothing."""

from datetime import UTC, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from lampio.academy.models import Application
from lampio.academy.services import ApplicationIn, application_save
from lampio.core.refusals import RefusedError
from lampio.municipalities.models import Municipality
from lampio.programme.models import ArtForm, SpokenLanguage
from tests.accounts.factories import UserFactory

from .factories import sent_application, training_round

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _complete_form(round_) -> dict:
    question = round_.questions.get()
    return {
        "municipalities": [Municipality.objects.get(slug="helsinki").pk],
        "works_as": "organisation",
        "organisation_name": "Teatteri Tukki",
        "art_forms": [ArtForm.objects.get(slug="music").pk],
        "languages": [SpokenLanguage.objects.first().pk],
        "experience": "Kymmenen vuotta palvelutaloissa.",
        "wish": "Tanssituokioita tuolilla.",
        f"question_{question.pk}": "Koska se on tärkeää.",
    }


def test_a_draft_keeps_what_was_written_and_sending_asks_for_what_is_missing(
    django_capture_on_commit_callbacks,
):
    round_ = training_round()
    anna = UserFactory(username="anna", email="anna@example.fi", language="sv")
    client = _client(anna)
    response = client.post(
        "/academy/syksy/apply/", {"experience": "Vähän.", "save": "1"}, follow=True
    )
    assert response.status_code == 200
    draft = Application.objects.get(applicant=anna)
    assert draft.status == "draft" and draft.experience == "Vähän."
    response = client.post("/academy/syksy/apply/", {"experience": "Vähän.", "send": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ennen lähettämistä" in page and "missä kunnassa" in page.lower()
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.experience == "Vähän."
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/academy/syksy/apply/", {**_complete_form(round_), "send": "1"})
    assert response.status_code == 302
    sent = Application.objects.get(applicant=anna)
    assert sent.status == "sent" and sent.sent_at is not None
    assert sent.organisation_name == "Teatteri Tukki"
    assert list(sent.municipalities.values_list("slug", flat=True)) == ["helsinki"]
    [confirmation] = mail.outbox
    assert confirmation.to == ["anna@example.fi"]
    assert "Utbildning syksy" in confirmation.body  # in her language, Swedish
    assert confirmation.alternatives and "Utbildning syksy" in confirmation.alternatives[0][0]
    # One application per round: the form now shows the sent one.
    response = client.get("/sv/academy/syksy/apply/")
    assert response["Location"] == f"/sv/academy/applications/{sent.pk}/"
    with pytest.raises(RefusedError) as refused:
        application_save(training_round=round_, applicant=anna, data=ApplicationIn(), send=False)
    assert refused.value.code == "academy.already_sent"


def test_a_draft_sent_one_second_late_is_refused_and_kept():
    round_ = training_round()
    ben = UserFactory(username="ben")
    form = _complete_form(round_)
    data = ApplicationIn(
        works_as="freelancer",
        experience=form["experience"],
        wish=form["wish"],
        municipalities=list(Municipality.objects.filter(slug="helsinki")),
        art_forms=list(ArtForm.objects.filter(slug="music")),
        languages=list(SpokenLanguage.objects.all()[:1]),
        answers={str(round_.questions.get().pk): "Siksi."},
    )
    application_save(training_round=round_, applicant=ben, data=data, send=False)
    late = round_.applications_close_at + timedelta(seconds=1)
    with pytest.raises(RefusedError) as refused:
        application_save(training_round=round_, applicant=ben, data=data, send=True, now=late)
    assert refused.value.code == "academy.deadline_passed"
    assert Application.objects.get(applicant=ben).status == "draft"
    on_time = round_.applications_close_at
    application_save(training_round=round_, applicant=ben, data=data, send=True, now=on_time)
    assert Application.objects.get(applicant=ben).status == "sent"


def test_nothing_is_saved_before_the_call_opens():
    round_ = training_round(phase="coming")
    client = _client(UserFactory(username="early"))
    response = client.post("/academy/syksy/apply/", {**_complete_form(round_), "save": "1"})
    assert response.status_code == 200
    assert "avautuu" in response.content.decode()
    assert not Application.objects.exists()


def test_hostile_text_is_refused_with_a_message_and_nothing_is_saved():
    round_ = training_round()
    client = _client(UserFactory(username="hostile"))
    form = {**_complete_form(round_), "experience": "Kyllä\x00", "send": "1"}
    response = client.post("/academy/syksy/apply/", form)
    assert response.status_code == 200
    assert "merkkejä" in response.content.decode()
    form = {**_complete_form(round_), "organisation_name": "Rivi\nkaksi", "send": "1"}
    assert client.post("/academy/syksy/apply/", form).status_code == 200
    form = {**_complete_form(round_), "municipalities": ["999999"], "send": "1"}
    assert client.post("/academy/syksy/apply/", form).status_code == 200
    assert not Application.objects.exists()


def test_an_applicant_reads_and_withdraws_only_their_own_application():
    round_ = training_round(phase="selecting")
    own = sent_application(round_, UserFactory(username="oma"))
    other = sent_application(round_, UserFactory(username="muu"))
    client = _client(own.applicant)
    assert client.get(f"/academy/applications/{own.pk}/").status_code == 200
    assert client.get(f"/academy/applications/{other.pk}/").status_code == 404
    assert client.post(f"/academy/applications/{other.pk}/withdraw/").status_code == 404
    own.selected_for = Municipality.objects.get(slug="helsinki")
    own.save()
    client.post(f"/academy/applications/{own.pk}/withdraw/")
    own.refresh_from_db()
    assert own.status == "withdrawn" and own.selected_for is None  # the seat is free again
    other.refresh_from_db()
    assert other.status == "sent"


def test_withdrawing_after_the_selection_closed_is_refused():
    round_ = training_round(phase="selecting")
    application = sent_application(round_, UserFactory(username="myohassa"))
    round_.selection_closes_at = timezone.now() - timedelta(minutes=1)
    round_.save()
    response = _client(application.applicant).post(
        f"/academy/applications/{application.pk}/withdraw/", follow=True
    )
    assert "ei voi enää perua" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "sent"


def test_the_call_has_a_public_page_and_a_calendar_file_for_its_deadline():
    round_ = training_round()
    page = Client().get("/academy/syksy/").content.decode()
    assert "Koulutus syksy" in page and "Helsinki" in page
    assert Client().get("/en/academy/syksy/").content.decode().count("Training syksy") >= 1
    assert "Koulutus syksy" in Client().get("/academy/").content.decode()
    ics = Client().get("/academy/syksy/deadline.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    body = ics.content.decode()
    assert f"academy-round-{round_.pk}-deadline@lampio" in body
    assert round_.applications_close_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ") in body
    assert Client().get("/academy/no-such-round/").status_code == 404
