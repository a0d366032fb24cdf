import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image

from lampio.programme.models import ArtForm, Offering, Showing

pytestmark = pytest.mark.django_db


def test_demo_season_covers_every_kind_and_art_form_in_three_languages(demo_season):
    offerings = Offering.objects.filter(status=Offering.Status.PUBLISHED)
    assert offerings.count() >= 30
    assert set(offerings.values_list("kind", flat=True)) == set(Offering.Kind.values)
    covered = set(offerings.values_list("art_forms__slug", flat=True))
    assert covered == set(ArtForm.objects.values_list("slug", flat=True))
    for offering in offerings:
        for language in ("fi", "sv", "en"):
            assert getattr(offering, f"title_{language}"), (offering.slug, language)
            assert getattr(offering, f"summary_{language}"), (offering.slug, language)
            assert getattr(offering, f"plain_summary_{language}"), (offering.slug, language)
    assert {m.slug for o in offerings for m in o.municipalities.all()} == {
        "helsinki",
        "turku",
        "tampere",
        "jyvaskyla",
        "oulu",
    }


def test_demo_posters_are_real_images_with_alt_text_in_three_languages(demo_season):
    for offering in Offering.objects.all():
        image = offering.images.get()
        assert image.alt_text_fi and image.alt_text_sv and image.alt_text_en
        with default_storage.open(image.image.name) as handle:
            picture = Image.open(handle)
            assert picture.size == (960, 540)
            assert picture.format == "JPEG"


def test_loading_the_demo_again_refreshes_showings_without_duplicates(demo_season):
    from lampio.demo.season import load_demo_season

    before = Showing.objects.count()
    load_demo_season()
    assert Showing.objects.count() == before
    assert Offering.objects.count() == demo_season["offerings"]
    assert all(o.images.count() == 1 for o in Offering.objects.all())


def test_scheduled_kinds_have_upcoming_showings_and_recordings_none(demo_season):
    for offering in Offering.objects.all():
        if offering.kind == Offering.Kind.RECORDING:
            assert not offering.showings.exists()
        else:
            assert offering.showings.exists(), offering.slug


@pytest.mark.django_db(transaction=True)
def test_everything_the_demo_lists_as_watchable_plays(no_page_cache):
    """Every recording and premiere the demo lists has a real video (one transcoded, the rest
    copies of it), its length is the video's, and its watch page has a player and a foyer."""
    import re

    from lampio.demo.season import load_demo_season
    from lampio.demo.videos import demo_videos_make
    from lampio.media.models import VideoAsset
    from lampio.programme.selectors import home_sections, offerings_published

    load_demo_season()
    with_video = Offering.objects.filter(kind__in=("recording", "premiere"))
    assert demo_videos_make(clip_seconds=8) == with_video.count()
    assert demo_videos_make(clip_seconds=8) == 0, "a second start reuses the videos"
    # scripts/start loads the demo audience next: one-minute recordings included.
    from lampio.demo.audience import demo_audience_load

    assert demo_audience_load()["events"] > 0
    assert VideoAsset.objects.filter(status="ready").count() == with_video.count()
    sections = home_sections()
    assert sections.any_time and sections.today
    for offering in offerings_published().filter(kind="recording"):
        assert offering.duration_minutes == 1, "8 seconds are told as one minute"
        assert "kestää 1 minuutin" in offering.plain_summary_fi, offering.plain_summary_fi
        html = _watch_page(offering)
        assert 'data-mode="recording"' in html and "data-foyer" in html, offering.slug
        # A paid one plays through its signed address (/media/t/<token>/<file>).
        source = re.search(r'data-src="/media/(?:t/[^/]+/)?([^"]+)"', html).group(1)
        assert default_storage.exists(source), offering.slug
    premieres = Showing.objects.filter(offering__kind="premiere")
    assert premieres.count() >= 6  # one per premiere, and one more ten minutes after loading
    for showing in premieres.select_related("video"):
        assert showing.video.status == "ready"
        assert (showing.ends_at - showing.starts_at).total_seconds() == pytest.approx(8, abs=0.5)
    soonest = premieres.filter(ends_at__gt=timezone.now()).order_by("starts_at").first().offering
    html = _watch_page(soonest)
    assert 'data-mode="premiere"' in html and 'kind="captions"' in html
    assert offerings_published().filter(price_cents__gt=0).count() == 3


def _watch_page(offering) -> str:
    """The watch page as the audience gets it: a paid one with a ticket bought from a
    topped-up balance (without one it leads to buying)."""
    from django.test import Client

    from lampio.media.selectors import watch_plan
    from lampio.tickets.services import ticket_buy
    from tests.accounts.factories import UserFactory
    from tests.tickets.factories import top_up

    client = Client()
    url = f"/programme/{offering.slug}/watch/"
    if offering.price_cents:
        assert Client().get(url).status_code == 302
        buyer = UserFactory()
        top_up(buyer, offering.price_cents)
        showing = watch_plan(offering).showing
        ticket_buy(person=buyer, offering=offering, showing=showing, idempotency_key="demo-test")
        client.force_login(buyer)
    return client.get(url).content.decode()


def test_without_videos_the_demo_lists_no_recording_and_no_premiere(demo_season):
    from lampio.programme.selectors import home_sections, offerings_published

    assert not home_sections().any_time
    assert not offerings_published().filter(kind="recording").exists()
    assert all(s.offering.kind != "premiere" for s in home_sections().today)


def test_the_demo_academy_has_an_open_call_a_round_being_selected_and_one_finished(
    demo_season,
):
    from django.test import Client

    from lampio.academy.models import Application, TrainingRound
    from lampio.demo.academy import demo_academy_load

    first = demo_academy_load()
    assert demo_academy_load() == first  # loading again replaces, never doubles
    call = TrainingRound.objects.get(slug="kevat-2027")
    assert call.is_open() and call.applications.filter(status="sent").count() == 4
    assert call.applications.filter(status="draft").count() == 1
    selecting = TrainingRound.objects.get(slug="syksy-2026")
    assert selecting.is_selecting()
    assert (
        Application.objects.filter(training_round=selecting).exclude(selected_for=None).count() == 3
    )
    finished = TrainingRound.objects.get(slug="syksy-2025")
    cohort = finished.applications.exclude(selected_for=None)
    assert cohort.count() == 6 and cohort.exclude(completed_at=None).count() == 3
    assert finished.trainers.count() == 1
    page = Client().get("/academy/").content.decode()
    assert "Kevät 2027" in page and "Syksy 2026" in page and "Syksy 2025" in page
    assert "Spring 2027" in Client().get("/en/academy/kevat-2027/").content.decode()
    from lampio.academy.report import round_report

    report = round_report(finished)
    survey = report.table("survey")
    assert str(survey.rows[0][1]) == "5" and str(survey.rows[1][1]) == "4,6"
    assert report.comments == ["Lisää kameraharjoituksia.", "Vertaistuki oli parasta."]
    assert str(report.table("municipalities").rows[0][0])


def test_the_demos_money_and_week_load_twice_without_change(demo_season):
    from lampio.demo.audience import demo_audience_load
    from lampio.demo.tickets import demo_tickets_load
    from lampio.demo.week import demo_week_load
    from lampio.tickets.ledger import ledger_check
    from lampio.tickets.models import Sponsorship, Ticket, Voucher
    from lampio.week.models import GroupPlan, ProgrammeEntry

    demo_audience_load()
    first = demo_tickets_load()
    assert first["tickets"] == 20 and len(first["voucher codes to try"]) == 3
    week = demo_week_load()
    assert week == {"group plans": 3, "programme": 4}
    counts = (
        Ticket.objects.count(),
        Sponsorship.objects.count(),
        Voucher.objects.count(),
        GroupPlan.objects.count(),
        ProgrammeEntry.objects.count(),
    )
    assert demo_tickets_load()["voucher codes to try"] == first["voucher codes to try"]
    demo_week_load()
    assert counts == (
        Ticket.objects.count(),
        Sponsorship.objects.count(),
        Voucher.objects.count(),
        GroupPlan.objects.count(),
        ProgrammeEntry.objects.count(),
    )
    assert ledger_check().sound


def test_the_demo_imports_its_linked_events_through_the_real_importer(demo_season):
    from lampio.demo.imports import demo_imports_load
    from lampio.imports.models import EventSource
    from lampio.programme.models import Offering

    assert demo_imports_load() == "new 5, changed 0, unchanged 0, cancelled 0, deleted 0, refused 0"
    source = EventSource.objects.get(slug="helsinki-demo")
    assert not source.is_active  # the hourly run never reaches out from the embedded default
    series = Offering.objects.get(imported__event_id="demo:tuolijumppa")
    assert series.status == "published" and series.showings.count() == 3
    assert series.imported.map_url.startswith("https://www.openstreetmap.org/")
    reading = Offering.objects.get(imported__event_id="demo:lukupiiri")
    assert reading.showings.get().is_cancelled
    # Loading again on the same day writes nothing.
    assert demo_imports_load() == "new 0, changed 0, unchanged 5, cancelled 0, deleted 0, refused 0"
    assert Offering.objects.filter(imported__source=source).count() == 3
