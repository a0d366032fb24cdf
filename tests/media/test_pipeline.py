"""The transcoding task, run by the real database worker on a clip made with ffmpeg."""

import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command

from lampio.core.refusals import RefusedError
from lampio.media.models import VideoAsset
from lampio.media.services import caption_track_add, video_asset_create
from lampio.programme.models import Offering
from tests.programme.factories import OfferingFactory
from tests.support.media_files import SRT, make_clip

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_upload_is_transcoded_to_a_published_hls_ladder(tmp_path):
    offering = OfferingFactory(kind=Offering.Kind.RECORDING)
    clip = make_clip(tmp_path / "konsertti.mp4", seconds=9, size="1280x720")
    asset = video_asset_create(offering=offering, source=clip, filename="Konsertti 2026.mp4")
    original = asset.original.name
    assert asset.original.storage.exists(original)
    assert asset.status == VideoAsset.Status.UPLOADED and not asset.playlist

    run_worker()

    asset.refresh_from_db()
    assert asset.status == VideoAsset.Status.READY, asset.error
    assert asset.progress == 100 and asset.attempts == 1
    assert [r["name"] for r in asset.renditions] == ["360p", "540p", "720p"]  # capped at source
    master = default_storage.open(asset.playlist).read().decode()
    assert master.count("#EXT-X-STREAM-INF") == 3 and "RESOLUTION=1280x720" in master
    prefix = asset.playlist.rsplit("/", 1)[0]
    media_playlist = default_storage.open(f"{prefix}/720p/index.m3u8").read().decode()
    assert "#EXT-X-TARGETDURATION:4" in media_playlist
    assert media_playlist.count("#EXTINF:4.000000") == 2  # 9 s: 4 + 4 + 1
    assert asset.poster and default_storage.exists(asset.poster.name)
    assert not asset.original.storage.exists(original), (
        "the original goes once the ladder is complete"
    )


def test_a_broken_original_fails_after_three_attempts_and_publishes_nothing(tmp_path):
    offering = OfferingFactory(kind=Offering.Kind.RECORDING)
    asset = video_asset_create(
        offering=offering, source=make_clip(tmp_path / "a.mp4", seconds=2), filename="a.mp4"
    )
    # The stored original is damaged after the upload was accepted (a disk error, say).
    original_storage, stored = asset.original.storage, asset.original.name
    with asset.original.storage.open(asset.original.name, "wb") as handle:
        handle.write(b"not a video any more")
    # An earlier test's asset may have had the same id (sequences restart between tests):
    # its ladder is not this one's.
    shutil.rmtree(Path(settings.MEDIA_ROOT) / "hls" / str(asset.pk), ignore_errors=True)
    run_worker()
    asset.refresh_from_db()
    assert asset.status == VideoAsset.Status.FAILED
    assert asset.attempts == 3
    assert asset.playlist == "" and asset.error
    assert not default_storage.exists(f"hls/{asset.pk}")
    assert not asset.original, "after the last attempt the original is not kept"
    assert not original_storage.exists(stored), "nor its file"


def test_the_stored_original_has_an_unguessable_name(tmp_path):
    offering = OfferingFactory(kind=Offering.Kind.RECORDING)
    clip = make_clip(tmp_path / "clip.mp4", seconds=1)
    names = {
        video_asset_create(
            offering=offering, source=clip, filename="Kuorokonsertti Kuopio.mp4"
        ).original.name
        for _ in range(2)
    }
    for name in names:
        stem = name.rsplit("/", 1)[-1]
        assert "Kuoro" not in name and "Kuopio" not in name
        assert re.fullmatch(r"[0-9a-f]{32}\.mp4", stem), stem
    assert len(names) == 2


@pytest.mark.parametrize(
    "disguise",
    [
        "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n{target}\n#EXT-X-ENDLIST\n",
        "ffconcat version 1.0\nfile '{target}'\n",
    ],
    ids=["HLS playlist", "concat script"],
)
def test_a_playlist_disguised_as_a_video_is_refused_and_reads_no_other_file(tmp_path, disguise):
    """Another producer's private original lies on the same disk; a "video" that is really a
    playlist pointing at it must not become a recording of it."""
    offering = OfferingFactory(kind=Offering.Kind.RECORDING)
    private = video_asset_create(
        offering=OfferingFactory(kind=Offering.Kind.RECORDING),
        source=make_clip(tmp_path / "private.mp4", seconds=2),
        filename="private.mp4",
    )
    target = private.original.storage.path(private.original.name)
    disguised = tmp_path / "video.mp4"
    disguised.write_text(disguise.format(target=target))
    with pytest.raises(RefusedError) as refused:
        video_asset_create(offering=offering, source=disguised, filename="video.mp4")
    assert refused.value.code == "media.video_unreadable"
    assert VideoAsset.objects.filter(offering=offering).count() == 0
    # A missing file is refused the same way: the answer tells nothing about other paths.
    missing = tmp_path / "missing.mp4"
    missing.write_text(disguise.format(target=tmp_path / "no-such-file.mp4"))
    with pytest.raises(RefusedError) as refused_too:
        video_asset_create(offering=offering, source=missing, filename="video.mp4")
    assert refused_too.value.code == refused.value.code


def test_every_ffmpeg_run_reads_only_the_probed_container_from_a_local_file(tmp_path):
    from lampio.media.ladder import ladder_for, one_pass_command, poster_command

    source = tmp_path / "in.mp4"
    for command in (
        one_pass_command(source, tmp_path, ladder_for(720), fps=25, has_audio=True, demuxer="mov"),
        poster_command(source, tmp_path / "p.jpg", at_seconds=1, demuxer="mov"),
    ):
        before_input = command[: command.index("-i")]
        assert before_input[before_input.index("-f") + 1] == "mov"
        assert before_input[before_input.index("-protocol_whitelist") + 1] == "file"
        assert before_input[before_input.index("-format_whitelist") + 1] == "mov"
        assert command[command.index("-i") + 1] == f"file:{source}"


def test_a_file_that_is_not_a_video_creates_nothing(tmp_path):
    offering = OfferingFactory(kind=Offering.Kind.RECORDING)
    text = tmp_path / "video.mp4"
    text.write_text("hello")
    with pytest.raises(RefusedError):
        video_asset_create(offering=offering, source=text, filename="video.mp4")
    assert not VideoAsset.objects.exists()


def test_captions_are_stored_as_webvtt(tmp_path):
    offering = OfferingFactory(kind=Offering.Kind.RECORDING)
    asset = VideoAsset.objects.create(offering=offering)
    track = caption_track_add(video=asset, language="fi", data=SRT.encode())
    assert default_storage.open(track.vtt.name).read().decode().startswith("WEBVTT")
    replacement = caption_track_add(video=asset, language="fi", data=SRT.encode())
    assert asset.captions.count() == 1
    assert not default_storage.exists(track.vtt.name), "a replaced caption file is not served"
    assert replacement.vtt.name != track.vtt.name


def test_media_of_an_offering_cannot_be_found_by_trying_addresses(tmp_path):
    """Posters, captions, pictures and originals are named with 128 random bits, never
    with a number or a slug that could be counted or guessed."""
    from lampio.programme.services import offering_poster_generate

    offering = OfferingFactory(kind=Offering.Kind.RECORDING, status=Offering.Status.DRAFT)
    asset = video_asset_create(
        offering=offering, source=make_clip(tmp_path / "a.mp4", seconds=2), filename="a.mp4"
    )
    run_worker()
    asset.refresh_from_db()
    track = caption_track_add(video=asset, language="fi", data=SRT.encode())
    picture = offering_poster_generate(
        offering=offering, colours=((16, 32, 48), (240, 224, 208)), alt_texts={"fi": "Juliste"}
    )
    names = [asset.poster.name, track.vtt.name, picture.image.name]
    for name in names:
        assert re.fullmatch(r"(posters|captions|offerings)/\d{4}/[0-9a-f]{32}\.(jpg|vtt)", name)
        assert offering.slug not in name


@pytest.mark.django_db
def test_a_transcoding_whose_worker_died_is_requeued_by_the_periodic_recovery():
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from lampio.media.tasks import video_transcode, video_transcode_recover

    offering = OfferingFactory(kind=Offering.Kind.RECORDING)
    stuck = VideoAsset.objects.create(offering=offering, status=VideoAsset.Status.PROCESSING)
    busy = VideoAsset.objects.create(offering=offering, status=VideoAsset.Status.PROCESSING)
    VideoAsset.objects.filter(pk=stuck.pk).update(updated_at=timezone.now() - timedelta(hours=2))

    assert video_transcode_recover.call() == 1
    stuck.refresh_from_db()
    busy.refresh_from_db()
    assert stuck.status == VideoAsset.Status.UPLOADED
    assert busy.status == VideoAsset.Status.PROCESSING
    queued = DBTaskResult.objects.filter(status="READY")
    assert queued.filter(
        task_path=video_transcode.module_path, args_kwargs__kwargs={"asset_id": stuck.pk}
    ).exists()
    # ...and the next look is on the queue, once however often it is scheduled.
    assert queued.filter(task_path=video_transcode_recover.module_path).count() == 1
    call_command("schedule_periodic")
    assert queued.filter(task_path=video_transcode_recover.module_path).count() == 1


def test_files_stored_under_guessable_names_before_are_moved(tmp_path):
    import importlib

    from django.apps import apps
    from django.core.files.base import ContentFile

    from lampio.media.models import CaptionTrack

    migration = importlib.import_module("lampio.media.migrations.0005_rename_guessable_media")
    offering = OfferingFactory(kind=Offering.Kind.RECORDING, status=Offering.Status.DRAFT)
    asset = VideoAsset.objects.create(offering=offering)
    old_poster = default_storage.save(f"posters/2026/{asset.pk}.jpg", ContentFile(b"jpeg"))
    old_vtt = default_storage.save(f"captions/2026/{asset.pk}-fi.vtt", ContentFile(b"WEBVTT"))
    VideoAsset.objects.filter(pk=asset.pk).update(poster=old_poster)
    track = CaptionTrack.objects.create(video=asset, language="fi", label="Suomi", vtt=old_vtt)
    migration.rename_guessable(apps, None)
    asset.refresh_from_db()
    track.refresh_from_db()
    for new, old in ((asset.poster.name, old_poster), (track.vtt.name, old_vtt)):
        assert re.search(r"/[0-9a-f]{32}\.(jpg|vtt)$", new), new
        assert default_storage.exists(new) and not default_storage.exists(old)
    assert default_storage.open(track.vtt.name).read() == b"WEBVTT"
