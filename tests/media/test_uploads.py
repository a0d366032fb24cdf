"""Resumable uploads (tus 1.0 core) through the real endpoint, with dropped connections."""

import base64
import socket

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from lampio.accounts.models import ProducerMembership, User
from lampio.media.models import Upload, VideoAsset
from lampio.programme.models import Offering
from tests.accounts.factories import UserFactory
from tests.programme.factories import OfferingFactory, ProducerFactory
from tests.support.media_files import make_clip

pytestmark = pytest.mark.django_db(transaction=True)
CHUNK = 64 * 1024
CSRF = "a" * 32  # an unmasked CSRF secret, sent as cookie and header alike


def member_of(producer, name="tuottaja") -> User:
    user = UserFactory(
        username=name, name=name, display_name=name, email=f"{name}@example.fi", verified_email=True
    )
    ProducerMembership.objects.create(user=user, producer=producer)
    return user


def metadata(**values: str) -> str:
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in values.items())


def start(client: Client, offering: Offering, length: int, filename="konsertti.mp4"):
    return client.post(
        "/studio/uploads/",
        headers={
            "Tus-Resumable": "1.0.0",
            "Upload-Length": str(length),
            "Upload-Metadata": metadata(offering=offering.slug, filename=filename),
        },
    )


def patch(client: Client, location: str, offset: int, body: bytes):
    return client.generic(
        "PATCH",
        location,
        data=body,
        content_type="application/offset+octet-stream",
        headers={"Tus-Resumable": "1.0.0", "Upload-Offset": str(offset)},
    )


def head_offset(client: Client, location: str) -> int:
    return int(client.head(location, headers={"Tus-Resumable": "1.0.0"})["Upload-Offset"])


@pytest.fixture
def setting(tmp_path):
    producer = ProducerFactory()
    offering = OfferingFactory(producer=producer, kind=Offering.Kind.RECORDING)
    client = Client()
    client.force_login(member_of(producer))
    return {"client": client, "offering": offering, "producer": producer, "tmp": tmp_path}


def drop_mid_body(live_server, cookie: str, location: str, offset: int, chunk: bytes) -> None:
    """Send a PATCH that declares the whole chunk, send a third of it, and hang up."""
    host, port = live_server.url.removeprefix("http://").split(":")
    head = (
        f"PATCH {location} HTTP/1.1\r\nHost: {host}:{port}\r\n"
        f"Cookie: sessionid={cookie}; csrftoken={CSRF}\r\nX-CSRFToken: {CSRF}\r\n"
        "Tus-Resumable: 1.0.0\r\nContent-Type: application/offset+octet-stream\r\n"
        f"Upload-Offset: {offset}\r\nContent-Length: {len(chunk)}\r\n\r\n"
    ).encode()
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(head + chunk[: len(chunk) // 3])
        connection.shutdown(socket.SHUT_WR)
        connection.recv(1024)  # wait until the server has dealt with the short body


def test_an_upload_survives_dropped_connections_and_becomes_a_video(setting, live_server):
    client, offering = setting["client"], setting["offering"]
    data = make_clip(setting["tmp"] / "clip.mp4", seconds=4).read_bytes()
    response = start(client, offering, len(data))
    assert response.status_code == 201 and response["Tus-Resumable"] == "1.0.0"
    location = response["Location"]
    cookie = client.cookies["sessionid"].value

    offset = 0
    interruptions = 0
    while offset < len(data):
        chunk = data[offset : offset + CHUNK]
        if interruptions < 3 and offset > 0:
            drop_mid_body(live_server, cookie, location, offset, chunk)
            interruptions += 1
            resumed = head_offset(client, location)
            assert offset < resumed < offset + len(chunk), "what arrived is kept, nothing more"
            offset = resumed
            continue
        response = patch(client, location, offset, chunk)
        assert response.status_code == 204, response.content
        offset = int(response["Upload-Offset"])
    assert interruptions == 3
    assert response["Lampio-Upload-Status"] == "done"
    video = VideoAsset.objects.get(offering=offering)
    assert video.status == VideoAsset.Status.UPLOADED
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    video.refresh_from_db()
    assert video.status == VideoAsset.Status.READY, video.error


def test_a_patch_at_the_wrong_offset_is_refused_and_changes_nothing(setting):
    client = setting["client"]
    location = start(client, setting["offering"], 1000)["Location"]
    assert patch(client, location, 0, b"x" * 100).status_code == 204
    response = patch(client, location, 50, b"y" * 100)
    assert response.status_code == 409
    with translation.override("fi"):
        assert "väärästä kohdasta" in response.json()["message"]
    assert head_offset(client, location) == 100


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda tmp: b"Tama on tekstia eika videota.\n" * 200, "not a video file"),
        (lambda tmp: make_clip(tmp / "c.mp4", seconds=3).read_bytes()[:3000], "not a video file"),
    ],
    ids=["renamed text file", "corrupted video"],
)
def test_a_complete_upload_that_is_not_a_video_is_rejected_with_a_message(setting, make, fragment):
    client = setting["client"]
    data = make(setting["tmp"])
    location = start(client, setting["offering"], len(data))["Location"]
    response = patch(client, location, 0, data)
    assert response["Lampio-Upload-Status"] == "rejected"
    with translation.override("en"):
        status = client.get(location).json()
    assert status["status"] == "rejected"
    assert not VideoAsset.objects.exists(), "nothing is published or half-created"


def test_empty_and_over_size_uploads_are_refused(setting):
    client = setting["client"]
    assert start(client, setting["offering"], 0).status_code == 400
    assert start(client, setting["offering"], 21 * 1024**3).status_code == 413
    assert not Upload.objects.exists()


def test_more_bytes_than_declared_are_refused(setting):
    client = setting["client"]
    location = start(client, setting["offering"], 100)["Location"]
    assert patch(client, location, 0, b"z" * 101).status_code == 413
    assert head_offset(client, location) == 0


def test_producers_cannot_upload_to_or_continue_another_organisations_upload(setting):
    other_producer = ProducerFactory()
    outsider = Client()
    outsider.force_login(member_of(other_producer, "toinen"))
    assert start(outsider, setting["offering"], 1000).status_code == 403
    location = start(setting["client"], setting["offering"], 1000)["Location"]
    assert patch(outsider, location, 0, b"x" * 10).status_code == 404
    assert outsider.head(location).status_code == 404
    assert Client().post("/studio/uploads/").status_code == 302  # anonymous: log in first


def test_two_final_parts_at_once_make_one_recording(setting):
    """Two requests that both loaded the upload before either finished (two tabs, a retry
    racing the original) continue from the same offset: one wins, the other is refused."""
    import io

    from lampio.core.refusals import RefusedError
    from lampio.media.uploads import upload_append

    clip = make_clip(setting["tmp"] / "clip.mp4", seconds=2).read_bytes()
    client = setting["client"]
    location = start(client, setting["offering"], len(clip))["Location"]
    upload = Upload.objects.get()
    first, second = Upload.objects.get(pk=upload.pk), Upload.objects.get(pk=upload.pk)
    upload_append(upload=first, offset=0, stream=io.BytesIO(clip), content_length=len(clip))
    with pytest.raises(RefusedError):
        upload_append(upload=second, offset=0, stream=io.BytesIO(clip), content_length=len(clip))
    assert VideoAsset.objects.filter(offering=setting["offering"]).count() == 1
    assert head_offset(client, location) == len(clip)
