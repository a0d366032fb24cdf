"""A paid offering's video is served only to ticket holders, through signed expiring
addresses that cover the master playlist, the variant playlists, the segments and the
captions; its foyer admits only ticket holders and hosts. Free offerings stay as public as
before."""

from unittest import mock

import pytest
from asgiref.sync import sync_to_async
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client

from lampio.accounts.models import ProducerMembership
from lampio.foyer.local import shared
from lampio.foyer.services import foyer_for_showing
from lampio.media.models import CaptionTrack, VideoAsset
from lampio.media.signing import SIGNED_FOR, media_token
from lampio.programme.models import Offering
from lampio.tickets.services import ticket_buy
from tests.accounts.factories import UserFactory
from tests.programme.factories import OfferingFactory, ShowingFactory
from tests.support.foyer import communicator, connected, session_cookie

from .factories import top_up

LADDER = "hls/{pk}/5e5e5e5e"
MASTER = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=400000\n360p/index.m3u8\n"
VARIANT = "#EXTM3U\n#EXTINF:4.0,\nseg_00001.ts\n#EXT-X-ENDLIST\n"


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _recording(price_cents: int, slug: str) -> tuple[Offering, list[str]]:
    offering = OfferingFactory(
        kind=Offering.Kind.RECORDING, status="published", price_cents=price_cents, slug=slug
    )
    video = VideoAsset.objects.create(offering=offering, status=VideoAsset.Status.READY)
    ladder = LADDER.format(pk=video.pk)
    video.playlist = f"{ladder}/master.m3u8"
    video.save()
    files = {
        video.playlist: MASTER,
        f"{ladder}/360p/index.m3u8": VARIANT,
        f"{ladder}/360p/seg_00001.ts": "G" * 188,
    }
    for name, content in files.items():
        default_storage.save(name, ContentFile(content.encode()))
    track = CaptionTrack(video=video, language="fi", label="suomi")
    track.vtt.save("fi.vtt", ContentFile(b"WEBVTT\n"), save=False)
    track.save()
    return offering, [*files, track.vtt.name]


@pytest.fixture
def paid(db):
    from lampio.media.access import media_forget

    media_forget()
    offering, files = _recording(800, "maksullinen")
    holder = UserFactory(username="lipullinen")
    top_up(holder, 800)
    ticket_buy(person=holder, offering=offering, idempotency_key="k")
    return offering, files, holder


def _signed_addresses(client, offering) -> tuple[str, str]:
    """The playlist's and the captions' signed addresses from the holder's watch page."""
    page = client.get(f"/programme/{offering.slug}/watch/")
    assert page.status_code == 200
    return page.context["source"], page.context["captions"][0]["src"]


@pytest.mark.django_db
def test_without_a_ticket_the_watch_page_leads_to_buying(paid):
    offering, _files, _holder = paid
    for client in (_client(), _client(UserFactory(username="ilman"))):
        response = client.get(f"/programme/{offering.slug}/watch/")
        assert response.status_code == 302
        assert response["Location"].endswith(f"/tickets/buy/{offering.slug}/")


@pytest.mark.django_db
def test_without_a_ticket_every_file_of_the_ladder_is_refused(paid):
    offering, files, holder = paid
    for client in (_client(), _client(UserFactory(username="ilman")), _client(holder)):
        for name in files:  # master, variant, segment and captions, at their plain address
            assert client.get(f"/media/{name}").status_code == 404, name


@pytest.mark.django_db
def test_with_a_ticket_master_variant_segment_and_captions_come_through_one_signature(paid):
    offering, files, holder = paid
    client = _client(holder)
    source, captions = _signed_addresses(client, offering)
    assert source.startswith("/media/t/") and source.endswith("/master.m3u8")
    master = client.get(source)
    assert master.status_code == 200
    assert b"360p/index.m3u8" in b"".join(master.streaming_content)
    assert "private" in master["Cache-Control"]
    folder = source.rsplit("/", 1)[0]
    # The relative addresses in the playlists resolve under the same token.
    assert client.get(f"{folder}/360p/index.m3u8").status_code == 200
    assert client.get(f"{folder}/360p/seg_00001.ts").status_code == 200
    assert _client(None).get(f"{folder}/360p/seg_00001.ts").status_code == 200  # the token
    assert client.get(captions).status_code == 200


@pytest.mark.django_db
def test_a_token_opens_only_its_own_folder_and_expires(paid):
    offering, files, holder = paid
    other, other_files = _recording(800, "toinen")
    source, captions = _signed_addresses(_client(holder), offering)
    token = source.split("/")[3]
    anyone = _client()
    assert anyone.get(f"/media/t/{token}/{other_files[1]}").status_code == 404
    assert anyone.get(f"/media/t/{token}/{files[0].rsplit('/', 1)[0]}/../x.ts").status_code == 404
    caption_token = captions.split("/")[3]
    assert anyone.get(f"/media/t/{caption_token}/{files[2]}").status_code == 404
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert anyone.get(f"/media/t/{forged}/{files[0]}").status_code == 404
    import time

    long_ago = time.time() - SIGNED_FOR.total_seconds() - 60
    with mock.patch("django.core.signing.time.time", return_value=long_ago):
        expired = media_token(files[0].rsplit("/", 1)[0] + "/", holder_id=holder.pk)
    assert anyone.get(f"/media/t/{expired}/{files[0]}").status_code == 404


@pytest.mark.django_db
def test_the_producer_previews_without_a_ticket(paid):
    offering, files, _holder = paid
    member = UserFactory(username="tekija")
    ProducerMembership.objects.create(user=member, producer=offering.producer)
    client = _client(member)
    assert client.get(f"/programme/{offering.slug}/watch/").status_code == 200
    assert client.get(f"/media/{files[2]}").status_code == 200


@pytest.mark.django_db
def test_a_free_recording_stays_public_and_cacheable():
    free, files = _recording(0, "ilmainen")
    page = _client().get(f"/programme/{free.slug}/watch/")
    assert page.status_code == 200
    assert page.context["source"] == f"/media/{files[0]}"
    segment = _client().get(f"/media/{files[2]}")
    assert segment.status_code == 200
    assert "private" not in segment.get("Cache-Control", "")


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_a_paid_showings_foyer_admits_ticket_holders_and_hosts_only():
    def setup():
        offering = OfferingFactory(kind=Offering.Kind.LIVE, status="published", price_cents=900)
        showing = ShowingFactory(offering=offering)
        holder = UserFactory(username="lipullinen")
        top_up(holder, 900)
        ticket_buy(person=holder, offering=offering, showing=showing, idempotency_key="k")
        late = UserFactory(username="myohainen")
        top_up(late, 900)
        return offering, showing, foyer_for_showing(showing=showing), holder, late

    offering, showing, foyer, holder, late = await sync_to_async(setup)()
    shared.clear()
    socket, welcome = await connected(foyer.pk, await sync_to_async(session_cookie)(holder))
    assert welcome["me"]["user_id"] == holder.pk
    for cookie in (await sync_to_async(session_cookie)(late), None):
        refused = communicator(foyer.pk, cookie)
        admitted, code = await refused.connect()
        assert not admitted and code == 4404
    # She buys while the foyer is open (its state already read): she is let in at once.
    await sync_to_async(ticket_buy)(
        person=late, offering=offering, showing=showing, idempotency_key="k"
    )
    late_socket, welcome = await connected(foyer.pk, await sync_to_async(session_cookie)(late))
    assert welcome["me"]["user_id"] == late.pk
    await socket.disconnect()
    await late_socket.disconnect()
