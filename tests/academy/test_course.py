"""The course: trainers keep attendance and share materials with the cohort only; a
participant's pilot is a real offering the trainers review; attending enough sessions and
publishing the pilot completes the course, with a certificate, and verifies the producer."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from lampio.academy.models import Application, RoundSession, RoundTrainer, SessionMaterial
from lampio.accounts.models import CoordinatorAssignment, ProducerMembership
from lampio.core.models import AuditEvent
from lampio.municipalities.models import Municipality
from lampio.programme.models import ArtForm, Offering
from lampio.programme.services import offering_image_add
from tests.accounts.factories import UserFactory
from tests.programme.factories import ShowingFactory

from .factories import sent_application, training_round

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def course():
    round_ = training_round(slug="kurssi", phase="selecting")
    round_.minimum_attendance = 2
    round_.decisions_sent_at = timezone.now()
    round_.save()
    sessions = [
        RoundSession.objects.create(
            training_round=round_,
            title=f"Kerta {n}",
            title_fi=f"Kerta {n}",
            starts_at=timezone.now() + timedelta(days=n),
            ends_at=timezone.now() + timedelta(days=n, hours=2),
            join_url="https://video.example.fi/kerta",
        )
        for n in range(1, 4)
    ]
    trainer = UserFactory(username="kouluttaja", email="kouluttaja@example.fi")
    RoundTrainer.objects.create(training_round=round_, user=trainer)
    helsinki = Municipality.objects.get(slug="helsinki")
    aino = UserFactory(username="aino", name="Aino Laine", email="aino@example.fi")
    participant = sent_application(round_, aino, ["helsinki"])
    participant.selected_for = helsinki
    participant.save()
    outsider = sent_application(round_, UserFactory(username="ulkona"), ["turku"])
    return {
        "round": round_,
        "sessions": sessions,
        "trainer": trainer,
        "participant": participant,
        "outsider": outsider,
    }


def test_the_trainer_keeps_attendance_and_shares_materials_with_the_cohort_only(course):
    trainer = _client(course["trainer"])
    session = course["sessions"][0]
    page = f"/manage/academy/kurssi/course/sessions/{session.pk}/"
    participant = course["participant"]
    assert (
        trainer.post(page, {"form": "attendance", "present": [participant.pk]}).status_code == 302
    )
    # Someone not in the cohort cannot be marked present.
    response = trainer.post(page, {"form": "attendance", "present": [course["outsider"].pk]})
    assert response.status_code == 200
    assert participant.attendances.get(session=session).present
    trainer.post(
        page,
        {
            "form": "material",
            "title": "Kuvausohje",
            "kind": "file",
            "file": SimpleUploadedFile("ohje.txt", b"Kamera silmien korkeudelle."),
        },
    )
    trainer.post(page, {"form": "material", "title": "Lukuvinkki", "kind": "text", "text": "Lue."})
    response = trainer.post(page, {"form": "material", "title": "Tyhjä linkki", "kind": "link"})
    assert response.status_code == 200 and "Anna linkin osoite" in response.content.decode()
    assert SessionMaterial.objects.count() == 2
    file_material = SessionMaterial.objects.get(kind="file")
    # Kept in the private storage, never under the public media folder.
    assert file_material.file.storage.exists(file_material.file.name)
    assert not (Path(settings.MEDIA_ROOT) / file_material.file.name).exists()
    aino = _client(participant.applicant)
    course_page = aino.get("/academy/kurssi/course/").content.decode()
    assert "Kuvausohje" in course_page and "video.example.fi" in course_page
    download = aino.get(f"/academy/materials/{file_material.pk}/file/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"Kamera silmien korkeudelle."
    for stranger in (course["outsider"].applicant, UserFactory(username="vieras")):
        client = _client(stranger)
        assert client.get("/academy/kurssi/course/").status_code == 404
        assert client.get(f"/academy/materials/{file_material.pk}/file/").status_code == 404
        assert client.get(f"/manage/academy/kurssi/course/sessions/{session.pk}/").status_code in (
            403,
            404,
        )
    assert AuditEvent.objects.filter(action="academy.attendance_recorded").count() == 1


def _make_ready_to_send(offering: Offering, user) -> None:
    raw = io.BytesIO()
    Image.new("RGB", (640, 360), (90, 30, 10)).save(raw, format="JPEG")
    raw.seek(0)
    offering.title_fi = offering.title = "Tuolitanssit"
    offering.summary = offering.summary_fi = "Tanssia tuolilla istuen."
    offering.kind = Offering.Kind.LIVE
    offering.save()
    offering.art_forms.set(ArtForm.objects.filter(slug="dance"))
    offering_image_add(offering=offering, upload=raw, alt_texts={"fi": "Tanssijat"}, actor=user)
    ShowingFactory(offering=offering)


def test_a_participant_completes_with_a_reviewed_pilot_and_becomes_verified(
    course, django_capture_on_commit_callbacks
):
    participant = course["participant"]
    aino = _client(participant.applicant)
    response = aino.post("/academy/kurssi/course/pilot/")
    pilot = participant.pilot_offerings.get()
    assert response["Location"] == f"/studio/offerings/{pilot.slug}/"
    producer = pilot.producer
    assert not producer.is_verified
    assert ProducerMembership.objects.filter(user=participant.applicant, producer=producer).exists()
    assert aino.post("/academy/kurssi/course/pilot/")["Location"] == response["Location"]
    assert "Lämpiö-akatemian pilotti" in aino.get(response["Location"]).content.decode()

    _make_ready_to_send(pilot, participant.applicant)
    with django_capture_on_commit_callbacks(execute=True):
        aino.post(f"/studio/offerings/{pilot.slug}/send/")
    pilot.refresh_from_db()
    assert pilot.status == Offering.Status.IN_REVIEW
    assert "kouluttaja@example.fi" in {address for m in mail.outbox for address in m.to}

    trainer = _client(course["trainer"])
    assert trainer.get(f"/manage/review/{pilot.slug}/").status_code == 200
    for session in course["sessions"][:2]:
        trainer.post(
            f"/manage/academy/kurssi/course/sessions/{session.pk}/",
            {"form": "attendance", "present": [participant.pk]},
        )
    participant.refresh_from_db()
    assert participant.completed_at is None  # the pilot is not published yet
    with django_capture_on_commit_callbacks(execute=True):
        trainer.post(f"/manage/review/{pilot.slug}/", {"decision": "approve"})
    participant.refresh_from_db()
    producer.refresh_from_db()
    assert participant.completed_at is not None and producer.is_verified
    assert AuditEvent.objects.filter(action="academy.participant_completed").count() == 1
    assert AuditEvent.objects.filter(action="academy.producer_verified").count() == 1
    assert trainer.get(f"/insights/offerings/{pilot.slug}/").status_code == 200

    # The certificate: for her, her trainer and Helsinki's coordinator; not for others.
    coordinator = UserFactory(username="hki")
    CoordinatorAssignment.objects.create(
        user=coordinator, municipality=Municipality.objects.get(slug="helsinki")
    )
    for reader in (participant.applicant, course["trainer"], coordinator):
        page = _client(reader).get(f"/academy/certificates/{participant.pk}/")
        assert page.status_code == 200 and "Aino Laine" in page.content.decode()
    for stranger in (course["outsider"].applicant, UserFactory(username="turkulainen")):
        assert _client(stranger).get(f"/academy/certificates/{participant.pk}/").status_code == 404
    pdf = aino.get(f"/academy/certificates/{participant.pk}/certificate.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert len(pdf.content) > 2000

    # Verified now: her next performance is published without review.
    second = Offering.objects.create(
        slug="toinen", title="Toinen", title_fi="Toinen", summary="S", kind="live",
        producer=producer, duration_minutes=30,
    )  # fmt: skip
    second.municipalities.set([participant.selected_for])
    _make_ready_to_send(second, participant.applicant)
    aino.post(f"/studio/offerings/{second.slug}/send/")
    second.refresh_from_db()
    assert second.status == Offering.Status.PUBLISHED


def test_too_few_sessions_do_not_complete_even_with_a_published_pilot(course):
    from lampio.academy.course import attendance_record, completion_update, pilot_start

    participant = course["participant"]
    pilot = pilot_start(application=participant, actor=participant.applicant)
    pilot.status = Offering.Status.PUBLISHED
    pilot.save()
    attendance_record(
        session=course["sessions"][0], present_ids={participant.pk}, actor=course["trainer"]
    )
    assert not completion_update(application=Application.objects.get(pk=participant.pk))
    attendance_record(
        session=course["sessions"][1], present_ids={participant.pk}, actor=course["trainer"]
    )
    assert Application.objects.get(pk=participant.pk).completed_at is not None


def test_only_the_rounds_trainers_run_it():
    from lampio.academy.course import attendance_record
    from lampio.core.refusals import RefusedError

    round_ = training_round(slug="toinen", phase="selecting")
    other_trainer = UserFactory(username="muu-kouluttaja")
    RoundTrainer.objects.create(
        training_round=training_round(slug="kolmas", phase="selecting"), user=other_trainer
    )
    session = RoundSession.objects.create(
        training_round=round_, title="K", title_fi="K",
        starts_at=timezone.now(), ends_at=timezone.now() + timedelta(hours=1),
    )  # fmt: skip
    with pytest.raises(RefusedError):
        attendance_record(session=session, present_ids=set(), actor=other_trainer)
    client = _client(other_trainer)
    assert client.get("/manage/academy/toinen/course/").status_code == 404
    assert client.get("/manage/academy/kolmas/course/").status_code == 200


def test_an_admin_invites_a_trainer_who_accepts_and_runs_the_course(
    django_capture_on_commit_callbacks,
):
    import re

    round_ = training_round(slug="kutsu", phase="selecting")
    admin = UserFactory(username="admin", email="admin@example.fi", is_superuser=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(admin).post(
            "/manage/invite/",
            {"email": "kaisa@example.fi", "role": "trainer", "training_round": round_.pk},
        )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert "Koulutus kutsu" in message.body
    path = re.search(r"http://127.0.0.1:8000(/accounts/invitation/\S+/)", message.body).group(1)
    kaisa = UserFactory(username="kaisa", email="kaisa@example.fi", verified_email=True)
    client = _client(kaisa)
    assert "kouluttajaksi" in client.get(path).content.decode()
    assert client.post(path).status_code == 302
    assert RoundTrainer.objects.filter(training_round=round_, user=kaisa).exists()
    assert "Koulutus: Koulutus kutsu" in client.get("/manage/").content.decode()
    assert client.get("/manage/academy/kutsu/course/").status_code == 200
    # A trainer invitation names its round.
    response = _client(admin).post("/manage/invite/", {"email": "x@example.fi", "role": "trainer"})
    assert response.status_code == 200 and "kierros" in response.content.decode().lower()


def test_a_group_makes_one_pilot_and_each_member_completes_with_it(course):
    from lampio.academy.course import attendance_record, pilot_start

    maker = course["participant"]
    helsinki = Municipality.objects.get(slug="helsinki")
    partner = sent_application(course["round"], UserFactory(username="pari"), ["helsinki"])
    partner.selected_for = helsinki
    partner.save()
    pilot = pilot_start(application=maker, actor=maker.applicant)
    trainer = _client(course["trainer"])
    response = trainer.post(
        "/manage/academy/kurssi/course/", {"participant": partner.pk, "pilot": pilot.pk}
    )
    assert response.status_code == 302
    assert list(partner.pilot_offerings.all()) == [pilot]
    assert ProducerMembership.objects.filter(
        user=partner.applicant, producer=pilot.producer
    ).exists()
    # Another round's pilot, or a made-up one, is refused.
    response = trainer.post(
        "/manage/academy/kurssi/course/",
        {"participant": partner.pk, "pilot": "999999"},
        follow=True,
    )
    assert "Valitse osallistuja ja pilotti" in response.content.decode()
    pilot.status = Offering.Status.PUBLISHED
    pilot.save()
    for session in course["sessions"][:2]:
        attendance_record(session=session, present_ids={partner.pk}, actor=course["trainer"])
    partner.refresh_from_db()
    assert partner.completed_at is not None
