"""A producer uploads a recording through the resumable endpoint while the connection
breaks, the worker transcodes it, captions are added, and it plays for the audience."""

import time

import pytest
from django.core.management import call_command

from lampio.accounts.models import ProducerMembership
from lampio.media.models import VideoAsset
from lampio.programme.models import Offering
from tests.accounts.factories import UserFactory
from tests.browser.conftest import axe_violations
from tests.browser.test_accounts import log_in_browser
from tests.programme.factories import OfferingFactory, ProducerFactory
from tests.support.media_files import SRT, make_clip

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def producer_page(page, season, settings):
    settings.UPLOAD_CHUNK_BYTES = 64 * 1024
    # A verified producer: an unverified one's new recording of a published offering waits
    # for a reviewer first (tests/studio/test_offerings.py).
    offering = OfferingFactory(
        producer=ProducerFactory(is_verified=True),
        slug="kuorokonsertti",
        title="Kuorokonsertti",
        title_fi="Kuorokonsertti",
        kind=Offering.Kind.RECORDING,
    )
    user = UserFactory(
        username="u-p",
        name="Pia Tuottaja",
        display_name="Pia",
        email="pia@example.fi",
        verified_email=True,
    )
    ProducerMembership.objects.create(user=user, producer=offering.producer)
    log_in_browser(page, user)
    return page


def test_producer_uploads_through_a_breaking_connection_and_the_audience_watches(
    producer_page, tmp_path
):
    page = producer_page
    clip = make_clip(tmp_path / "kuoro.mp4", seconds=8)
    assert clip.stat().st_size > 3 * 64 * 1024, "the file must take several chunks"

    aborted = []

    def break_some_chunks(route):
        if (
            route.request.method == "PATCH"
            and len(aborted) < 2
            and route.request.headers.get("upload-offset") != "0"
        ):
            aborted.append(route.request.headers.get("upload-offset"))
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/studio/uploads/**", break_some_chunks)
    page.goto("/studio/offerings/kuorokonsertti/recording/")
    assert axe_violations(page) == []
    page.set_input_files("#video-file", str(clip))
    page.get_by_role("button", name="Lähetä", exact=True).click()
    status = page.locator("[data-upload-status]")
    # On success the page says so and then reloads itself to list the new recording.
    with page.expect_navigation(timeout=60000):
        deadline = time.monotonic() + 60
        while "vastaanotettiin" not in status.inner_text():
            assert time.monotonic() < deadline, status.inner_text()
            page.wait_for_timeout(250)
    assert len(aborted) == 2, "two chunks were cut off and resumed"
    assert VideoAsset.objects.filter(offering__slug="kuorokonsertti").count() == 1

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    page.goto("/studio/offerings/kuorokonsertti/recording/")
    assert "Valmis" in page.locator("main").inner_text()

    captions = tmp_path / "kuoro.srt"
    captions.write_text(SRT)
    page.get_by_label("Tekstitysten kieli").select_option("fi")
    page.set_input_files("#id_file", str(captions))
    page.get_by_role("button", name="Tallenna tekstitykset").click()
    assert "Tekstitykset tallennettiin." in page.locator(".messages").inner_text()
    assert axe_violations(page) == []

    page.goto("/programme/kuorokonsertti/watch/")
    page.get_by_role("button", name="Katso").click()
    deadline = time.monotonic() + 20
    while page.evaluate("document.querySelector('video').currentTime") <= 1.0:
        assert time.monotonic() < deadline, "the video did not play"
        page.wait_for_timeout(200)
    assert page.evaluate("document.querySelector('video').textTracks.length") == 1
    assert page.csp_violations == []


def test_broken_captions_are_explained_with_the_line(producer_page, tmp_path):
    page = producer_page
    offering = Offering.objects.get(slug="kuorokonsertti")
    VideoAsset.objects.create(offering=offering, status=VideoAsset.Status.READY)
    broken = tmp_path / "broken.srt"
    broken.write_text("1\n00:00:05,000 --> 00:00:02,000\nHei\n")
    page.goto("/studio/offerings/kuorokonsertti/recording/")
    page.set_input_files("#id_file", str(broken))
    page.get_by_role("button", name="Tallenna tekstitykset").click()
    assert (
        "Rivi 2: tekstitys päättyy ennen kuin se alkaa."
        in page.locator(".error-summary").inner_text()
    )
    assert axe_violations(page) == []
    assert offering.videos.get().captions.count() == 0


def test_producer_makes_a_performance_and_a_coordinator_approves_it(page, season, tmp_path):
    from lampio.accounts.models import CoordinatorAssignment
    from lampio.municipalities.models import Municipality
    from lampio.programme.models import Producer
    from tests.support.media_files import make_image

    tampere = Municipality.objects.get(slug="tampere")
    producer = Producer.objects.create(slug="tukki", name="Teatteri Tukki")
    pia = UserFactory(username="pia", name="Pia", display_name="Pia", email="p@ex.fi")
    ProducerMembership.objects.create(user=pia, producer=producer)
    log_in_browser(page, pia)

    page.goto("/studio/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Uusi esitys").click()
    assert axe_violations(page) == []
    page.get_by_label("Nimi suomeksi").fill("Syksyn tanssit")
    page.get_by_label("Nimi ruotsiksi").fill("Höstens danser")
    page.get_by_label("Lyhyt kuvaus suomeksi").fill("Tanssimme tuolilla istuen.")
    page.get_by_label("Tyyppi").select_option("live")
    page.get_by_label("Kesto minuutteina").fill("40")
    page.get_by_label("Tanssi").check()
    page.get_by_label("Tampere").check()
    page.get_by_role("button", name="Tallenna luonnoksena").click()
    assert "Esitys tallennettiin luonnoksena." in page.locator(".messages").inner_text()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Lisää kuva").click()
    page.set_input_files("#id_image", str(make_image(tmp_path / "tanssi.png")))
    page.get_by_label("Mitä kuvassa näkyy, suomeksi").fill("Tanssijat istuvat tuoleilla.")
    page.get_by_role("button", name="Lisää kuva").click()
    assert page.get_by_role("img", name="Tanssijat istuvat tuoleilla.").is_visible()

    page.get_by_role("link", name="Lisää esitysaika").click()
    assert axe_violations(page) == []
    page.get_by_label("Päivä").fill("2031-03-05")
    page.get_by_label("Alkamisaika").fill("13:00")
    page.get_by_role("button", name="Tallenna aika").click()
    page.get_by_role("button", name="Lähetä tarkastettavaksi").click()
    assert "lähetettiin tarkastettavaksi" in page.locator(".messages").inner_text()
    assert axe_violations(page) == []

    kaisa = UserFactory(username="kaisa", name="Kaisa", display_name="K", email="k@ex.fi")
    CoordinatorAssignment.objects.create(user=kaisa, municipality=tampere)
    page.context.clear_cookies()
    log_in_browser(page, kaisa)
    page.goto("/manage/review/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Syksyn tanssit").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Hyväksy ja julkaise").click()
    assert "Hyväksytty ja julkaistu." in page.locator(".messages").inner_text()
    assert Offering.objects.get(title_fi="Syksyn tanssit").status == Offering.Status.PUBLISHED
    assert page.csp_violations == []


def test_an_upload_that_loses_the_connection_for_long_goes_on_by_itself(producer_page, tmp_path):
    """tus's own retries run out (here after one, to keep the test short): the page says it
    goes on by itself, and does, without the producer pressing anything again."""
    page = producer_page
    clip = make_clip(tmp_path / "kuoro.mp4", seconds=8)
    cut = []

    def connection_away_for_a_while(route):
        if route.request.method == "PATCH" and len(cut) < 3:
            cut.append(route.request.headers.get("upload-offset"))
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/studio/uploads/**", connection_away_for_a_while)
    page.goto("/studio/offerings/kuorokonsertti/recording/")
    # Short pauses for the test (the page itself waits 5, 15, 30 and then 60 seconds).
    page.evaluate("document.querySelector('[data-upload]').setAttribute('data-retry-delays', '0')")
    page.evaluate("document.querySelector('[data-upload]').setAttribute('data-pauses', '1')")
    page.set_input_files("#video-file", str(clip))
    status = page.locator("[data-upload-status]")
    page.get_by_role("button", name="Lähetä", exact=True).click()
    seen = set()
    with page.expect_navigation(timeout=60000):
        deadline = time.monotonic() + 60
        while "vastaanotettiin" not in status.inner_text():
            seen.add(status.inner_text())
            assert time.monotonic() < deadline, status.inner_text()
            page.wait_for_timeout(100)
    assert any("jatkuu itsestään" in text for text in seen), seen
    assert len(cut) == 3
    assert VideoAsset.objects.filter(offering__slug="kuorokonsertti").count() == 1
