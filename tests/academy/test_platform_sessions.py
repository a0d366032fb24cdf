"""Course sessions on the platform: a live showing of the round's unlisted offering, a watch
page and a foyer for the cohort and its trainers only, attendance read from the foyer."""

from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from django.test import Client
from django.utils import timezone

from lampio.academy.models import Attendance, RoundSession, RoundTrainer
from lampio.academy.platform import attendance_collect_due
from lampio.foyer.services import foyer_for_showing, seat_person
from lampio.municipalities.models import Municipality
from lampio.programme.selectors import home_sections, offerings_published
from tests.accounts.factories import UserFactory
from tests.support.foyer import communicator, connected, session_cookie

from .factories import sent_application, training_round

STREAM = "/media/live/demo/index.m3u8"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _course(starts_in: timedelta = timedelta(minutes=-10)):
    round_ = training_round(slug="alusta", phase="selecting")
    round_.minimum_attendance = 1
    round_.decisions_sent_at = timezone.now()
    round_.save()
    now = timezone.now()
    session = RoundSession.objects.create(
        training_round=round_, title="Kamera", title_fi="Kamera",
        starts_at=now + starts_in, ends_at=now + starts_in + timedelta(hours=1),
    )  # fmt: skip
    trainer = UserFactory(username="kouluttaja", display_name="Kaisa")
    RoundTrainer.objects.create(training_round=round_, user=trainer)
    aino = sent_application(round_, UserFactory(username="aino", display_name="Aino"))
    aino.selected_for = Municipality.objects.get(slug="helsinki")
    aino.save()
    response = _client(trainer).post(
        f"/manage/academy/alusta/course/sessions/{session.pk}/",
        {"form": "session", "mode": "platform", "stream_url": STREAM},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    session.refresh_from_db()
    return round_, session, trainer, aino


@pytest.mark.django_db
def test_a_platform_session_is_an_unlisted_live_showing_watched_by_the_cohort_only():
    round_, session, trainer, aino = _course()
    showing = session.showing
    offering = showing.offering
    assert (offering.kind, offering.status, offering.is_listed) == ("live", "published", False)
    assert showing.stream_url == STREAM and showing.starts_at == session.starts_at
    assert offering not in offerings_published()
    sections = home_sections()
    assert showing not in [*sections.today, *sections.this_week]
    assert Client().get(f"/programme/{offering.slug}/").status_code == 404
    assert Client().get(f"/programme/{offering.slug}/watch/").status_code == 404
    page = _client(aino.applicant).get("/academy/alusta/course/").content.decode()
    watch_path = f"/academy/alusta/course/sessions/{session.pk}/watch/"
    assert watch_path in page
    watch = _client(aino.applicant).get(watch_path)
    assert watch.status_code == 200 and STREAM in watch.content.decode()
    assert "no-cache" in watch["Cache-Control"] or "no-store" in watch["Cache-Control"]
    assert _client(trainer).get(watch_path).status_code == 200
    for stranger in (UserFactory(username="vieras"), UserFactory(username="muu-hakija")):
        assert _client(stranger).get(watch_path).status_code == 404
    assert Client().get(watch_path).status_code == 302  # to the login
    # Moving the session moves its showing; taking it off the platform cancels it.
    session.refresh_from_db()
    response = _client(trainer).post(
        f"/manage/academy/alusta/course/sessions/{session.pk}/",
        {"form": "session", "mode": "video_link", "join_url": "https://video.example.fi/k"},
    )
    assert response.status_code == 302
    showing.refresh_from_db()
    assert showing.is_cancelled


@pytest.mark.django_db
def test_a_stream_from_an_unknown_service_is_refused():
    round_, session, trainer, _aino = _course()
    response = _client(trainer).post(
        f"/manage/academy/alusta/course/sessions/{session.pk}/",
        {"form": "session", "mode": "platform", "stream_url": "https://evil.example/x.m3u8"},
    )
    assert response.status_code == 200
    assert "ei vielä voi toistaa" in response.content.decode()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_the_course_foyer_admits_the_cohort_and_its_trainers_only():
    round_, session, trainer, aino = await sync_to_async(_course)()
    foyer = await sync_to_async(lambda: foyer_for_showing(showing=session.showing))()
    participant, welcome = await connected(
        foyer.pk, await sync_to_async(session_cookie)(aino.applicant)
    )
    assert welcome["me"]["name"] == "Aino" and not welcome["me"]["is_host"]
    host, welcome = await connected(foyer.pk, await sync_to_async(session_cookie)(trainer))
    assert welcome["me"]["is_host"]
    stranger = await sync_to_async(UserFactory)(username="ulkopuolinen")
    for cookie in (await sync_to_async(session_cookie)(stranger), None):
        client = communicator(foyer.pk, cookie)
        admitted, code = await client.connect()
        assert not admitted and code == 4404
    await participant.disconnect()
    await host.disconnect()


@pytest.mark.django_db
def test_who_sat_in_the_foyer_is_marked_present_after_the_session_and_completes():
    round_, session, trainer, aino = _course()
    absent = sent_application(round_, UserFactory(username="poissa"))
    absent.selected_for = Municipality.objects.get(slug="helsinki")
    absent.save()
    foyer = foyer_for_showing(showing=session.showing)
    seat_person(foyer=foyer, user=aino.applicant)
    seat_person(foyer=foyer, user=UserFactory(username="ei-kurssilla"))
    assert attendance_collect_due() == 0  # not over yet
    later = session.ends_at + timedelta(minutes=1)
    assert attendance_collect_due(now=later) == 1
    assert attendance_collect_due(now=later) == 0  # read once
    assert list(Attendance.objects.values_list("application__applicant__username", "present")) == [
        ("aino", True)
    ]
    pilot = aino.pilot_offerings.create(
        slug="p", title="P", title_fi="P", summary="S", kind="live", status="published",
        producer=session.showing.offering.producer, duration_minutes=20,
    )  # fmt: skip
    assert pilot.status == "published"
    from lampio.academy.course import completion_update

    aino.refresh_from_db()
    assert completion_update(application=aino)
