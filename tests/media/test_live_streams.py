"""Live broadcasts: the platform reads the producer's HLS playlist (served here by a real
local HTTP server) and tells the audience "Live now", "Starting soon" or "a problem"."""

import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client
from django.utils import timezone

from lampio.media.streams import (
    AudienceState,
    stream_audience_state,
    stream_health_check,
    stream_health_refresh,
    stream_origin_allowed,
    stream_url_fetchable,
)
from lampio.programme.models import Offering, StreamState
from tests.accounts.factories import UserFactory
from tests.programme.factories import OfferingFactory, ShowingFactory

pytestmark = pytest.mark.django_db


class Origin:
    """A tiny streaming origin: each request for live.m3u8 may move the playlist on."""

    def __init__(self):
        self.sequence = 100
        self.advance = True
        self.ended = False
        self.status = 200
        self.hits = 0
        self.elsewhere = ""  # where /redirect.m3u8 and /elsewhere-master.m3u8 point
        origin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                origin.hits += 1
                if self.path == "/master.m3u8":
                    body = (
                        "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\n"
                        "360p/live.m3u8\n"
                    )
                elif self.path.endswith("live.m3u8"):
                    if origin.advance:
                        origin.sequence += 1
                    body = "#EXTM3U\n#EXT-X-TARGETDURATION:4\n"
                    body += f"#EXT-X-MEDIA-SEQUENCE:{origin.sequence}\n"
                    for n in range(3):
                        body += f"#EXTINF:4.0,\nseg{origin.sequence + n}.ts\n"
                    if origin.ended:
                        body += "#EXT-X-ENDLIST\n"
                elif self.path == "/redirect.m3u8":
                    self.send_response(302)
                    self.send_header("Location", origin.elsewhere)
                    self.end_headers()
                    return
                elif self.path == "/elsewhere-master.m3u8":
                    body = f"#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n{origin.elsewhere}\n"
                elif self.path == "/page.m3u8":
                    body = "<html>Not found</html>"
                else:
                    self.send_response(404)
                    self.end_headers()
                    return
                data = body.encode()
                self.send_response(origin.status)
                self.send_header("Content-Type", "application/vnd.apple.mpegurl")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def origin(settings):
    server = Origin()
    # The test's streaming server is on this machine: allowed by name, and private
    # addresses allowed explicitly.
    settings.LIVE_STREAM_ORIGINS = [server.base]
    settings.LIVE_STREAM_PRIVATE_ADDRESSES = True
    yield server
    server.server.shutdown()


def live_showing(url: str, *, starts_in=timedelta(minutes=-5)):
    offering = OfferingFactory(kind=Offering.Kind.LIVE)
    now = timezone.now()
    return ShowingFactory(
        offering=offering,
        starts_at=now + starts_in,
        ends_at=now + starts_in + timedelta(minutes=60),
        doors_open_at=now + starts_in - timedelta(minutes=30),
        stream_url=url,
    )


def test_an_advancing_stream_is_live_and_a_stuck_one_is_a_problem(origin):
    showing = live_showing(f"{origin.base}/live.m3u8")
    now = timezone.now()
    stream_health_check(showing, now=now)
    assert showing.stream_state == StreamState.OK
    assert stream_audience_state(showing, now=now) == AudienceState.LIVE
    stream_health_check(showing, now=now + timedelta(seconds=10))
    assert showing.stream_state == StreamState.OK
    # The encoder stops: the playlist no longer moves on.
    origin.advance = False
    stream_health_check(showing, now=now + timedelta(seconds=20))
    assert showing.stream_state == StreamState.OK, "one unchanged reading is not yet a problem"
    stream_health_check(showing, now=now + timedelta(seconds=45))
    assert showing.stream_state == StreamState.PROBLEM
    assert stream_audience_state(showing, now=now) == AudienceState.PROBLEM
    showing.refresh_from_db()
    assert showing.stream_state == StreamState.PROBLEM, "the state is recorded"


def test_a_master_playlist_is_followed_to_its_first_variant(origin):
    showing = live_showing(f"{origin.base}/master.m3u8")
    stream_health_check(showing)
    assert showing.stream_state == StreamState.OK
    assert showing.stream_marker.endswith(".ts")


@pytest.mark.parametrize("path", ["/missing.m3u8", "/page.m3u8"])
def test_missing_or_broken_playlists_are_a_problem(origin, path):
    showing = live_showing(f"{origin.base}{path}")
    stream_health_check(showing)
    assert showing.stream_state == StreamState.PROBLEM


def test_an_unreachable_server_is_a_problem():
    showing = live_showing("http://127.0.0.1:9/live.m3u8")
    stream_health_check(showing)
    assert showing.stream_state == StreamState.PROBLEM


def test_the_end_of_the_broadcast_is_recognised(origin):
    showing = live_showing(f"{origin.base}/live.m3u8")
    origin.ended = True
    stream_health_check(showing)
    assert showing.stream_state == StreamState.ENDED
    assert stream_audience_state(showing) == AudienceState.ENDED


def test_before_the_start_the_audience_is_told_it_starts_soon(origin):
    showing = live_showing(f"{origin.base}/missing.m3u8", starts_in=timedelta(minutes=20))
    stream_health_check(showing)
    assert showing.stream_state == StreamState.PROBLEM  # the producer sees this in the studio
    assert stream_audience_state(showing) == AudienceState.SOON


def test_many_viewers_asking_at_once_cause_one_check(origin):
    showing = live_showing(f"{origin.base}/live.m3u8")
    for _ in range(5):
        stream_health_refresh(showing)
    assert origin.hits == 1
    far = live_showing(f"{origin.base}/live.m3u8", starts_in=timedelta(hours=3))
    stream_health_refresh(far)
    assert origin.hits == 1, "streams are not checked hours before the showing"


def test_the_status_endpoint_tells_the_audience_in_their_language(origin):
    showing = live_showing(f"{origin.base}/live.m3u8")
    result = Client().get(f"/programme/showings/{showing.pk}/status/").json()
    assert result["state"] == "live" and result["text"] == "Suorana nyt"
    assert abs(result["now"] - timezone.now().timestamp()) < 5
    result = Client().get(f"/sv/programme/showings/{showing.pk}/status/").json()
    assert result["text"] == "Direkt nu"
    origin.status = 500
    showing.offering.status = Offering.Status.DRAFT
    showing.offering.save()
    assert Client().get(f"/programme/showings/{showing.pk}/status/").status_code == 404


def test_the_watch_page_plays_the_live_stream(origin, no_page_cache):
    showing = live_showing(f"{origin.base}/live.m3u8")
    html = Client().get(f"/programme/{showing.offering.slug}/watch/").content.decode()
    assert 'data-mode="live"' in html
    assert f'data-src="{origin.base}/live.m3u8"' in html
    assert f'data-status-url="/programme/showings/{showing.pk}/status/"' in html


def test_allowed_streaming_origins_match_with_wildcards(settings):
    settings.LIVE_STREAM_ORIGINS = ["https://*.cdn.example.net", "https://live.example.fi"]
    assert stream_origin_allowed("https://eu.cdn.example.net/a/live.m3u8")
    assert stream_origin_allowed("https://live.example.fi/x.m3u8")
    assert not stream_origin_allowed("http://live.example.fi/x.m3u8")
    assert not stream_origin_allowed("https://live.example.fi.evil.com/x.m3u8")
    assert not stream_origin_allowed("https://cdn.example.net.evil.com/x.m3u8")


def test_after_the_broadcast_the_attached_recording_is_watchable_any_time(origin, no_page_cache):
    from lampio.accounts.models import ProducerMembership
    from lampio.media.models import VideoAsset

    showing = live_showing(f"{origin.base}/live.m3u8", starts_in=timedelta(hours=-3))
    offering = showing.offering
    video = VideoAsset.objects.create(
        offering=offering, status=VideoAsset.Status.READY, playlist="hls/1/x/master.m3u8"
    )
    producer = UserFactory(username="p", name="P", email="p@example.fi")
    ProducerMembership.objects.create(user=producer, producer=offering.producer)
    client = Client()
    client.force_login(producer)
    page = client.get(f"/studio/offerings/{offering.slug}/recording/").content.decode()
    assert "Liitä" in page  # "Attach", the broadcast is offered
    response = client.post(
        f"/studio/offerings/{offering.slug}/recording/",
        {"attach": "1", "video": video.pk, "showing": showing.pk},
    )
    assert response.status_code == 302
    video.refresh_from_db()
    assert video.live_showing == showing
    assert video.captions_due_on == timezone.localdate(showing.starts_at) + timedelta(days=14)
    html = Client().get(f"/programme/{offering.slug}/watch/").content.decode()
    assert 'data-mode="recording"' in html and "master.m3u8" in html


def test_a_premiere_plays_at_the_shared_position(no_page_cache):
    from lampio.media.models import VideoAsset

    offering = OfferingFactory(kind=Offering.Kind.PREMIERE)
    video = VideoAsset.objects.create(
        offering=offering, status=VideoAsset.Status.READY, playlist="hls/2/y/master.m3u8"
    )
    now = timezone.now()
    showing = ShowingFactory(
        offering=offering,
        starts_at=now - timedelta(seconds=90),
        ends_at=now + timedelta(minutes=30),
        doors_open_at=now - timedelta(minutes=30),
        video=video,
    )
    html = Client().get(f"/programme/{offering.slug}/watch/").content.decode()
    assert 'data-mode="premiere"' in html and "data-position-key" not in html
    result = Client().get(f"/programme/showings/{showing.pk}/status/").json()
    assert 89 <= result["position"] <= 95
    assert result["starts_at"] == pytest.approx(showing.starts_at.timestamp())


@pytest.fixture
def internal_service():
    """A service inside the platform's network that must never be reached from outside."""
    server = Origin()
    yield server
    server.server.shutdown()


@pytest.mark.parametrize("path", ["/redirect.m3u8", "/elsewhere-master.m3u8"])
def test_redirects_and_variants_outside_the_allowed_origins_are_not_fetched(
    origin, internal_service, path
):
    origin.elsewhere = f"{internal_service.base}/live.m3u8"
    showing = live_showing(f"{origin.base}{path}")
    stream_health_check(showing)
    assert showing.stream_state == StreamState.PROBLEM
    assert internal_service.hits == 0
    # Anonymous status requests trigger checks: still nothing reaches the inside.
    Client().get(f"/programme/showings/{showing.pk}/status/")
    assert internal_service.hits == 0


def test_private_addresses_are_refused_unless_allowed_explicitly(origin, settings):
    settings.LIVE_STREAM_PRIVATE_ADDRESSES = False
    showing = live_showing(f"{origin.base}/live.m3u8")
    stream_health_check(showing)
    assert showing.stream_state == StreamState.PROBLEM
    assert origin.hits == 0
    for url in (
        "http://127.0.0.1/x.m3u8",
        "http://10.1.2.3/x.m3u8",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/x.m3u8",
        "file:///etc/passwd",
    ):
        settings.LIVE_STREAM_ORIGINS = ["*"]
        assert not stream_url_fetchable(url), url


def test_an_allowed_origin_with_a_public_address_may_be_fetched(settings):
    settings.LIVE_STREAM_ORIGINS = ["https://192.0.2.*", "https://8.8.8.8"]
    settings.LIVE_STREAM_PRIVATE_ADDRESSES = False
    assert stream_url_fetchable("https://8.8.8.8/live.m3u8")
    assert not stream_url_fetchable("https://192.0.2.1/live.m3u8")  # documentation range
    assert not stream_url_fetchable("https://8.8.4.4/live.m3u8")  # not an allowed origin


@pytest.mark.parametrize(
    ("starts_in", "expected"),
    [
        (timedelta(hours=3), "Lähetys alkaa tässä klo"),
        (timedelta(minutes=10), "Lähetys alkaa tässä klo"),
        (timedelta(minutes=-5), "Lähetys ei ole vielä alkanut"),
        (timedelta(minutes=-65), "Lähetys on päättynyt"),
    ],
)
def test_a_live_showing_without_a_stream_address_has_a_watch_page_that_says_what_is_happening(
    no_page_cache, starts_in, expected
):
    showing = live_showing("", starts_in=starts_in)
    slug = showing.offering.slug
    offering_page = Client().get(f"/programme/{slug}/").content.decode()
    assert f'href="/programme/{slug}/watch/"' in offering_page
    response = Client().get(f"/programme/{slug}/watch/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-mode="live"' in html and expected in html
    assert "/ws/foyer/" in html
    status = Client().get(f"/programme/showings/{showing.pk}/status/").json()
    assert expected in status["text"]


def test_a_live_page_is_there_from_a_day_before_until_half_a_day_after(no_page_cache):
    far = live_showing("", starts_in=timedelta(days=2))
    assert Client().get(f"/programme/{far.offering.slug}/watch/").status_code == 404
    long_ago = live_showing("", starts_in=timedelta(hours=-14))
    assert Client().get(f"/programme/{long_ago.offering.slug}/watch/").status_code == 404


def test_a_stream_on_the_platforms_own_media_is_read_from_storage(settings, tmp_path):
    """The embedded default's live origin writes into the media: its playlist is read from
    storage, without any network or LIVE_STREAM_ORIGINS entry, and a path outside the media
    is refused."""
    settings.MEDIA_ROOT = tmp_path
    settings.LIVE_STREAM_ORIGINS = []
    folder = tmp_path / "live" / "demo"
    folder.mkdir(parents=True)
    playlist = folder / "index.m3u8"
    playlist.write_text("#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:7\n#EXTINF:2.0,\nsegment-000007.ts\n")
    showing = live_showing("/media/live/demo/index.m3u8")
    showing = stream_health_check(showing)
    assert showing.stream_state == StreamState.OK
    assert stream_audience_state(showing) == AudienceState.LIVE
    outside = live_showing("/media/../secrets.m3u8")
    assert stream_health_check(outside).stream_state == StreamState.PROBLEM
