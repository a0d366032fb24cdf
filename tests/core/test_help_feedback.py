import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lampio.core.models import SiteFeedback

pytestmark = pytest.mark.django_db


# Transactional: the real worker commits and closes its database connections as in production.
@pytest.mark.django_db(transaction=True)
def test_feedback_is_saved_and_the_worker_emails_support(client):
    response = client.post(
        "/help/",
        {
            "topic": "accessibility",
            "message": "Tekstitys ei näy televisiossa.",
            "email": "aino@example.fi",
            "page_url": "/programme/joulun-lauluja/",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/help/thanks/"
    feedback = SiteFeedback.objects.get()
    assert feedback.topic == "accessibility"
    assert feedback.language == "fi"
    assert (feedback.answer_due - timezone.localtime(feedback.created_at).date()).days == 14
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert mail.outbox == []

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    (message,) = mail.outbox
    assert message.to == ["apua@lampio.example"]
    assert "Saavutettavuusongelma" in message.subject
    assert "Tekstitys ei näy televisiossa." in message.body
    assert "/programme/joulun-lauluja/" in message.body


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"topic": "help", "message": ""}, "message", "Kirjoita viestisi."),
        ({"topic": "help", "message": "    "}, "message", "Kirjoita viestisi."),
        ({"topic": "help", "message": "a\x00b"}, "message", "Tyhjiä merkkejä (null) ei sallita."),
        (
            {"topic": "help", "message": "Hei", "email": "aino@"},
            "email",
            "Tarkista sähköpostiosoite",
        ),
        (
            {"topic": "help", "message": "Hei", "phone": "soita minulle"},
            "phone",
            "Tarkista puhelinnumero",
        ),
        ({"topic": "nonsense", "message": "Hei"}, "topic", "Valitse oikea vaihtoehto"),
        ({"topic": "help", "message": "x" * 5001}, "message", "Viestisi on liian pitkä"),
    ],
)
def test_bad_feedback_is_explained_and_nothing_is_saved(client, data, field, error):
    response = client.post("/help/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert error in html
    assert 'role="alert"' in html
    assert SiteFeedback.objects.count() == 0


def test_feedback_errors_are_translated_to_swedish(client):
    html = client.post("/sv/help/", {"topic": "help", "message": ""}).content.decode()
    assert "Skriv ditt meddelande." in html


def test_help_form_remembers_which_page_the_person_came_from(client):
    html = client.get("/help/?from=/programme/").content.decode()
    assert 'name="page_url" value="/programme/"' in html


def test_same_day_help_by_phone_is_on_the_help_page_and_beside_every_player(settings):
    from tests.programme.factories import RecordingFactory

    settings.SUPPORT_PHONE = "09 310 12345"
    settings.SUPPORT_HOURS = "ma–pe 8–18"
    help_page = Client().get("/help/").content.decode()
    assert "Soita 09 310 12345 (ma–pe 8–18)." in help_page
    assert 'href="tel:0931012345"' in help_page
    RecordingFactory(slug="tallenne")
    watch = Client().get("/programme/tallenne/watch/").content.decode()
    assert 'href="/help/sound-and-picture/"' in watch and "09 310 12345" in watch
    for path, heading in (
        ("/help/sound-and-picture/", "Ääni ei kuulu tai kuva ei näy"),
        ("/sv/help/sound-and-picture/", "Inget ljud eller ingen bild"),
    ):
        page = Client().get(path).content.decode()
        assert f"<h1>{heading}</h1>" in page and "09 310 12345" in page
