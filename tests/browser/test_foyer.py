"""Two seniors at the same table, each on their own tablet: they see each other's messages
and the applause of the room within a second. The foyer is axe-clean."""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from lampio.foyer.models import Message
from lampio.programme.models import Offering
from tests.browser.conftest import axe_violations
from tests.programme.factories import OfferingFactory, ShowingFactory
from tests.support.foyer import person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


TABLE_PEOPLE = (
    "Array.from(document.querySelectorAll('[data-table-people] li'))"
    ".map(li => li.textContent).join('|')"
)
MESSAGE_TEXTS = (
    "Array.from(document.querySelectorAll('[data-messages] .message span:not(.message-tools)'))"
    ".map(s => s.textContent).join('|')"
)


def wait_for(page, script: str, expected, timeout: float = 1.0):
    """Poll in the page (CSP forbids Playwright's wait_for_function) until the value matches."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(script)
        if value == expected:
            return time.monotonic()
        assert time.monotonic() < deadline, f"{script} → {value!r}, expected {expected!r}"
        page.wait_for_timeout(20)


@pytest.fixture
def live_showing(asgi_server):
    now = timezone.now()
    offering = OfferingFactory(slug="tanssiaiset", title="Tanssiaiset", kind=Offering.Kind.LIVE)
    return ShowingFactory(
        offering=offering,
        starts_at=now - timedelta(minutes=5),
        ends_at=now + timedelta(minutes=55),
        doors_open_at=now - timedelta(minutes=35),
        # Same origin (allowed by the CSP); nothing streams there, which is fine for the foyer.
        stream_url=f"{asgi_server}/media/live/not-streaming.m3u8",
    )


def test_two_seniors_at_one_table_talk_and_applaud(new_page, live_showing):
    aino, eino = person("aino"), person("eino")
    page_a, page_b = new_page(aino), new_page(eino)
    for page in (page_a, page_b):
        page.goto("/programme/tanssiaiset/watch/")
        wait_for(page, "document.querySelector('[data-table-heading]').textContent", "Pöytä 1", 5)
    wait_for(
        page_a,
        TABLE_PEOPLE,
        "Aino, Tampere (sinä)|Eino, Tampere",
        5,
    )
    assert axe_violations(page_a) == []

    page_a.get_by_label("Kirjoita pöytääsi").fill("Ihanaa, että tulit!")
    page_a.get_by_role("button", name="Lähetä", exact=True).click()
    sent = time.monotonic()
    arrived = wait_for(
        page_b,
        MESSAGE_TEXTS,
        "Ihanaa, että tulit!",
    )
    assert arrived - sent < 1.0
    assert Message.objects.get().text == "Ihanaa, että tulit!"

    page_b.get_by_label("Kirjoita pöytääsi").fill("Kiitos samoin!")
    page_b.get_by_label("Kirjoita pöytääsi").press("Enter")
    wait_for(
        page_a,
        "document.querySelectorAll('[data-messages] .message').length",
        2,
    )

    for _ in range(3):
        page_a.get_by_role("button", name="Taputa").click()
    page_b.get_by_role("button", name="Taputa").click()
    clicked = time.monotonic()
    seen = wait_for(page_b, "document.querySelector('[data-total=applause]').textContent", "4")
    wait_for(page_a, "document.querySelector('[data-total=applause]').textContent", "4")
    assert seen - clicked < 1.0
    assert axe_violations(page_b) == []

    page_b.get_by_role("button", name="Piilota lämpiö").click()
    assert page_b.locator("#foyer").is_hidden()
    page_b.get_by_role("button", name="Näytä lämpiö").click()
    assert page_b.locator("#foyer").is_visible()
    assert page_a.csp_violations == [] and page_b.csp_violations == []


def test_a_visitor_sees_the_foyer_and_is_invited_to_log_in(new_page, live_showing):
    page = new_page()
    page.goto("/programme/tanssiaiset/watch/")
    wait_for(
        page, "document.querySelector('[data-presence]').textContent", "1 ihminen lämpiössä", 5
    )
    assert page.get_by_role(
        "link", name="Kirjaudu sisään kirjoittaaksesi ja kysyäksesi"
    ).is_visible()
    assert page.locator("[data-chat]").is_hidden()
    assert axe_violations(page) == []


CURRENT_TIME = "document.querySelector('video').currentTime"
IS_PAUSED = "document.querySelector('video').paused"


def test_a_premiere_plays_at_the_same_moment_for_everybody_and_pauses_together(new_page, tmp_path):
    from lampio.accounts.models import ProducerMembership
    from lampio.media.services import video_asset_create, video_transcode_run
    from tests.support.media_files import make_clip

    offering = OfferingFactory(slug="ensi-ilta", title="Ensi-ilta", kind=Offering.Kind.PREMIERE)
    video = video_asset_create(
        offering=offering, source=make_clip(tmp_path / "e.mp4", seconds=40), filename="e.mp4"
    )
    video_transcode_run(asset_id=video.pk)
    video.refresh_from_db()
    now = timezone.now()
    showing = ShowingFactory(
        offering=offering,
        starts_at=now - timedelta(seconds=4),
        ends_at=now + timedelta(minutes=5),
        doors_open_at=now - timedelta(minutes=30),
        video=video,
    )
    host = person("host")
    ProducerMembership.objects.create(user=host, producer=offering.producer)
    page_a, page_b, page_h = new_page(person("aino")), new_page(person("eino")), new_page(host)
    for page in (page_a, page_b, page_h):
        page.goto("/programme/ensi-ilta/watch/")
        wait_for(page, "document.querySelector('[data-table-heading]').textContent", "Pöytä 1", 5)
    page_a.get_by_role("button", name="Katso", exact=True).click()
    page_a.wait_for_timeout(1500)  # Eino arrives a little late
    page_b.get_by_role("button", name="Katso", exact=True).click()
    # Both players are under way (on a busy machine the late one may take its time to load)…
    for page in (page_a, page_b):
        wait_for(page, f"!document.querySelector('video').paused && {CURRENT_TIME} > 1", True, 10)

    def positions():
        a, b = page_a.evaluate(CURRENT_TIME), page_b.evaluate(CURRENT_TIME)
        expected = (timezone.now() - showing.starts_at).total_seconds()
        return a, b, expected

    # … and then they reach the shared moment within a few seconds, and stay there.
    deadline = time.monotonic() + 5
    while True:
        a, b, expected = positions()
        together = abs(a - b) < 0.5 and abs(a - expected) < 1.0
        if together or time.monotonic() > deadline:
            break
        page_a.wait_for_timeout(200)
    assert abs(a - b) < 0.5, (a, b)
    assert abs(a - expected) < 1.0, (a, expected)
    page_a.wait_for_timeout(1000)
    a, b, expected = positions()
    assert abs(a - b) < 0.5 and abs(a - expected) < 1.0, (a, b, expected)

    page_h.get_by_role("button", name="Pysäytä väliajaksi").click()
    for page in (page_a, page_b):
        wait_for(page, IS_PAUSED, True, timeout=2)
    paused_a, paused_b = page_a.evaluate(CURRENT_TIME), page_b.evaluate(CURRENT_TIME)
    assert abs(paused_a - paused_b) < 0.5
    page_a.wait_for_timeout(1500)
    page_h.get_by_role("button", name="Jatka esitystä").click()
    for page in (page_a, page_b):
        wait_for(page, IS_PAUSED, False, timeout=2)
    page_a.wait_for_timeout(2000)
    a, b = page_a.evaluate(CURRENT_TIME), page_b.evaluate(CURRENT_TIME)
    assert abs(a - b) < 0.5, (a, b)
    assert abs(a - (paused_a + 2)) < 1.0, "the performance continued where the interval began"
    assert page_a.csp_violations == [] and page_b.csp_violations == []


def test_after_a_dropped_connection_nothing_is_lost_or_shown_twice(new_page, live_showing):
    aino, eino = person("aino"), person("eino")
    page_a, page_b = new_page(aino), new_page(eino)
    sockets = []

    def keep(route):
        route.connect_to_server()
        sockets.append(route)

    page_b.route_web_socket("**/ws/foyer/**", keep)
    for page in (page_a, page_b):
        page.goto("/programme/tanssiaiset/watch/")
        wait_for(page, "document.querySelector('[data-table-heading]').textContent", "Pöytä 1", 5)
    page_a.get_by_label("Kirjoita pöytääsi").fill("Yksi")
    page_a.get_by_label("Kirjoita pöytääsi").press("Enter")
    wait_for(page_b, MESSAGE_TEXTS, "Yksi", 2)

    sockets[0].close(code=4000)  # Eino's Wi-Fi drops
    wait_for(
        page_b,
        "document.querySelector('[data-presence]').textContent",
        "Yhteys katkesi. Yhdistetään uudelleen…",
        2,
    )
    page_a.get_by_label("Kirjoita pöytääsi").fill("Kaksi")
    page_a.get_by_label("Kirjoita pöytääsi").press("Enter")
    page_a.get_by_label("Kirjoita pöytääsi").fill("Kolme")
    page_a.get_by_label("Kirjoita pöytääsi").press("Enter")
    wait_for(page_a, MESSAGE_TEXTS, "Yksi|Kaksi|Kolme", 2)
    # Eino's page reconnects by itself (backoff from one second) and catches up exactly.
    wait_for(page_b, MESSAGE_TEXTS, "Yksi|Kaksi|Kolme", 6)
    assert len(sockets) == 2
    page_b.wait_for_timeout(500)
    assert page_b.evaluate(MESSAGE_TEXTS) == "Yksi|Kaksi|Kolme", "nothing twice"


def test_an_admin_hiding_a_message_or_closing_the_chat_is_seen_within_a_second(
    new_page, live_showing
):
    """Moderation in the Django admin reaches the open foyer: the services send their
    events after the commit, whoever calls them."""
    aino = person("aino")
    admin = person("admin", is_staff=True, is_superuser=True)
    page_a, page_admin = new_page(aino), new_page(admin)
    page_a.goto("/programme/tanssiaiset/watch/")
    wait_for(page_a, "document.querySelector('[data-table-heading]').textContent", "Pöytä 1", 5)
    page_a.get_by_label("Kirjoita pöytääsi").fill("Hyvää iltaa kaikille")
    page_a.get_by_label("Kirjoita pöytääsi").press("Enter")
    wait_for(page_a, MESSAGE_TEXTS, "Hyvää iltaa kaikille", 2)
    message = Message.objects.get()

    page_admin.goto(f"/{settings.ADMIN_PATH}foyer/message/{message.pk}/change/")
    page_admin.locator("#id_is_hidden").check()
    page_admin.locator("input[name=_save]").click()
    saved = time.monotonic()
    hidden = wait_for(page_a, MESSAGE_TEXTS, "", 2)
    assert hidden - saved < 1.0

    page_admin.goto(f"/{settings.ADMIN_PATH}foyer/foyer/{message.foyer_id}/change/")
    page_admin.locator("#id_chat_open").uncheck()
    page_admin.locator("input[name=_save]").click()
    saved = time.monotonic()
    closed = wait_for(page_a, "document.querySelector('#foyer').dataset.chatOpen", "false", 2)
    assert closed - saved < 1.0
    assert "Keskustelu on hetken suljettu." in page_a.locator("[data-foyer-error]").inner_text()
    assert Message.objects.get().is_hidden
    assert page_a.csp_violations == []
