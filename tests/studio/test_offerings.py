"""The studio: a producer writes an offering in three languages, adds pictures and showings,
sends it for review; a coordinator approves or returns it; every step is audited and emailed."""

import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from lampio.accounts.models import CoordinatorAssignment, ProducerMembership, User
from lampio.core.models import AuditEvent
from lampio.municipalities.models import Municipality
from lampio.programme.models import ArtForm, Offering, OfferingImage, Showing
from lampio.programme.seed import ensure_reference_data
from lampio.programme.signals import published_offering_changed
from tests.accounts.factories import UserFactory
from tests.programme.factories import OfferingFactory, ProducerFactory

# Emails and the reminder hook run after commit, so the tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)


def person(key: str, language: str = "fi", **extra) -> User:
    user = UserFactory(
        username=key,
        name=key.title(),
        display_name=key,
        email=f"{key}@example.fi",
        language=language,
        **extra,
        verified_email=True,
    )
    return user


@pytest.fixture
def world():
    ensure_reference_data()
    tampere = Municipality.objects.get(slug="tampere")
    oulu = Municipality.objects.get(slug="oulu")
    producer = ProducerFactory(slug="teatteri", name="Teatteri Tukki", home_municipality=tampere)
    pia = person("pia")
    ProducerMembership.objects.create(user=pia, producer=producer)
    kaisa = person("kaisa", language="sv")
    CoordinatorAssignment.objects.create(user=kaisa, municipality=tampere)
    olli = person("olli")
    CoordinatorAssignment.objects.create(user=olli, municipality=oulu)
    admin = person("admin", is_superuser=True, is_staff=True)
    return {
        "tampere": tampere,
        "oulu": oulu,
        "producer": producer,
        "pia": pia,
        "kaisa": kaisa,
        "olli": olli,
        "admin": admin,
    }


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def png(name="kuva.png", size=(320, 180)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def offering_data(world, **changes) -> dict:
    data = {
        "producer": world["producer"].pk,
        "title_fi": "Kevään laulut",
        "title_sv": "Vårens sånger",
        "title_en": "Songs of spring",
        "summary_fi": "Laulamme yhdessä kevään lauluja.",
        "summary_sv": "Vi sjunger vårens sånger tillsammans.",
        "summary_en": "We sing the songs of spring together.",
        "plain_summary_fi": "Laulamme. Sinä voit laulaa mukana.",
        "kind": "live",
        "duration_minutes": "45",
        "art_forms": [ArtForm.objects.get(slug="music").pk],
        "has_captions": "on",
        "municipalities": [world["tampere"].pk],
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def create_complete_offering(world, client) -> Offering:
    response = client.post("/studio/offerings/new/", offering_data(world))
    assert response.status_code == 302, response.content.decode()[:3000]
    offering = Offering.objects.get(title_fi="Kevään laulut")
    client.post(
        f"/studio/offerings/{offering.slug}/images/new/",
        {"image": png(), "alt_text_fi": "Kuoro laulaa lavalla.", "alt_text_sv": "En kör sjunger."},
    )
    day = timezone.localdate() + timedelta(days=7)
    response = client.post(
        f"/studio/offerings/{offering.slug}/showings/new/",
        {"day": day.isoformat(), "time": "14:00", "doors_open_minutes": "20"},
    )
    assert response.status_code == 302
    return offering


def test_a_producer_creates_an_offering_in_three_languages(world):
    client = client_for(world["pia"])
    offering = create_complete_offering(world, client)
    assert offering.slug == "kevaan-laulut"
    assert offering.status == Offering.Status.DRAFT
    assert (offering.title_sv, offering.title_en) == ("Vårens sånger", "Songs of spring")
    assert offering.producer == world["producer"] and offering.has_captions
    assert offering.price_cents == 0
    image = offering.images.get()
    assert (image.width, image.height, image.alt_text_fi) == (320, 180, "Kuoro laulaa lavalla.")
    showing = offering.showings.get()
    assert showing.ends_at - showing.starts_at == timedelta(minutes=45)
    assert showing.starts_at - showing.doors_open_at == timedelta(minutes=20)
    assert timezone.localtime(showing.starts_at).hour == 14
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "programme.offering_created",
        "programme.image_added",
        "programme.showing_added",
    } <= actions
    page = client.get(f"/studio/offerings/{offering.slug}/").content.decode()
    assert "Lähetä tarkastettavaksi" in page  # "Send for review", in Finnish by default


def test_missing_finnish_title_and_alt_text_are_clear_errors_and_nothing_is_saved(world):
    client = client_for(world["pia"])
    response = client.post("/studio/offerings/new/", offering_data(world, title_fi=""))
    assert response.status_code == 200 and Offering.objects.count() == 0
    assert 'class="error-summary"' in response.content.decode()
    offering = create_complete_offering(world, client)
    before = OfferingImage.objects.count()
    response = client.post(
        f"/studio/offerings/{offering.slug}/images/new/", {"image": png(), "alt_text_fi": ""}
    )
    assert response.status_code == 200 and "Kuvaile kuva suomeksi" in response.content.decode()
    text_as_png = SimpleUploadedFile("kuva.png", b"just text", content_type="image/png")
    response = client.post(
        f"/studio/offerings/{offering.slug}/images/new/",
        {"image": text_as_png, "alt_text_fi": "Kuva"},
    )
    assert response.status_code == 200 and OfferingImage.objects.count() == before


def test_sending_for_review_lists_what_is_missing(world):
    client = client_for(world["pia"])
    client.post("/studio/offerings/new/", offering_data(world))
    offering = Offering.objects.get()
    response = client.post(f"/studio/offerings/{offering.slug}/send/", follow=True)
    offering.refresh_from_db()
    assert offering.status == Offering.Status.DRAFT
    html = response.content.decode()
    assert "Lisää ainakin yksi kuva" in html and "Lisää ainakin yksi esitysaika" in html


def test_a_recording_cannot_be_sent_or_published_before_its_video_is_ready(world):
    """A verified producer publishes straight away: without a ready video, her recording would
    be offered as watchable with nothing to play."""
    from lampio.media.models import VideoAsset

    world["producer"].is_verified = True
    world["producer"].save()
    client = client_for(world["pia"])
    client.post("/studio/offerings/new/", offering_data(world, kind="recording"))
    offering = Offering.objects.get()
    client.post(
        f"/studio/offerings/{offering.slug}/images/new/",
        {"image": png(), "alt_text_fi": "Kuoro laulaa lavalla."},
    )
    video = VideoAsset.objects.create(offering=offering, status=VideoAsset.Status.PROCESSING)
    response = client.post(f"/studio/offerings/{offering.slug}/send/", follow=True)
    offering.refresh_from_db()
    assert offering.status == Offering.Status.DRAFT
    assert "Lataa tallenne ja odota, kunnes se on valmis katsottavaksi" in response.content.decode()
    VideoAsset.objects.filter(pk=video.pk).update(
        status=VideoAsset.Status.READY, playlist="hls/x/master.m3u8", duration_seconds=20
    )
    client.post(f"/studio/offerings/{offering.slug}/send/")
    offering.refresh_from_db()
    assert offering.status == Offering.Status.PUBLISHED


def test_review_round_trip_with_emails_in_each_persons_language(world):
    pia = client_for(world["pia"])
    offering = create_complete_offering(world, pia)
    mail.outbox.clear()
    with_commit = pia.post(f"/studio/offerings/{offering.slug}/send/")
    assert with_commit.status_code == 302
    offering.refresh_from_db()
    assert offering.status == Offering.Status.IN_REVIEW and offering.submitted_at
    # The coordinator of Tampere is told, in Swedish; Oulu's coordinator is not.
    assert [m.to for m in mail.outbox] == [["kaisa@example.fi"]]
    assert mail.outbox[0].subject == "Lämpiö: en föreställning väntar på din granskning"
    assert "Vårens sånger" in mail.outbox[0].body  # her language, her title; never a subject
    assert "/manage/review/kevaan-laulut/" in mail.outbox[0].body

    # Oulu's coordinator cannot see it at all.
    assert client_for(world["olli"]).get("/manage/review/kevaan-laulut/").status_code == 404

    kaisa = client_for(world["kaisa"])
    assert "Vårens sånger" in kaisa.get("/manage/review/", follow=True).content.decode()
    mail.outbox.clear()
    response = kaisa.post("/manage/review/kevaan-laulut/", {"decision": "return", "comment": ""})
    assert response.status_code == 200  # a comment is needed to return it
    offering.refresh_from_db()
    assert offering.status == Offering.Status.IN_REVIEW and mail.outbox == []

    kaisa.post(
        "/manage/review/kevaan-laulut/",
        {"decision": "return", "comment": "Lisää selkokielinen kuvaus ruotsiksi."},
    )
    offering.refresh_from_db()
    assert offering.status == Offering.Status.RETURNED
    assert offering.review_comment == "Lisää selkokielinen kuvaus ruotsiksi."
    assert [m.to for m in mail.outbox] == [["pia@example.fi"]]
    assert "Lisää selkokielinen kuvaus ruotsiksi." in mail.outbox[0].body
    assert "selkokielinen" in pia.get(f"/studio/offerings/{offering.slug}/").content.decode()

    pia.post(f"/studio/offerings/{offering.slug}/send/")
    mail.outbox.clear()
    kaisa.post("/manage/review/kevaan-laulut/", {"decision": "approve", "comment": ""})
    offering.refresh_from_db()
    assert offering.status == Offering.Status.PUBLISHED and offering.published_at
    assert [m.to for m in mail.outbox] == [["pia@example.fi"]]
    assert Client().get(offering.get_absolute_url()).status_code == 200
    decisions = [
        "programme.offering_submitted",
        "programme.offering_returned",
        "programme.offering_approved",
    ]
    trail = list(
        AuditEvent.objects.filter(target_id=str(offering.pk), action__in=decisions)
        .order_by("pk")
        .values_list("action", "actor__username", "municipality__slug")
    )
    assert trail == [
        ("programme.offering_submitted", "pia", "tampere"),
        ("programme.offering_returned", "kaisa", "tampere"),
        ("programme.offering_submitted", "pia", "tampere"),
        ("programme.offering_approved", "kaisa", "tampere"),
    ]


def test_nationwide_offerings_are_decided_by_admins(world):
    pia = client_for(world["pia"])
    offering = create_complete_offering(world, pia)
    pia.post(
        f"/studio/offerings/{offering.slug}/",
        offering_data(world, is_nationwide="on", municipalities=None),
    )
    mail.outbox.clear()
    pia.post(f"/studio/offerings/{offering.slug}/send/")
    assert [m.to for m in mail.outbox] == [["admin@example.fi"]]
    assert client_for(world["kaisa"]).get(f"/sv/manage/review/{offering.slug}/").status_code == 404
    client_for(world["admin"]).post(
        f"/manage/review/{offering.slug}/", {"decision": "approve", "comment": "Hieno!"}
    )
    offering.refresh_from_db()
    assert offering.status == Offering.Status.PUBLISHED


def test_verified_producers_publish_directly(world):
    world["producer"].is_verified = True
    world["producer"].save()
    pia = client_for(world["pia"])
    offering = create_complete_offering(world, pia)
    mail.outbox.clear()
    pia.post(f"/studio/offerings/{offering.slug}/send/")
    offering.refresh_from_db()
    assert offering.status == Offering.Status.PUBLISHED and mail.outbox == []
    assert AuditEvent.objects.filter(action="programme.offering_published_directly").exists()


def test_published_changes_of_title_or_time_reach_the_reminder_hook(world):
    world["producer"].is_verified = True
    world["producer"].save()
    pia = client_for(world["pia"])
    offering = create_complete_offering(world, pia)
    pia.post(f"/studio/offerings/{offering.slug}/send/")
    heard = []

    def listener(sender, offering, showing, changes, **kwargs):
        heard.append(changes)

    published_offering_changed.connect(listener)
    try:
        pia.post(
            f"/studio/offerings/{offering.slug}/", offering_data(world, title_fi="Kesän laulut")
        )
        showing = Showing.objects.get(offering=offering)
        day = timezone.localdate(showing.starts_at) + timedelta(days=1)
        pia.post(
            f"/studio/offerings/{offering.slug}/showings/{showing.pk}/",
            {"day": day.isoformat(), "time": "15:30", "doors_open_minutes": "30"},
        )
        pia.post(  # a change that is neither title nor time says nothing
            f"/studio/offerings/{offering.slug}/",
            offering_data(world, title_fi="Kesän laulut", duration_minutes="50"),
        )
    finally:
        published_offering_changed.disconnect(listener)
    assert heard[0] == {"title": ("Kevään laulut", "Kesän laulut")}
    assert list(heard[1]) == ["starts_at"] and len(heard) == 2


def test_live_broadcast_addresses_must_come_from_an_allowed_service(world, settings):
    settings.LIVE_STREAM_ORIGINS = ["https://*.stream.example.fi"]
    pia = client_for(world["pia"])
    offering = create_complete_offering(world, pia)
    day = (timezone.localdate() + timedelta(days=3)).isoformat()
    url = f"/studio/offerings/{offering.slug}/showings/new/"
    base = {"day": day, "time": "18:00", "doors_open_minutes": "30"}
    response = pia.post(url, {**base, "stream_url": "https://evil.example.com/live.m3u8"})
    assert "Ask the Lämpiö team" in response.content.decode() or "Lämpiö-tiimiä" in (
        response.content.decode()
    )
    response = pia.post(url, {**base, "stream_url": "https://cdn.stream.example.fi/live.mp4"})
    assert response.status_code == 200
    response = pia.post(url, {**base, "stream_url": "https://cdn.stream.example.fi/a/live.m3u8"})
    assert response.status_code == 302
    assert offering.showings.filter(stream_url__endswith="/a/live.m3u8").count() == 1
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = pia.post(url, {**base, "day": past})
    assert response.status_code == 200 and offering.showings.count() == 2


def test_a_producer_cannot_touch_another_organisations_offering(world):
    pia = client_for(world["pia"])
    offering = create_complete_offering(world, pia)
    other = person("otto")
    ProducerMembership.objects.create(user=other, producer=ProducerFactory(slug="muu"))
    otto = client_for(other)
    for path in (
        f"/studio/offerings/{offering.slug}/",
        f"/studio/offerings/{offering.slug}/images/new/",
        f"/studio/offerings/{offering.slug}/showings/new/",
        f"/studio/offerings/{offering.slug}/recording/",
    ):
        assert otto.get(path).status_code == 404, path
    assert otto.post(f"/studio/offerings/{offering.slug}/send/").status_code == 404
    image = offering.images.get()
    assert (
        otto.post(f"/studio/offerings/{offering.slug}/images/{image.pk}/delete/").status_code == 404
    )
    # Posting another organisation as producer of a new offering is refused by the form.
    response = otto.post("/studio/offerings/new/", offering_data(world, title_fi="Varas"))
    assert response.status_code == 200 and not Offering.objects.filter(title_fi="Varas").exists()
    assert "Kevään laulut" not in otto.get("/studio/").content.decode()


def test_a_picture_is_stored_upright_small_and_without_its_location(tmp_path):
    import io

    from PIL import Image

    producer = ProducerFactory()
    user = person("kuvaaja")
    ProducerMembership.objects.create(user=user, producer=producer)
    offering = OfferingFactory(producer=producer, status=Offering.Status.DRAFT)
    client = Client()
    client.force_login(user)
    photo = Image.new("RGB", (4000, 3000), (200, 120, 40))
    exif = Image.Exif()
    exif[0x0112] = 6  # taken with the phone on its side
    exif[0x8825] = {2: (60.0, 10.0, 0.0), 4: (24.0, 56.0, 0.0)}  # GPS: where it was taken
    raw = io.BytesIO()
    photo.save(raw, format="JPEG", exif=exif)
    raw.name = "kuva.jpg"
    raw.seek(0)
    response = client.post(
        f"/studio/offerings/{offering.slug}/images/new/",
        {"image": raw, "alt_text_fi": "Kuoro lavalla"},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    stored = offering.images.get()
    with stored.image.open("rb") as handle, Image.open(handle) as saved:
        assert saved.size == (1200, 1600)  # turned upright, longer side 1,600 px
        assert not saved.getexif()
    assert (stored.width, stored.height) == (1200, 1600)


def test_a_picture_has_narrower_copies_for_small_screens_and_they_go_with_it(
    django_capture_on_commit_callbacks,
):
    producer = ProducerFactory()
    user = person("leveys")
    ProducerMembership.objects.create(user=user, producer=producer)
    offering = OfferingFactory(producer=producer, status=Offering.Status.DRAFT)
    client = Client()
    client.force_login(user)
    raw = io.BytesIO()
    exif = Image.Exif()
    exif[0x8825] = {2: (60.0, 10.0, 0.0), 4: (24.0, 56.0, 0.0)}
    Image.new("RGB", (3200, 1800), (30, 90, 160)).save(raw, format="JPEG", exif=exif)
    raw.name = "leveä.jpg"
    raw.seek(0)
    client.post(
        f"/studio/offerings/{offering.slug}/images/new/",
        {"image": raw, "alt_text_fi": "Sininen kuva"},
    )
    stored = offering.images.get()
    assert sorted(stored.narrower) == ["480", "960"]
    storage = stored.image.storage
    for width, name in stored.narrower.items():
        with storage.open(name) as handle, Image.open(handle) as copy:
            assert copy.size == (int(width), int(width) * 9 // 16)
            assert not copy.getexif()
    page = client.get(f"/studio/offerings/{offering.slug}/").content.decode()
    assert (
        f'srcset="{storage.url(stored.narrower["480"])} 480w, '
        f'{storage.url(stored.narrower["960"])} 960w, {stored.image.url} 1600w"'
    ) in page
    names = stored.file_names()
    assert all(storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/studio/offerings/{offering.slug}/images/{stored.pk}/delete/")
    assert response.status_code == 302
    assert not any(storage.exists(name) for name in names)


def test_a_small_picture_has_no_copies_wider_than_itself():
    from lampio.programme.pictures import narrower_copies_save

    class Unused:
        def save(self, name, content):
            raise AssertionError("nothing is narrower than 400 px here")

    assert (
        narrower_copies_save(name="x.jpg", storage=Unused(), picture=Image.new("RGB", (400, 300)))
        == {}
    )


def test_a_giant_picture_is_refused_with_a_clear_message():
    import io

    from PIL import Image

    producer = ProducerFactory()
    user = person("jattikuva")
    ProducerMembership.objects.create(user=user, producer=producer)
    offering = OfferingFactory(producer=producer, status=Offering.Status.DRAFT)
    client = Client()
    client.force_login(user)
    raw = io.BytesIO()
    Image.new("1", (9000, 9000)).save(raw, format="PNG")  # 81 million pixels, a small file
    raw.name = "jattikuva.png"
    raw.seek(0)
    response = client.post(
        f"/studio/offerings/{offering.slug}/images/new/",
        {"image": raw, "alt_text_fi": "Iso kuva"},
    )
    assert response.status_code == 200
    assert "40" in response.content.decode()
    assert not offering.images.exists()


def published_offering(world) -> Offering:
    pia = client_for(world["pia"])
    offering = create_complete_offering(world, pia)
    pia.post(f"/studio/offerings/{offering.slug}/send/")
    client_for(world["kaisa"]).post(f"/manage/review/{offering.slug}/", {"decision": "approve"})
    offering.refresh_from_db()
    assert offering.status == Offering.Status.PUBLISHED
    return offering


def test_changes_to_a_published_offering_wait_for_review_and_the_published_one_stays(world):
    """An unverified producer cannot slip a bank account and a phone number into a published
    description, nor take it to the whole country, past the reviewer."""
    offering = published_offering(world)
    pia = client_for(world["pia"])
    mail.outbox.clear()
    response = pia.post(
        f"/studio/offerings/{offering.slug}/",
        offering_data(
            world,
            title_fi="Kevään laulut – uusi",
            description_fi="Tilaa liput: soita 040 123 4567",
            is_nationwide="on",
            municipalities=[],
            duration_minutes="50",  # not reviewed: saved at once
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    offering.refresh_from_db()
    assert offering.status == Offering.Status.PUBLISHED
    assert offering.title_fi == "Kevään laulut" and not offering.description_fi
    assert not offering.is_nationwide
    assert list(offering.municipalities.all()) == [world["tampere"]]
    assert offering.duration_minutes == 50
    page = Client().get(f"/programme/{offering.slug}/").content.decode()
    assert "Kevään laulut" in page and "uusi" not in page
    assert [m.to for m in mail.outbox] == [["kaisa@example.fi"]]

    # The producer goes on editing the proposal, not the published text.
    form_page = pia.get(f"/studio/offerings/{offering.slug}/").content.decode()
    assert (
        "Kevään laulut – uusi" in form_page
        and "wait for a reviewer" in form_page
        or ("odottavat" in form_page)
    )

    kaisa = client_for(world["kaisa"])
    assert "Vårens sånger" in kaisa.get("/manage/review/", follow=True).content.decode()
    review_page = kaisa.get(f"/sv/manage/review/{offering.slug}/").content.decode()
    assert "Kevään laulut – uusi" in review_page and "040 123 4567" in review_page
    kaisa.post(
        f"/manage/review/{offering.slug}/",
        {"decision": "return", "comment": "Ei puhelinnumeroita kuvaukseen."},
    )
    offering.refresh_from_db()
    assert offering.title_fi == "Kevään laulut"
    assert "Ei puhelinnumeroita" in pia.get(f"/studio/offerings/{offering.slug}/").content.decode()

    pia.post(
        f"/studio/offerings/{offering.slug}/",
        offering_data(world, title_fi="Kevään laulut – uusi", municipalities=[world["tampere"].pk]),
    )
    kaisa.post(f"/manage/review/{offering.slug}/", {"decision": "approve"})
    offering.refresh_from_db()
    assert offering.title_fi == "Kevään laulut – uusi" and not offering.description_fi
    assert (
        not hasattr(offering, "revision")
        or not Offering.objects.filter(pk=offering.pk, revision__isnull=False).exists()
    )
    assert AuditEvent.objects.filter(action="programme.changes_approved").exists()


def test_a_new_recording_does_not_replace_the_published_one_before_review(world, tmp_path):
    from lampio.media.models import VideoAsset
    from lampio.media.selectors import video_ready_for

    offering = published_offering(world)
    shown = VideoAsset.objects.create(
        offering=offering, status=VideoAsset.Status.READY, playlist="hls/a/master.m3u8"
    )
    newer = VideoAsset.objects.create(
        offering=offering,
        status=VideoAsset.Status.READY,
        playlist="hls/b/master.m3u8",
        needs_review=True,
    )
    assert video_ready_for(offering) == shown
    # What an upload through the studio gets: waiting, unless an admin adds it.
    from lampio.programme.review import changes_need_review

    assert changes_need_review(offering=offering, actor=world["pia"])
    assert not changes_need_review(offering=offering, actor=world["admin"])
    kaisa = client_for(world["kaisa"])
    assert "Vårens sånger" in kaisa.get("/manage/review/", follow=True).content.decode()
    kaisa.post(f"/manage/review/{offering.slug}/", {"decision": "approve"})
    assert video_ready_for(offering) == newer


def test_a_verified_producers_changes_are_published_at_once(world):
    offering = published_offering(world)
    world["producer"].is_verified = True
    world["producer"].save()
    client_for(world["pia"]).post(
        f"/studio/offerings/{offering.slug}/", offering_data(world, title_fi="Uusi nimi")
    )
    offering.refresh_from_db()
    assert offering.title_fi == "Uusi nimi"


def test_the_reviewer_sees_what_the_audience_will_see(world, tmp_path):
    """Every text in fi, sv and en, each picture's description in each language, and the
    recording itself with its captions, on the review page."""
    from lampio.media.models import CaptionTrack, VideoAsset

    pia = client_for(world["pia"])
    offering = create_complete_offering(world, pia)
    pia.post(f"/studio/offerings/{offering.slug}/send/")
    video = VideoAsset.objects.create(
        offering=offering,
        status=VideoAsset.Status.READY,
        playlist="hls/7/abc/master.m3u8",
        duration_seconds=40,
    )
    CaptionTrack.objects.create(video=video, language="fi", label="Suomi", vtt="captions/x.vtt")
    page = client_for(world["olli"]).get(f"/manage/review/{offering.slug}/")
    assert page.status_code == 404  # Oulu's coordinator does not review Tampere's
    html = client_for(world["kaisa"]).get(f"/sv/manage/review/{offering.slug}/").content.decode()
    for text in ("Kevään laulut", "Vårens sånger", "Songs of spring", "Laulamme yhdessä"):
        assert text in html, text
    assert "Kuoro laulaa lavalla." in html and "En kör sjunger." in html
    assert 'data-review-src="/media/hls/7/abc/master.m3u8"' in html
    assert '<track kind="captions" srclang="fi" label="Suomi"' in html
    assert "40 sekunder" in html


def test_the_error_summary_names_each_field(world):
    html = (
        client_for(world["pia"]).post("/studio/offerings/new/", {"title_fi": ""}).content.decode()
    )
    summary = html[
        html.index('id="error-summary"') : html.index("</div>", html.index('id="error-summary"'))
    ]
    items = re.findall(r"<li><a href=\"#[^\"]+\">([^<]+)</a></li>", summary)
    assert len(items) >= 3
    assert all(": " in item and not item.startswith("Tämä kenttä") for item in items), items
    assert len(set(items)) == len(items), "each line says which field it is about"
