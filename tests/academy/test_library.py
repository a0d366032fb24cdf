"""After the course: the closing survey, the round report for admins, and the
good-practice library every producer reads in the studio."""

import io
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from PIL import Image

from lampio.academy.library import survey_answer
from lampio.academy.models import ClosingSurvey, PracticeArticle, RoundSession, RoundTrainer
from lampio.accounts.models import CoordinatorAssignment, ProducerMembership
from lampio.core.refusals import RefusedError
from lampio.municipalities.models import Municipality
from tests.accounts.factories import UserFactory
from tests.programme.factories import ProducerFactory

from .factories import sent_application, training_round

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _participants(round_, count: int, town="helsinki"):
    place = Municipality.objects.get(slug=town)
    people = []
    for n in range(count):
        application = sent_application(round_, UserFactory(username=f"{town}-{n}"), [town])
        application.selected_for = place
        application.save()
        people.append(application)
    return people


def test_the_survey_opens_when_the_course_is_over_and_is_answered_once():
    round_ = training_round(slug="kysely", phase="selecting")
    [aino] = _participants(round_, 1)
    tomorrow = timezone.now() + timedelta(days=1)
    session = RoundSession.objects.create(
        training_round=round_, title="K", title_fi="K",
        starts_at=tomorrow, ends_at=tomorrow + timedelta(hours=1),
    )  # fmt: skip
    client = _client(aino.applicant)
    response = client.post(
        "/academy/kysely/course/survey/",
        {"usefulness": "5", "confidence": "4", "will_continue": "yes"},
    )
    assert (
        response.status_code == 200 and "kun koulutuksesi on päättynyt" in response.content.decode()
    )
    assert not ClosingSurvey.objects.exists()
    session.starts_at -= timedelta(days=3)
    session.ends_at -= timedelta(days=3)
    session.save()
    for usefulness in ("5", "4"):
        response = client.post(
            "/academy/kysely/course/survey/",
            {
                "usefulness": usefulness,
                "confidence": "4",
                "will_continue": "yes",
                "comment": "Hyvä.",
            },
        )
        assert response.status_code == 302
    answer = ClosingSurvey.objects.get()
    assert (answer.usefulness, answer.will_continue) == (4, True)
    response = client.post(
        "/academy/kysely/course/survey/",
        {"usefulness": "9", "confidence": "4", "will_continue": "x"},
    )
    assert response.status_code == 200 and ClosingSurvey.objects.get().usefulness == 4
    outsider = UserFactory(username="ulkopuolinen")
    assert _client(outsider).get("/academy/kysely/course/survey/").status_code == 404
    with pytest.raises(RefusedError):
        survey_answer(
            application=aino, actor=outsider, usefulness=1, confidence=1, will_continue=False
        )


def test_the_round_report_counts_by_municipality_and_keeps_small_groups_hidden():
    round_ = training_round(slug="raportti", phase="selecting", seats={"helsinki": 8, "turku": 4})
    helsinki = _participants(round_, 5)
    turku = _participants(round_, 2, "turku")
    helsinki[0].completed_at = timezone.now()
    helsinki[0].save()
    for application in helsinki[:4]:
        ClosingSurvey.objects.create(
            application=application, usefulness=5, confidence=4, will_continue=True,
            comment="Lisää kameraharjoituksia.",
        )  # fmt: skip
    admin = UserFactory(username="yllapito", is_superuser=True, is_staff=True)
    client = _client(admin)
    page = client.get("/manage/academy/raportti/report/").content.decode()
    assert "Lisää kameraharjoituksia" not in page  # four answers: not shown yet
    assert "liian pieni ryhmä" in page.lower() or "liian pieni" in page.lower()
    ClosingSurvey.objects.create(
        application=turku[0], usefulness=3, confidence=3, will_continue=False
    )
    page = client.get("/manage/academy/raportti/report/").content.decode()
    assert "Lisää kameraharjoituksia" in page and "4,6" in page  # (5*4 + 3) / 5
    csv_text = client.get("/manage/academy/raportti/report/municipalities.csv").content.decode(
        "utf-8-sig"
    )
    lines = csv_text.strip().splitlines()
    assert lines[1].startswith("Helsinki,8,5,1,0,5")
    assert lines[2].startswith("Turku,4,2,0,0,2")
    coordinator = UserFactory(username="koordinaattori")
    CoordinatorAssignment.objects.create(
        user=coordinator, municipality=Municipality.objects.get(slug="helsinki")
    )
    assert _client(coordinator).get("/manage/academy/raportti/report/").status_code == 403


def _photo_with_location() -> io.BytesIO:
    raw = io.BytesIO()
    exif = Image.Exif()
    exif[0x8825] = {2: (60.0, 10.0, 0.0)}
    Image.new("RGB", (2400, 1600), (20, 90, 40)).save(raw, format="JPEG", exif=exif)
    raw.name = "kuva.jpg"
    raw.seek(0)
    return raw


def test_a_trainer_publishes_good_practice_that_every_producer_reads_in_the_studio():
    round_ = training_round(slug="kirjasto", phase="selecting")
    trainer = UserFactory(username="kouluttaja")
    RoundTrainer.objects.create(training_round=round_, user=trainer)
    client = _client(trainer)
    response = client.post(
        "/manage/academy/articles/new/",
        {"title_fi": "Kamera silmien korkeudelle", "summary_fi": "Lyhyt ohje.",
         "body_fi": "Katse kohti katsojaa.", "save": "1"},
    )  # fmt: skip
    assert response.status_code == 302
    article = PracticeArticle.objects.get()
    assert article.published_at is None
    producer = UserFactory(username="tuottaja")
    ProducerMembership.objects.create(user=producer, producer=ProducerFactory())
    reader = _client(producer)
    assert "Kamera silmien" not in reader.get("/studio/good-practice/").content.decode()
    assert reader.get(f"/studio/good-practice/{article.slug}/").status_code == 404
    response = client.post(
        f"/manage/academy/articles/{article.slug}/",
        {"title_fi": "Kamera silmien korkeudelle", "summary_fi": "Lyhyt ohje.",
         "body_fi": "Katse kohti katsojaa.", "picture": _photo_with_location(),
         "picture_alt_fi": "Kamera jalustalla", "publish": "1"},
    )  # fmt: skip
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.published_at is not None
    with article.picture.open("rb") as handle, Image.open(handle) as stored:
        assert max(stored.size) == 1600 and not stored.getexif()
    assert "Kamera silmien" in reader.get("/studio/good-practice/").content.decode()
    assert "Katse kohti" in reader.get(f"/studio/good-practice/{article.slug}/").content.decode()
    # Only its author (and admins) edit it; people without a work role do not read it here.
    other = UserFactory(username="toinen-kouluttaja")
    RoundTrainer.objects.create(training_round=round_, user=other)
    assert _client(other).get(f"/manage/academy/articles/{article.slug}/").status_code == 404
    audience = _client(UserFactory(username="katsoja"))
    assert audience.get("/studio/good-practice/").status_code == 403
    response = client.post(
        "/manage/academy/articles/new/",
        {"title_fi": "", "summary_fi": "", "body_fi": "", "save": "1"},
    )
    assert response.status_code == 200 and PracticeArticle.objects.count() == 1
