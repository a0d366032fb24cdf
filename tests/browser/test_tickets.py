"""A senior buys a ticket to a paid recording in one step and it plays in Chromium through its
signed addresses; without a ticket the player is never reached."""

import time

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from lampio.media.services import caption_track_add, video_asset_create
from lampio.programme.models import Offering
from lampio.tickets.models import Ticket
from lampio.tickets.selectors import balance_of
from tests.accounts.factories import UserFactory
from tests.browser.conftest import axe_violations
from tests.browser.test_accounts import log_in_browser
from tests.programme.factories import OfferingFactory
from tests.support.media_files import SRT, make_clip
from tests.tickets.factories import top_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def paid_recording(tmp_path, season):
    offering = OfferingFactory(
        slug="maksullinen",
        title="Maksullinen tallenne",
        title_fi="Maksullinen tallenne",
        kind=Offering.Kind.RECORDING,
        price_cents=800,
    )
    asset = video_asset_create(
        offering=offering, source=make_clip(tmp_path / "clip.mp4", seconds=12), filename="clip.mp4"
    )
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    caption_track_add(video=asset, language="fi", data=SRT.encode())
    return offering


def _plays(page) -> None:
    page.get_by_role("button", name="Katso").click()
    deadline = time.monotonic() + 20
    while page.evaluate("document.querySelector('video').currentTime") <= 1.5:
        assert time.monotonic() < deadline, "the video did not play"
        page.wait_for_timeout(200)


def test_a_senior_buys_a_ticket_and_the_paid_recording_plays(new_page, paid_recording):
    aino = UserFactory(username="aino", name="Aino", email="aino@example.fi", verified_email=True)
    top_up(aino, 2000)
    page = new_page(aino)  # the real ASGI application serves the signed media
    page.goto("/programme/maksullinen/watch/")
    page.wait_for_url("**/tickets/buy/maksullinen/")  # no ticket: the way to buy one
    assert "12,00 €" in page.content()  # the balance after, in plain figures
    assert axe_violations(page) == []
    page.get_by_role("button", name="Osta lippu hintaan 8,00 €").click()
    page.wait_for_url("**/tickets/*/")
    assert axe_violations(page) == []
    assert "0,98 €" in page.content()  # the VAT of 8,00 € at 14 %
    page.get_by_role("link", name="Katso").first.click()
    page.wait_for_url("**/watch/")
    source = page.evaluate("document.querySelector('video').dataset.src")
    assert source.startswith("/media/t/")
    _plays(page)
    assert page.evaluate("document.querySelector('video').textTracks.length") == 1
    assert Ticket.objects.filter(person=aino).count() == 1
    assert balance_of(aino) == 1200
    assert page.csp_violations == []


def test_without_a_ticket_the_files_are_refused_to_the_browser(new_page, paid_recording):
    # The real ASGI application: pytest-django's live server serves media files itself.
    holder = UserFactory(username="lipullinen")
    top_up(holder, 800)
    from lampio.tickets.services import ticket_buy

    ticket_buy(person=holder, offering=paid_recording, idempotency_key="k")
    video = paid_recording.videos.get()
    folder = video.playlist.rsplit("/", 1)[0]
    variant = f"{folder}/{_first_address(video.playlist)}"
    segment = f"{variant.rsplit('/', 1)[0]}/{_first_address(variant)}"
    stranger = UserFactory(username="ilman", name="Ilman", verified_email=True)
    page = new_page(stranger)
    page.goto("/tickets/")
    for name in (video.playlist, variant, segment):
        assert default_storage.exists(name), name
        status = page.evaluate(f"fetch('/media/{name}').then(r => r.status)")
        assert status == 404, name


def _first_address(playlist: str) -> str:
    with default_storage.open(playlist) as text:
        lines = text.read().decode().splitlines()
    return next(line for line in lines if line and not line.startswith("#"))


@pytest.mark.parametrize("language", ["/sv", "/en"])
def test_the_purchase_pages_have_zero_axe_violations_in_swedish_and_english(
    page, paid_recording, language
):
    aino = UserFactory(username="aino", name="Aino", verified_email=True)
    top_up(aino, 500)  # short of the price: the page offers a top-up instead
    log_in_browser(page, aino)
    page.goto(f"{language}/tickets/buy/maksullinen/")
    assert axe_violations(page) == []
    page.goto(f"{language}/tickets/")
    assert axe_violations(page) == []


@pytest.mark.parametrize("language", ["", "/sv", "/en"], ids=["fi", "sv", "en"])
def test_the_money_pages_of_coordinators_and_producers_have_zero_axe_violations(
    page, season, language
):
    from datetime import timedelta

    from django.utils import timezone

    from lampio.accounts.models import CoordinatorAssignment, ProducerMembership
    from lampio.municipalities.models import Municipality
    from lampio.tickets.services import ticket_buy
    from lampio.tickets.sponsorships import sponsorship_make
    from lampio.tickets.vouchers import voucher_batch_issue
    from tests.programme.factories import ShowingFactory

    helsinki = Municipality.objects.get(slug="helsinki")
    concert = OfferingFactory(
        slug="konsertti", title_fi="Konsertti", price_cents=1200, is_nationwide=True,
        group_price_cents=3000,
    )  # fmt: skip
    showing = ShowingFactory(offering=concert)
    sponsorship_make(
        municipality=helsinki, offering=concert, budget_cents=None, max_tickets=5, actor=None
    )
    batch = voucher_batch_issue(
        municipality=helsinki, name="Kevät", value_cents=1000, count=6,
        valid_until=timezone.localdate() + timedelta(days=30), actor=None,
    )  # fmt: skip
    buyer = UserFactory(username="ostaja")
    top_up(buyer, 1200)
    ticket_buy(person=buyer, offering=concert, showing=showing, idempotency_key="k")
    person = UserFactory(
        username="koordinaattori", name="Koordinaattori", verified_email=True,
        home_municipality=helsinki,
    )  # fmt: skip
    CoordinatorAssignment.objects.create(user=person, municipality=helsinki)
    ProducerMembership.objects.create(user=person, producer=concert.producer)
    log_in_browser(page, person)
    for path in (
        "/manage/sponsorships/",
        f"/manage/sponsorships/new/{concert.slug}/",
        "/manage/vouchers/",
        f"/manage/vouchers/{batch.pk}/",
        f"/manage/vouchers/{batch.pk}/sheet/",
        f"/studio/offerings/{concert.slug}/tickets/",
        f"/studio/money/{concert.producer.slug}/",
        f"/tickets/buy/{concert.slug}/?showing={showing.pk}",  # "Helsinki tarjoaa"
        f"/studio/offerings/{concert.slug}/",
    ):
        page.goto(language + path)
        assert axe_violations(page) == [], language + path
    assert page.csp_violations == []
