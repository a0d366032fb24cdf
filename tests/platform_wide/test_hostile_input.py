"""Hostile input through the real paths down to the database (PostgreSQL in the second CI
pass, which refuses NUL and over-long values that SQLite keeps): whatever is typed, the
answer is a page or a refusal, never a 500, and nothing is half saved."""

import base64
import json
import uuid

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lampio.accounts.models import ProducerMembership
from lampio.core.refusals import RefusedError
from lampio.foyer.models import Message
from lampio.foyer.rules import check_text
from lampio.foyer.schema import parse_client_event
from lampio.foyer.services import messages_save, seat_person
from lampio.media.models import Upload
from lampio.programme.models import Offering
from tests.accounts.factories import UserFactory
from tests.programme.factories import OfferingFactory, ProducerFactory
from tests.support.foyer import open_foyer

pytestmark = pytest.mark.django_db

HOSTILE = st.one_of(
    st.text(max_size=400),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=60).map(lambda t: t * 5),
    st.sampled_from(["\x00", "a\x00b", "\r\nBcc: x@example.org", "\u202e", "A" * 151, "ä" * 400]),
)
# A lone surrogate cannot travel in a form post (UTF-8 cannot carry it); over the WebSocket it
# arrives inside JSON as "\ud800".
HOSTILE_WITH_SURROGATES = st.one_of(HOSTILE, st.just("\ud800"), st.just("a\udfffb"))
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(name=HOSTILE, display_name=HOSTILE)
def test_the_profile_form_stores_what_it_accepts_and_refuses_the_rest(name, display_name):
    user = UserFactory(username=f"p-{uuid.uuid4().hex[:8]}", name="Aino")
    client = Client()
    client.force_login(user)
    response = client.post(
        "/accounts/me/",
        {"form": "profile", "name": name, "display_name": display_name, "language": "fi"},
    )
    assert response.status_code in (200, 302)
    user.refresh_from_db()
    if response.status_code == 200:  # refused: nothing of it saved
        assert user.name == "Aino"
    assert "\x00" not in user.name and "\n" not in user.name and len(user.name) <= 150
    assert "\x00" not in user.display_name and len(user.display_name) <= 60


@SETTINGS
@given(text=HOSTILE_WITH_SURROGATES)
def test_a_chat_text_the_schema_and_checks_accept_is_stored(text):
    foyer = open_foyer()
    user = UserFactory(username=f"c-{uuid.uuid4().hex[:8]}", display_name="Aino")
    table = seat_person(foyer=foyer, user=user).table
    frame = json.dumps({"type": "chat", "text": text})  # as the browser sends it
    try:
        event = parse_client_event(frame)
        check_text(event.text)
    except RefusedError:
        return
    message = Message(foyer=foyer, table=table, author=user, author_name="Aino", text=event.text)
    (saved,) = messages_save(messages=[message])
    assert saved is not None and Message.objects.get(pk=saved.pk).text == event.text


def test_a_row_no_database_can_take_loses_nobody_elses_message():
    """Defence behind the schema: even a text that cannot be encoded fails alone."""
    foyer = open_foyer()
    user = UserFactory(username="batch", display_name="Aino")
    table = seat_person(foyer=foyer, user=user).table
    texts = ["Ensin", "rikki \ud800", "Sitten"]
    batch = [
        Message(foyer=foyer, table=table, author=user, author_name="Aino", text=text)
        for text in texts
    ]
    saved = messages_save(messages=batch)
    assert [m.text if m else None for m in saved] == ["Ensin", None, "Sitten"]


@SETTINGS
@given(filename=HOSTILE, length=st.one_of(st.integers(), st.text(max_size=12)))
def test_an_upload_start_with_any_name_and_length_is_answered(filename, length):
    producer = ProducerFactory()
    user = UserFactory(username=f"u-{uuid.uuid4().hex[:8]}")
    ProducerMembership.objects.create(user=user, producer=producer)
    offering = OfferingFactory(producer=producer, kind=Offering.Kind.RECORDING)
    client = Client()
    client.force_login(user)
    encoded = base64.b64encode(filename.encode("utf-8", "surrogatepass")).decode()
    slug = base64.b64encode(offering.slug.encode()).decode()
    response = client.post(
        "/studio/uploads/",
        headers={
            "Tus-Resumable": "1.0.0",
            "Upload-Length": str(length),
            "Upload-Metadata": f"offering {slug},filename {encoded}",
        },
    )
    assert response.status_code in (201, 400, 413)
    for upload in Upload.objects.filter(offering=offering):
        assert "\x00" not in upload.filename and len(upload.filename) <= 255
