"""Video conversation at a table through Jitsi (no Jitsi server needed: the token's claims and
the page's configuration are what the platform owns)."""

from datetime import timedelta

import jwt
import pytest
from django.test import Client
from django.utils import timezone

from lampio.foyer.jitsi import table_room, video_token
from lampio.foyer.models import Seat
from lampio.foyer.services import seat_person
from tests.support.foyer import open_foyer, person

pytestmark = pytest.mark.django_db

JITSI = {"JITSI_DOMAIN": "meet.lampio.example", "JITSI_APP_ID": "lampio", "JITSI_APP_SECRET": "s3"}


def test_the_token_names_the_room_and_the_person_and_expires_soon(settings):
    for name, value in JITSI.items():
        setattr(settings, name, value)
    aino = person("aino")
    now = timezone.now()
    token = video_token(user=aino, room="lampio-7-abcde", now=now)
    claims = jwt.decode(token, "s3", algorithms=["HS256"], audience="jitsi")
    assert claims["room"] == "lampio-7-abcde"
    assert claims["iss"] == "lampio" and claims["sub"] == "meet.lampio.example"
    assert claims["context"]["user"] == {"id": str(aino.pk), "name": "Aino, Tampere"}
    assert claims["exp"] - int(now.timestamp()) == 600
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, "wrong", algorithms=["HS256"], audience="jitsi")
    expired = video_token(user=aino, room="r", now=now - timedelta(minutes=11))
    with pytest.raises(jwt.ExpiredSignatureError):
        jwt.decode(expired, "s3", algorithms=["HS256"], audience="jitsi")


def test_a_seated_person_gets_their_own_tables_room(settings, no_page_cache):
    for name, value in JITSI.items():
        setattr(settings, name, value)
    foyer = open_foyer()
    aino = person("aino")
    seat = seat_person(foyer=foyer, user=aino)
    client = Client()
    client.force_login(aino)
    page = client.get(f"/programme/{foyer.offering.slug}/watch/").content.decode()
    assert 'data-jitsi-domain="meet.lampio.example"' in page
    assert f'data-video-token-url="/foyer/{foyer.pk}/video/"' in page
    answer = client.post(f"/foyer/{foyer.pk}/video/").json()
    assert answer["domain"] == "meet.lampio.example"
    assert answer["room"] == table_room(foyer.pk, seat.table.code)
    claims = jwt.decode(answer["jwt"], "s3", algorithms=["HS256"], audience="jitsi")
    assert claims["room"] == answer["room"]
    # Someone not seated in this foyer gets nothing; neither does a visitor.
    eino = person("eino")
    other = Client()
    other.force_login(eino)
    assert other.post(f"/foyer/{foyer.pk}/video/").status_code == 404
    assert Client().post(f"/foyer/{foyer.pk}/video/").status_code == 302
    assert Seat.objects.count() == 1


def test_without_jitsi_there_is_no_video_button(no_page_cache):
    foyer = open_foyer()
    page = Client().get(f"/programme/{foyer.offering.slug}/watch/").content.decode()
    assert 'data-video-token-url=""' in page
    aino = person("aino")
    seat_person(foyer=foyer, user=aino)
    client = Client()
    client.force_login(aino)
    assert client.post(f"/foyer/{foyer.pk}/video/").status_code == 404
