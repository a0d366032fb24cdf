"""The transcoding task, run by the real database worker on a clip made with ffmpeg."""

import pytest
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
    with asset.original.storage.open(asset.original.name, "wb") as handle:
        handle.write(b"not a video any more")
    run_worker()
    asset.refresh_from_db()
    assert asset.status == VideoAsset.Status.FAILED
    assert asset.attempts == 3
    assert asset.playlist == "" and asset.error
    assert not default_storage.exists(f"hls/{asset.pk}")
    assert asset.original.storage.exists(asset.original.name), "the original is kept for a retry"


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
    caption_track_add(video=asset, language="fi", data=SRT.encode())
    assert asset.captions.count() == 1


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
