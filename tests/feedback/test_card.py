"""The feedback card works as a plain form (no JavaScript); answering again updates."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lampio.accounts.models import User
from lampio.feedback.models import Feedback, FeedbackQuestion, WatchHistory
from tests.accounts.factories import UserFactory
from tests.programme.factories import OfferingFactory, ShowingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def aino(client) -> User:
    user = UserFactory(username="aino", name="Aino", display_name="Aino")
    client.force_login(user)
    return user


@pytest.fixture
def showing():
    now = timezone.now()
    return ShowingFactory(
        starts_at=now - timedelta(hours=2),
        ends_at=now - timedelta(hours=1),
        doors_open_at=now - timedelta(hours=3),
    )


def card_url(showing) -> str:
    return f"/programme/{showing.offering.slug}/showings/{showing.pk}/feedback/"


def test_one_face_is_enough_and_answering_again_updates(client, aino, showing):
    page = client.get(card_url(showing))
    assert page.status_code == 200
    assert "Miten pidit?" in page.content.decode()
    assert client.post(card_url(showing), {"rating": "4"}).status_code == 302
    response = client.post(
        card_url(showing),
        {
            "rating": "5",
            "watch_again": "yes",
            "mood_before": "2",
            "mood_after": "4",
            "comment": " Kaunis! ",
        },
    )
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert (feedback.rating, feedback.watch_again, feedback.mood_before, feedback.mood_after) == (
        5,
        True,
        2,
        4,
    )
    assert feedback.comment == "Kaunis!"
    assert "Olet vastannut aiemmin" in client.get(card_url(showing)).content.decode()


def test_the_quick_card_saves_a_tap_and_keeps_the_rest(client, aino, showing):
    client.post(card_url(showing), {"rating": "3", "comment": "Hyvä ääni."})
    client.post(card_url(showing), {"quick": "1", "rating": "5"})
    feedback = Feedback.objects.get()
    assert (feedback.rating, feedback.comment) == (5, "Hyvä ääni.")
    client.post(card_url(showing), {"quick": "1", "rating": "9"})
    assert Feedback.objects.get().rating == 5


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({}, "Valitse kasvot"),
        ({"rating": "7"}, "Valitse kasvot"),
        ({"rating": "5", "mood_after": "0"}, "Valitse yhdet kasvoista"),
        ({"rating": "5", "comment": "a" * 2001}, "2 000 merkkiin"),
    ],
)
def test_bad_answers_get_a_plain_error_and_save_nothing(client, aino, showing, data, error):
    response = client.post(card_url(showing), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Feedback.objects.exists()


def test_extra_questions_are_asked_and_answered(client, aino, showing):
    FeedbackQuestion.objects.create(
        offering=showing.offering,
        position=1,
        kind="choice",
        text="Mikä kappale oli paras?",
        choices="Ensimmäinen\nToinen",
    )
    FeedbackQuestion.objects.create(
        offering=showing.offering, position=2, kind="text", text="Mitä toivot ensi kerralla?"
    )
    page = client.get(card_url(showing)).content.decode()
    assert "Mikä kappale oli paras?" in page and "Toinen" in page
    client.post(card_url(showing), {"rating": "5", "question_1": "2", "question_2": "Lisää tangoa"})
    assert Feedback.objects.get().answers == {"1": 2, "2": "Lisää tangoa"}
    from lampio.insights.offering_reports import offering_report

    report = offering_report(showing.offering)
    assert report.text_answers == [("Mitä toivot ensi kerralla?", ["Lisää tangoa"])]
    assert [row[0] for row in report.table("question_1").rows] == ["Ensimmäinen", "Toinen"]
    # One answer: its cell is "< 5", and the zero beside it is hidden too, or the total of
    # answers would give the one away.
    assert [str(row[1]) for row in report.table("question_1").rows] == ["piilotettu", "< 5"]


def test_no_card_for_a_showing_still_to_come_nor_for_the_anonymous(client, showing):
    future = ShowingFactory(offering=showing.offering)
    assert client.get(card_url(showing)).status_code == 302  # to the login page
    UserFactory(username="x", name="X", display_name="X")
    client.force_login(User.objects.get(username="x"))
    assert client.get(card_url(future)).status_code == 404
    snippet = Client().get(
        f"/programme/{showing.offering.slug}/showings/{showing.pk}/feedback/card/"
    )
    assert "Kirjaudu antaaksesi palautetta" in snippet.content.decode()


def test_what_i_have_watched_leads_back_to_the_card(client, aino, showing):
    recording = OfferingFactory(kind="recording")
    WatchHistory.objects.create(user=aino, offering=recording, last_watched_at=timezone.now())
    client.post(card_url(showing), {"rating": "4"})
    page = client.get("/accounts/me/watched/").content.decode()
    assert recording.title in page and showing.offering.title in page
    assert f"/programme/{recording.slug}/feedback/" in page
    assert "Muuta palautettani" in page and "Anna palautetta" in page


def test_producers_set_up_to_three_questions_in_the_studio(client, showing):
    from lampio.accounts.models import ProducerMembership

    producer = UserFactory(username="p", name="P", display_name="P")
    ProducerMembership.objects.create(user=producer, producer=showing.offering.producer)
    client.force_login(producer)
    url = f"/studio/offerings/{showing.offering.slug}/feedback/"
    assert client.get(url).status_code == 200
    bad = client.post(
        url, {"q1-kind": "choice", "q1-text_fi": "Paras kappale?", "q1-choices_fi": "Yksi"}
    )
    assert "Anna 2–6 vaihtoehtoa" in bad.content.decode()
    assert not FeedbackQuestion.objects.exists()
    client.post(
        url,
        {
            "q1-kind": "choice",
            "q1-text_fi": "Paras kappale?",
            "q1-choices_fi": "Yksi\nKaksi",
            "q2-kind": "text",
            "q2-text_fi": "Toiveita?",
        },
    )
    assert list(FeedbackQuestion.objects.values_list("position", "text_fi")) == [
        (1, "Paras kappale?"),
        (2, "Toiveita?"),
    ]


def test_my_data_holds_my_feedback_and_what_i_watched(client, aino, showing):
    import json

    client.post(card_url(showing), {"rating": "4", "comment": "Hieno."})
    data = json.loads(client.get("/accounts/me/data.json").content)
    assert data["feedback"][0]["rating"] == 4
    assert data["feedback"][0]["comment"] == "Hieno."
    assert data["watched"][0]["performance"] == showing.offering.title
    assert data["viewing_events_linked"] == 0


def test_the_feeling_before_is_asked_as_the_doors_open_and_kept_for_the_card(client, aino):
    now = timezone.now()
    doors_open = ShowingFactory(
        starts_at=now + timedelta(minutes=10),
        ends_at=now + timedelta(minutes=55),
        doors_open_at=now - timedelta(minutes=20),
    )
    closed = ShowingFactory(offering=doors_open.offering)
    mood_url = f"/programme/{doors_open.offering.slug}/showings/{doors_open.pk}/feedback/mood/"
    assert Client().get(mood_url).status_code == 204  # nothing for visitors not logged in
    assert (
        client.get(
            f"/programme/{closed.offering.slug}/showings/{closed.pk}/feedback/mood/"
        ).status_code
        == 404
    )
    question = client.get(mood_url)
    assert "Miltä sinusta tuntuu nyt?" in question.content.decode()
    assert client.post(mood_url, {"mood": "9"}, HTTP_X_LAMPIO_FETCH="1").status_code == 400
    assert client.post(mood_url, {"mood": "2"}, HTTP_X_LAMPIO_FETCH="1").status_code == 204
    feedback = Feedback.objects.get()
    assert (feedback.mood_before, feedback.rating) == (2, None)
    assert client.get(mood_url).status_code == 204  # asked once
    # Without JavaScript the form posts and returns to the page it came from.
    back = client.post(mood_url, {"mood": "3", "next": "/programme/x/watch/"})
    assert back["Location"] == "/programme/x/watch/"
    foreign = client.post(mood_url, {"mood": "3", "next": "https://evil.example/"})
    assert foreign["Location"] == doors_open.offering.get_absolute_url()

    from lampio.insights.offering_reports import offering_report

    smileys = offering_report(doors_open.offering).table("smileys")
    assert [str(row[1]) for row in smileys.rows] == ["0"] * 5  # a feeling is not an answer yet
    assert "Anna palautetta" not in client.get("/accounts/me/watched/").content.decode()

    with_time_passed = doors_open
    Showing = type(doors_open)
    Showing.objects.filter(pk=doors_open.pk).update(
        starts_at=now - timedelta(minutes=50),
        ends_at=now - timedelta(minutes=5),
        doors_open_at=now - timedelta(minutes=80),
    )
    card = card_url(with_time_passed)
    assert (
        'value="3" class="faces" id="id_mood_before_2" checked' in client.get(card).content.decode()
    )
    client.post(card, {"rating": "5", "mood_before": "3", "mood_after": "5"})
    feedback = Feedback.objects.get()
    assert (feedback.rating, feedback.mood_before, feedback.mood_after) == (5, 3, 5)
