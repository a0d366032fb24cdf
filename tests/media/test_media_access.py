"""A draft's media files are served only to those who may see the draft."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from PIL import Image

from lampio.accounts.models import CoordinatorAssignment, ProducerMembership
from lampio.media.access import media_forget
from lampio.media.models import CaptionTrack, VideoAsset
from lampio.municipalities.models import Municipality
from lampio.programme.models import Offering
from lampio.programme.seed import ensure_reference_data
from lampio.programme.services import offering_image_add
from tests.accounts.factories import UserFactory
from tests.programme.factories import OfferingFactory, ProducerFactory

pytestmark = pytest.mark.django_db


def _jpeg(size=(1200, 675)) -> io.BytesIO:
    raw = io.BytesIO()
    Image.new("RGB", size, (10, 120, 90)).save(raw, format="JPEG")
    raw.seek(0)
    return raw


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def draft():
    ensure_reference_data()
    tampere = Municipality.objects.get(slug="tampere")
    producer = ProducerFactory(home_municipality=tampere)
    offering = OfferingFactory(producer=producer, status=Offering.Status.DRAFT)
    offering.municipalities.set([tampere])
    offering.is_nationwide = False
    offering.save()
    member = UserFactory(username="tekija")
    ProducerMembership.objects.create(user=member, producer=producer)
    reviewer = UserFactory(username="tampere")
    CoordinatorAssignment.objects.create(user=reviewer, municipality=tampere)
    elsewhere = UserFactory(username="oulu")
    CoordinatorAssignment.objects.create(
        user=elsewhere, municipality=Municipality.objects.get(slug="oulu")
    )
    image = offering_image_add(
        offering=offering, upload=_jpeg(), alt_texts={"fi": "Kuva"}, actor=member
    )
    video = VideoAsset.objects.create(offering=offering, status=VideoAsset.Status.READY)
    video.playlist = f"hls/{video.pk}/0a1b2c3d/master.m3u8"
    default_storage.save(video.playlist, ContentFile(b"#EXTM3U\n"))
    segment = f"hls/{video.pk}/0a1b2c3d/360p/seg_00001.ts"
    default_storage.save(segment, ContentFile(b"\x47" * 188))
    video.poster.save("poster.jpg", ContentFile(_jpeg((640, 360)).read()), save=False)
    video.save()
    track = CaptionTrack(video=video, language="fi", label="suomi")
    track.vtt.save("fi.vtt", ContentFile(b"WEBVTT\n"), save=False)
    track.save()
    files = [
        image.image.name,
        *image.narrower.values(),
        video.playlist,
        segment,
        video.poster.name,
        track.vtt.name,
    ]
    return {
        "offering": offering,
        "video": video,
        "files": files,
        "member": member,
        "reviewer": reviewer,
        "elsewhere": elsewhere,
    }


def _status(client: Client, name: str) -> int:
    response = client.get(f"/media/{name}")
    if response.status_code == 200:
        b"".join(response.streaming_content)
    return response.status_code


def test_a_drafts_files_are_not_served_to_the_public_or_to_other_municipalities(draft):
    assert len(draft["files"]) == 7
    for who in (None, draft["elsewhere"], UserFactory(username="katsoja")):
        client = _client(who)
        assert [_status(client, name) for name in draft["files"]] == [404] * 7


def test_those_who_may_see_the_draft_get_its_files_not_kept_by_shared_caches(draft):
    for who in (draft["member"], draft["reviewer"]):
        client = _client(who)
        for name in draft["files"]:
            response = client.get(f"/media/{name}")
            assert response.status_code == 200, name
            assert response["Cache-Control"] == "private, no-store"


def test_published_files_are_public_and_a_recording_waiting_for_review_is_not(draft):
    offering, video = draft["offering"], draft["video"]
    offering.status = Offering.Status.PUBLISHED
    offering.save()
    media_forget()  # what another process learns within OWNER_KEPT_SECONDS
    anonymous = _client()
    assert [_status(anonymous, name) for name in draft["files"]] == [200] * 7
    video.needs_review = True
    video.save()
    media_forget()
    video_files = draft["files"][3:]
    assert [_status(anonymous, name) for name in video_files] == [404] * 4
    assert [_status(anonymous, name) for name in draft["files"][:3]] == [200] * 3


def test_a_file_no_offering_owns_is_not_served_but_other_folders_are(draft):
    stray = default_storage.save("offerings/2026/0123456789abcdef.jpg", ContentFile(b"x"))
    elsewhere = default_storage.save("live/demo/index.m3u8", ContentFile(b"#EXTM3U\n"))
    client = _client(draft["member"])
    assert _status(client, stray) == 404
    assert _status(client, elsewhere) == 200
    assert _status(_client(), "hls/999999/x/master.m3u8") == 404
