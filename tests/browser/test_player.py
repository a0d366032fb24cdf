"""A recording made with ffmpeg is transcoded by the worker and played in Chromium."""

import time

import pytest
from django.core.management import call_command

from lampio.media.services import caption_track_add, video_asset_create
from lampio.programme.models import Offering
from tests.browser.conftest import axe_violations
from tests.programme.factories import OfferingFactory
from tests.support.media_files import SRT, make_clip

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def recording(tmp_path, season):
    offering = OfferingFactory(
        slug="tallenne", title="Tallenne", title_fi="Tallenne", kind=Offering.Kind.RECORDING
    )
    asset = video_asset_create(
        offering=offering, source=make_clip(tmp_path / "clip.mp4", seconds=12), filename="clip.mp4"
    )
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    caption_track_add(video=asset, language="fi", data=SRT.encode())
    return offering


def test_senior_presses_watch_and_the_recording_plays_with_captions(page, recording):
    page.goto("/programme/tallenne/")
    page.get_by_role("link", name="Katso").click()
    page.wait_for_url("**/watch/")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Katso").click()
    # Polled from Python: wait_for_function would need eval, which the page's CSP forbids.
    deadline = time.monotonic() + 20
    while page.evaluate("document.querySelector('video').currentTime") <= 1.5:
        assert time.monotonic() < deadline, "the video did not play"
        page.wait_for_timeout(200)
    assert page.get_by_role("button", name="Tauko").is_visible()
    assert page.evaluate("document.querySelector('video').textTracks.length") == 1
    assert page.evaluate("document.querySelector('video').textTracks[0].mode") == "showing"
    captions = page.get_by_role("button", name="Tekstitys")
    assert captions.get_attribute("aria-pressed") == "true"
    captions.click()
    assert captions.get_attribute("aria-pressed") == "false"
    assert page.evaluate("document.querySelector('video').textTracks[0].mode") == "disabled"
    before = page.evaluate("document.querySelector('video').currentTime")
    page.focus("video")
    page.keyboard.press("ArrowRight")
    after = page.evaluate("document.querySelector('video').currentTime")
    assert after >= before + 9
    assert page.csp_violations == []


@pytest.mark.parametrize("language", ["/sv", "/en"])
def test_player_page_has_zero_axe_violations_in_swedish_and_english(page, recording, language):
    page.goto(f"{language}/programme/tallenne/watch/")
    assert axe_violations(page) == []


@pytest.fixture
def live_origin(settings):
    """The embedded default's live origin, writing a live HLS stream into the test's media."""
    from pathlib import Path

    from lampio.demo.live_origin import (
        demo_stream_directory,
        live_origin_start,
        live_origin_stop,
    )

    process = live_origin_start(Path(settings.MEDIA_ROOT))
    playlist = demo_stream_directory(Path(settings.MEDIA_ROOT)) / "index.m3u8"
    deadline = time.monotonic() + 30
    while not (playlist.exists() and playlist.read_text().count(".ts") >= 2):
        assert time.monotonic() < deadline, "the live origin made no segments"
        time.sleep(0.2)
    yield
    live_origin_stop(process)


def test_a_live_broadcast_plays_live_and_says_so(page, live_origin):
    from datetime import timedelta

    from django.utils import timezone

    from lampio.demo.live_origin import demo_stream_url
    from tests.programme.factories import ShowingFactory

    offering = OfferingFactory(
        slug="suora", title="Suora konsertti", title_fi="Suora konsertti", kind=Offering.Kind.LIVE
    )
    now = timezone.now()
    ShowingFactory(
        offering=offering,
        starts_at=now - timedelta(minutes=5),
        ends_at=now + timedelta(minutes=55),
        doors_open_at=now - timedelta(minutes=35),
        stream_url=demo_stream_url(),
    )
    page.goto("/programme/suora/")
    page.get_by_role("link", name="Katso").click()
    page.wait_for_url("**/watch/")
    status = page.locator("[data-status]")
    deadline = time.monotonic() + 20
    while status.get_attribute("data-state") != "live":
        assert time.monotonic() < deadline, f"not live: {status.text_content()}"
        page.wait_for_timeout(200)
    assert status.text_content().strip() == "Suorana nyt"
    page.get_by_role("button", name="Katso").click()
    # hls.js starts at the live edge (somewhere in the rolling window): playing means the
    # position moves on from where it began.
    playing_time = "document.querySelector('video').currentTime"
    deadline = time.monotonic() + 20
    while page.evaluate(playing_time) == 0:
        assert time.monotonic() < deadline, "the live stream did not start"
        page.wait_for_timeout(200)
    started_at = page.evaluate(playing_time)
    while page.evaluate(playing_time) < started_at + 2:
        assert time.monotonic() < deadline + 10, "the live stream did not play on"
        page.wait_for_timeout(200)
    assert page.get_by_role("button", name="Tauko").is_visible()
    assert axe_violations(page) == []
    assert page.csp_violations == []


def test_a_premiere_that_has_ended_says_so_and_stays_as_a_recording(page, tmp_path):
    """The premiere's length is its video's (not the 45 minutes typed before): when the video
    is over, so is the premiere, for the page that is open and for the lists."""
    from datetime import timedelta

    from django.utils import timezone

    from lampio.media.services import video_transcode_run
    from lampio.programme.durations import offering_duration_follow_video
    from tests.programme.factories import ShowingFactory

    offering = OfferingFactory(
        slug="lyhyt-ensi-ilta",
        title="Lyhyt ensi-ilta",
        title_fi="Lyhyt ensi-ilta",
        kind=Offering.Kind.PREMIERE,
        duration_minutes=45,
    )
    video = video_asset_create(
        offering=offering, source=make_clip(tmp_path / "e.mp4", seconds=6), filename="e.mp4"
    )
    video_transcode_run(asset_id=video.pk)
    now = timezone.now()
    showing = ShowingFactory(
        offering=offering,
        starts_at=now,
        ends_at=now + timedelta(minutes=45),
        doors_open_at=now - timedelta(minutes=30),
        video=video,
    )
    offering_duration_follow_video(offering=offering)
    showing.refresh_from_db()
    assert (showing.ends_at - showing.starts_at).total_seconds() < 7
    page.goto("/programme/lyhyt-ensi-ilta/watch/")
    page.get_by_role("button", name="Katso", exact=True).click()
    status = page.locator("[data-status]")
    deadline = time.monotonic() + 20
    while "Ensi-ilta on päättynyt" not in (status.text_content() or ""):
        assert time.monotonic() < deadline, f"still: {status.text_content()}"
        page.wait_for_timeout(250)
    assert "yhdessä" not in status.text_content()
    page.goto("/")
    assert "Lyhyt ensi-ilta" not in page.locator("main").text_content()
    page.goto("/programme/lyhyt-ensi-ilta/watch/")
    assert page.locator("[data-player]").get_attribute("data-mode") == "recording"


VIDEO_BOX = (
    "(() => { const r = document.querySelector('video').getBoundingClientRect();"
    " return [r.top, r.bottom, r.height]; })()"
)


@pytest.mark.parametrize("text_size", ["normal", "large", "xlarge"])
def test_on_an_upright_tablet_the_video_and_its_controls_fit_the_first_screen(
    browser, live_server, recording, text_size
):
    """An upright tablet (820 × 1180) at every text size: the video, Katso and Tekstitys are
    on the first screen; scrolling down to the foyer keeps the playing video in sight."""
    from tests.browser.conftest import fresh_page

    page = fresh_page(browser, live_server.url)
    page.set_viewport_size({"width": 820, "height": 1180})
    page.context.add_cookies([{"name": "lampio_text", "value": text_size, "url": live_server.url}])
    page.goto("/programme/tallenne/watch/")
    assert page.evaluate("document.documentElement.className").startswith(f"text-{text_size}")
    top, bottom, height = page.evaluate(VIDEO_BOX)
    assert height > 300 and bottom <= 1180, (top, bottom)
    for name in ("Katso", "Tekstitys"):
        box = page.get_by_role("button", name=name, exact=True).bounding_box()
        assert box["y"] + box["height"] <= 1180, (name, box)
    page.get_by_role("button", name="Katso", exact=True).click()
    page.locator("#foyer").scroll_into_view_if_needed()
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(500)
    assert page.evaluate("window.scrollY") > 300, "the page scrolled down to the foyer"
    top, bottom, height = page.evaluate(VIDEO_BOX)
    assert top >= 0 and bottom <= 1180 and height > 200, (top, bottom, height)
    assert page.locator("#foyer h2").first.is_visible()
    assert axe_violations(page) == []
    page.context.close()


def test_a_hidden_foyer_stays_hidden_after_a_reload(page, recording):
    page.goto("/programme/tallenne/watch/")
    page.get_by_role("button", name="Piilota lämpiö").click()
    assert page.locator("#foyer").is_hidden()
    page.reload()
    assert page.locator("#foyer").is_hidden()
    page.get_by_role("button", name="Näytä lämpiö").click()
    page.reload()
    assert page.locator("#foyer").is_visible()


@pytest.fixture
def two_renditions(tmp_path, season):
    offering = OfferingFactory(
        slug="kaksi-laatua", title="Kaksi laatua", title_fi="Kaksi laatua",
        kind=Offering.Kind.RECORDING,
    )  # fmt: skip
    video_asset_create(
        offering=offering,
        source=make_clip(tmp_path / "clip.mp4", seconds=12, size="960x540"),
        filename="clip.mp4",
    )
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    return offering


@pytest.mark.parametrize("slow", [True, False], ids=["weak broadband", "good broadband"])
def test_a_slow_first_segment_starts_on_the_lightest_picture(page, two_renditions, slow):
    if slow:  # a care home's weak line: about 0.5 Mbit/s
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": 150, "downloadThroughput": 60_000,
             "uploadThroughput": 60_000},
        )  # fmt: skip
    page.goto("/programme/kaksi-laatua/watch/")
    page.get_by_role("button", name="Katso").click()
    deadline = time.monotonic() + 60
    while page.evaluate("document.querySelector('video').currentTime") <= 1:
        assert time.monotonic() < deadline, "the video did not play"
        page.wait_for_timeout(250)
    slow_start = page.evaluate("document.querySelector('video').dataset.slowStart || ''")
    assert slow_start == ("true" if slow else "")
    if slow:
        assert page.evaluate("document.querySelector('video').dataset.level") == "0"
