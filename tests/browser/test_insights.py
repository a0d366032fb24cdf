"""In Chromium: a senior tells how she feels as a recording begins, watches it to its end,
the feedback card appears and one tap answers it; the player's viewing data reaches the
platform through the beacon API; the dashboards and the card pages have zero axe-core
violations in every language."""

import time

import pytest
from django.core.management import call_command
from django.utils import timezone

from lampio.accounts.models import CoordinatorAssignment, ProducerMembership
from lampio.feedback.models import Feedback, ViewingEvent
from lampio.insights.rollup import recent_days_rollup
from lampio.media.services import video_asset_create
from lampio.municipalities.models import Municipality
from lampio.programme.models import Offering
from tests.accounts.factories import UserFactory
from tests.browser.conftest import axe_violations
from tests.browser.test_accounts import log_in_browser
from tests.programme.factories import OfferingFactory
from tests.support.media_files import make_clip

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def recording(tmp_path, season):
    offering = OfferingFactory(
        slug="lyhyt",
        title="Lyhyt konsertti",
        title_fi="Lyhyt konsertti",
        kind=Offering.Kind.RECORDING,
    )
    video_asset_create(
        offering=offering, source=make_clip(tmp_path / "clip.mp4", seconds=6), filename="clip.mp4"
    )
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    return offering


def until(check, seconds=20, what="the condition"):
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def test_the_card_comes_at_the_end_and_one_tap_answers_it(page, recording):
    helsinki = Municipality.objects.get(slug="helsinki")
    aino = UserFactory(
        username="aino",
        name="Aino",
        display_name="Aino",
        home_municipality=helsinki,
        birth_year_band="1940-1949",
        analytics_consent_at=timezone.now(),
    )
    log_in_browser(page, aino)
    page.goto("/programme/lyhyt/watch/")
    feeling = page.get_by_role("button", name="🙂 Hyvin")
    feeling.wait_for()
    assert axe_violations(page) == []
    feeling.click()
    page.get_by_role("status").filter(has_text="Kiitos! Nauti esityksestä.").wait_for()
    assert Feedback.objects.get(user=aino).mood_before == 4
    page.get_by_role("button", name="Katso").click()
    face = page.get_by_role("button", name="😄 Erittäin hyvä")
    face.wait_for(timeout=30000)
    assert axe_violations(page) == []
    until(
        lambda: page.evaluate("document.querySelector('video').ended"), what="the end of the video"
    )
    face.click()
    page.wait_for_url("**/lyhyt/feedback/")
    assert Feedback.objects.get(user=aino).rating == 5
    # Leaving the watch page sent the player's events with the beacon API.
    until(
        lambda: ViewingEvent.objects.filter(user=aino, kind=ViewingEvent.Kind.COMPLETE).exists(),
        what="the beacon",
    )
    kinds = set(ViewingEvent.objects.filter(user=aino).values_list("kind", flat=True))
    assert {ViewingEvent.Kind.PLAY, ViewingEvent.Kind.COMPLETE} <= kinds
    playing = (ViewingEvent.Kind.HEARTBEAT, ViewingEvent.Kind.COMPLETE)
    played = sum(
        ViewingEvent.objects.filter(user=aino, kind__in=playing).values_list("value", flat=True)
    )
    assert 4 <= played <= 8  # a six-second clip, played once
    assert axe_violations(page) == []
    page.get_by_text("😄 Erittäin hyvin").last.click()
    page.get_by_role("button", name="Lähetä palaute").click()
    page.wait_for_url("**/accounts/me/watched/")
    answer = Feedback.objects.get(user=aino)
    assert (answer.rating, answer.mood_before, answer.mood_after) == (5, 4, 5)
    assert page.get_by_role("link", name="Muuta palautettani").is_visible()
    assert axe_violations(page) == []
    assert page.csp_violations == []


@pytest.mark.parametrize("language", ["", "/sv", "/en"], ids=["fi", "sv", "en"])
def test_dashboards_have_zero_axe_violations(page, recording, language):
    helsinki = Municipality.objects.get(slug="helsinki")
    producer = UserFactory(username="p", name="P", display_name="P")
    ProducerMembership.objects.create(user=producer, producer=recording.producer)
    coordinator = UserFactory(username="c", name="C", display_name="C")
    CoordinatorAssignment.objects.create(user=coordinator, municipality=helsinki)
    from lampio.feedback.models import Feedback as FeedbackModel

    for number in range(6):
        viewer = UserFactory(
            username=f"v{number}",
            name="V",
            display_name="V",
            home_municipality=helsinki,
            analytics_consent_at=timezone.now(),
        )
        FeedbackModel.objects.create(
            user=viewer,
            offering=recording,
            rating=5 - number % 3,
            mood_before=3,
            mood_after=4,
            comment="Kiitos!",
            municipality=helsinki,
        )
        ViewingEvent.objects.create(
            session=f"00000000-0000-4000-8000-00000000000{number}",
            seq=0,
            user=viewer,
            offering=recording,
            kind=ViewingEvent.Kind.HEARTBEAT,
            occurred_at=timezone.now(),
            value=30,
            position=30,
        )
    recent_days_rollup()
    log_in_browser(page, producer)
    for path in ("/insights/", "/insights/offerings/lyhyt/", "/studio/offerings/lyhyt/feedback/"):
        page.goto(f"{language}{path}")
        assert axe_violations(page) == [], path
    page.context.clear_cookies()
    log_in_browser(page, coordinator)
    for path in ("/insights/", "/insights/municipalities/helsinki/"):
        page.goto(f"{language}{path}")
        assert axe_violations(page) == [], path
    assert page.csp_violations == []
