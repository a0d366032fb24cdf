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
