"""The 14-day caption rule for recordings of live broadcasts."""

import base64
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from lampio.accounts.models import CoordinatorAssignment, ProducerMembership, User
from lampio.media.models import VideoAsset
from lampio.media.services import caption_track_add
from lampio.municipalities.models import Municipality
from lampio.programme.models import Offering
from tests.accounts.factories import UserFactory
from tests.programme.factories import OfferingFactory, ShowingFactory
from tests.support.media_files import SRT, make_clip

pytestmark = pytest.mark.django_db


def person(name: str) -> User:
    user = UserFactory(
        username=name, name=name, display_name=name, email=f"{name}@example.fi", verified_email=True
    )
    return user


def live_recording(city: str, *, days_ago: int) -> VideoAsset:
    offering = OfferingFactory(kind=Offering.Kind.LIVE, is_nationwide=False)
    offering.municipalities.set([Municipality.objects.get(slug=city)])
    showing = ShowingFactory(offering=offering, starts_at=timezone.now() - timedelta(days=days_ago))
    return VideoAsset.objects.create(
        offering=offering,
        status=VideoAsset.Status.READY,
        live_showing=showing,
        captions_due_on=timezone.localdate(showing.starts_at) + timedelta(days=14),
    )


def test_a_recording_of_a_live_broadcast_uploaded_by_tus_gets_a_due_date(tmp_path):
    offering = OfferingFactory(kind=Offering.Kind.LIVE)
    showing = ShowingFactory(offering=offering, starts_at=timezone.now() - timedelta(days=1))
    producer = person("pia")
    ProducerMembership.objects.create(user=producer, producer=offering.producer)
    client = Client()
    client.force_login(producer)
    data = make_clip(tmp_path / "live.mp4", seconds=2).read_bytes()
    meta = ",".join(
        f"{k} {base64.b64encode(v.encode()).decode()}"
        for k, v in {
            "offering": offering.slug,
            "filename": "live.mp4",
            "showing": str(showing.pk),
        }.items()
    )
    location = client.post(
        "/studio/uploads/",
        headers={
            "Tus-Resumable": "1.0.0",
            "Upload-Length": str(len(data)),
            "Upload-Metadata": meta,
        },
    )["Location"]
    client.generic(
        "PATCH",
        location,
        data=data,
        content_type="application/offset+octet-stream",
        headers={"Tus-Resumable": "1.0.0", "Upload-Offset": "0"},
    )
    video = VideoAsset.objects.get()
    assert video.live_showing == showing
    assert video.captions_due_on == timezone.localdate(showing.starts_at) + timedelta(days=14)


def test_coordinators_see_overdue_recordings_of_their_own_municipalities_only():
    overdue_tampere = live_recording("tampere", days_ago=20)
    live_recording("oulu", days_ago=20)
    live_recording("tampere", days_ago=3)  # not due yet
    captioned = live_recording("tampere", days_ago=30)
    caption_track_add(video=captioned, language="fi", data=SRT.encode())
    coordinator = person("kirsi")
    CoordinatorAssignment.objects.create(
        user=coordinator, municipality=Municipality.objects.get(slug="tampere")
    )
    client = Client()
    client.force_login(coordinator)
    html = client.get("/manage/captions-overdue/").content.decode()
    assert html.count("<tr><td>") == 1
    assert overdue_tampere.offering.title in html


def test_producers_are_reminded_three_days_before_the_due_date(
    django_capture_on_commit_callbacks,
):
    soon = live_recording("turku", days_ago=12)
    live_recording("turku", days_ago=2)  # due in 12 days: no reminder yet
    pia = person("pia")
    ProducerMembership.objects.create(user=pia, producer=soon.offering.producer)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_caption_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    (message,) = mail.outbox
    assert message.to == ["pia@example.fi"]
    assert soon.offering.title in message.body and soon.offering.title not in message.subject
    assert message.alternatives[0][1] == "text/html"
