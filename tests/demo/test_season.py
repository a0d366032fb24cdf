import pytest
from django.core.files.storage import default_storage
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
def test_the_demo_can_bring_a_recording_and_a_premiere_with_their_foyers(no_page_cache):
    from django.test import Client

    from lampio.demo.season import load_demo_season
    from lampio.demo.videos import demo_videos_make
    from lampio.media.models import VideoAsset
    from lampio.programme.models import Offering

    load_demo_season()
    assert demo_videos_make() == 2
    assert demo_videos_make() == 2, "a second start reuses the videos"
    assert VideoAsset.objects.filter(status=VideoAsset.Status.READY).count() == 2
    recording = Offering.objects.filter(kind=Offering.Kind.RECORDING).order_by("slug").first()
    html = Client().get(f"/programme/{recording.slug}/watch/").content.decode()
    assert 'data-mode="recording"' in html and "data-foyer" in html
    premiere = Offering.objects.filter(kind=Offering.Kind.PREMIERE).order_by("slug").first()
    html = Client().get(f"/programme/{premiere.slug}/watch/").content.decode()
    assert 'data-mode="premiere"' in html and 'kind="captions"' in html
