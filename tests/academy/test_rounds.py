"""Admins open and edit training rounds in the manage wing: texts, dates, seats, questions
and sessions saved together, or nothing and a clear message."""

import pytest
from django.test import Client

from lampio.academy.models import TrainingRound
from lampio.core.models import AuditEvent
from lampio.municipalities.models import Municipality
from lampio.programme.seed import ensure_reference_data
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _formset(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


def _round_data(**changes) -> dict:
    helsinki = Municipality.objects.get(slug="helsinki").pk
    turku = Municipality.objects.get(slug="turku").pk
    data = {
        "name_fi": "Kevät 2028",
        "name_sv": "Våren 2028",
        "description_fi": "Koulutus kulttuurialan ammattilaisille.",
        "applications_open_at": "2027-11-01T09:00",
        "applications_close_at": "2027-12-15T16:00",
        "selection_closes_at": "2028-01-10T12:00",
        "minimum_attendance": "4",
        **_formset(
            "seats",
            [{"municipality": helsinki, "seats": "8"}, {"municipality": turku, "seats": "4"}],
        ),
        **_formset("questions", [{"text_fi": "Miksi haet?"}, {"text_fi": "Kenen kanssa teet?"}]),
        **_formset(
            "sessions",
            [{"title_fi": "Aloitus", "starts_at": "2028-02-01T13:00", "ends_at": "2028-02-01T15:00",
              "mode": "video_link", "join_url": "https://video.example.fi/a"}],
        ),
    }  # fmt: skip
    data.update(changes)
    return data


def _admin() -> Client:
    client = Client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def test_an_admin_opens_a_round_with_its_seats_questions_and_sessions():
    ensure_reference_data()
    client = _admin()
    response = client.post("/manage/academy/new/", _round_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    created = TrainingRound.objects.get()
    assert (created.slug, created.name_sv, created.minimum_attendance) == (
        "kevat-2028",
        "Våren 2028",
        4,
    )
    assert {(s.municipality.slug, s.seats) for s in created.seats.all()} == {
        ("helsinki", 8),
        ("turku", 4),
    }
    assert [q.text_fi for q in created.questions.all()] == ["Miksi haet?", "Kenen kanssa teet?"]
    assert created.sessions.get().join_url == "https://video.example.fi/a"
    assert AuditEvent.objects.filter(action="academy.round_opened").count() == 1
    assert "Kevät 2028" in Client().get("/academy/kevat-2028/").content.decode()
    assert client.get("/manage/academy/kevat-2028/edit/").status_code == 200


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"applications_close_at": "2027-10-01T09:00"}, "päätyttävä avautumisen jälkeen"),
        ({"selection_closes_at": "2027-12-01T09:00"}, "valinta päättyy hakuajan jälkeen"),
        ({"name_fi": ""}, "vaaditaan"),
        ({"seats-1-municipality": "", "seats-1-seats": "3"}, "vaaditaan"),
        ({"seats-0-seats": "-2"}, "suurempi tai yhtä suuri kuin 0"),
        ({"name_fi": "Rivi\\nkaksi".replace("\\n", "\n")}, "yhdelle riville"),
    ],
)
def test_a_round_with_bad_input_is_refused_with_a_message_and_nothing_is_saved(changes, message):
    ensure_reference_data()
    response = _admin().post("/manage/academy/new/", _round_data(**changes))
    assert response.status_code == 200
    assert (
        message in response.content.decode().lower()
        or "tarkista" in response.content.decode().lower()
    )
    assert not TrainingRound.objects.exists()


def test_seats_twice_for_one_municipality_or_six_questions_are_refused():
    ensure_reference_data()
    helsinki = Municipality.objects.get(slug="helsinki").pk
    data = _round_data(**{"seats-1-municipality": helsinki})
    response = _admin().post("/manage/academy/new/", data)
    assert response.status_code == 200 and "korjaa" in response.content.decode().lower()
    six = _round_data(**_formset("questions", [{"text_fi": f"K{n}"} for n in range(6)]))
    response = _admin().post("/manage/academy/new/", six)
    assert response.status_code == 200 and "enintään 5" in response.content.decode()
    assert not TrainingRound.objects.exists()


def test_only_admins_open_rounds():
    ensure_reference_data()
    client = Client()
    client.force_login(UserFactory(username="tavallinen"))
    assert client.post("/manage/academy/new/", _round_data()).status_code == 403
    assert not TrainingRound.objects.exists()
