"""Recordings: storing an upload, transcoding it to an HLS ladder, adding captions."""

import logging
import secrets
import shutil
import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from lampio.core.audit import audit_record
from lampio.core.storage import originals_storage
from lampio.programme.durations import offering_duration_follow_video
from lampio.programme.review import changes_need_review

from .captions import captions_to_vtt
from .ladder import SEGMENT_SECONDS, ladder_for, one_pass_command, poster_command
from .models import CaptionTrack, VideoAsset
from .probe import probe_video
from .tasks import video_transcode

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 3
LANGUAGE_LABELS = {"fi": "Suomi", "sv": "Svenska", "en": "English", "se": "Sámegiella"}


CAPTION_DAYS = 14


def video_asset_create(
    *, offering, source: Path, filename: str, actor=None, live_showing=None
) -> VideoAsset:
    """Check the file with ffprobe, keep the original and queue the transcoding.
    Nothing is created when the file is not a usable video (ProbeError)."""
    info = probe_video(source)
    with transaction.atomic():
        asset = VideoAsset(
            offering=offering,
            duration_seconds=info.duration,
            width=info.width,
            height=info.height,
            live_showing=live_showing,
            needs_review=changes_need_review(offering=offering, actor=actor),
            captions_due_on=(
                timezone.localdate(live_showing.starts_at) + timedelta(days=CAPTION_DAYS)
                if live_showing is not None
                else None
            ),
        )
        # The field names it unguessably (core.storage.UnguessableName); only the type stays.
        with source.open("rb") as handle:
            asset.original.save(f"original{Path(filename).suffix}", File(handle), save=False)
        asset.save()
        audit_record(
            action="media.video_uploaded",
            actor=actor,
            municipality=None,
            target=asset,
            data={"offering": offering.pk, "seconds": round(info.duration, 1)},
        )
        transaction.on_commit(lambda: video_transcode.enqueue(asset_id=asset.pk))
    return asset


def _local_copy(field, workdir: Path) -> Path:
    """A local path to the stored original (storages may be remote)."""
    try:
        return Path(field.storage.path(field.name))
    except NotImplementedError:
        target = workdir / "original"
        with field.storage.open(field.name, "rb") as source, target.open("wb") as out:
            shutil.copyfileobj(source, out)
        return target


def _run_with_progress(command: list[str], asset: VideoAsset) -> None:
    total_us = max(1.0, (asset.duration_seconds or 1) * 1_000_000)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    reported = 0
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("out_time_us="):
            try:
                done = int(line.split("=", 1)[1]) / total_us
            except ValueError:
                continue
            percent = min(99, int(done * 100))
            if percent >= reported + 5:
                reported = percent
                VideoAsset.objects.filter(pk=asset.pk).update(progress=percent)
    stderr = process.stderr.read() if process.stderr else ""
    if process.wait() != 0:
        raise RuntimeError(stderr[-2000:])


def video_transcode_run(*, asset_id: int) -> None:
    """Make the ladder in a private work folder, then publish it in one step.

    A crash or a kill at any moment leaves the asset unpublished (no playlist), the original
    in place and at most an orphaned upload prefix, which the next attempt removes."""
    asset = VideoAsset.objects.select_related("offering").filter(pk=asset_id).first()
    if asset is None or asset.status == VideoAsset.Status.READY:
        return
    VideoAsset.objects.filter(pk=asset.pk).update(
        status=VideoAsset.Status.PROCESSING, attempts=F("attempts") + 1, progress=0, error=""
    )
    asset.refresh_from_db()
    prefix = f"hls/{asset.pk}/{secrets.token_hex(8)}"
    workdir = Path(tempfile.mkdtemp(prefix=f"lampio-transcode-{asset.pk}-"))
    try:
        source = _local_copy(asset.original, workdir)
        info = probe_video(source)
        renditions = ladder_for(info.height)
        output = workdir / "hls"
        for rendition in renditions:
            (output / rendition.name).mkdir(parents=True, exist_ok=True)
        _run_with_progress(
            one_pass_command(
                source,
                output,
                renditions,
                fps=info.fps,
                has_audio=info.has_audio,
                demuxer=info.demuxer,
            ),
            asset,
        )
        poster = workdir / "poster.jpg"
        subprocess.run(
            poster_command(
                source, poster, at_seconds=min(2.0, info.duration / 2), demuxer=info.demuxer
            ),
            capture_output=True,
            check=True,
            timeout=120,
        )
        for path in sorted(output.rglob("*")):
            if path.is_file():
                with path.open("rb") as handle:
                    default_storage.save(f"{prefix}/{path.relative_to(output)}", File(handle))
        with transaction.atomic():
            locked = VideoAsset.objects.select_for_update().get(pk=asset.pk)
            locked.poster.save("poster.jpg", ContentFile(poster.read_bytes()), save=False)
            locked.playlist = f"{prefix}/master.m3u8"
            locked.renditions = [
                {"name": r.name, "height": r.height, "kbps": r.video_kbps} for r in renditions
            ]
            locked.status = VideoAsset.Status.READY
            locked.progress = 100
            original = locked.original.name
            locked.original = ""
            locked.save()
            if not locked.needs_review:
                offering_duration_follow_video(offering=asset.offering)
            transaction.on_commit(lambda: originals_storage.delete(original))
        logger.info(
            "video %s ready: %s renditions, %ss segments",
            asset.pk,
            len(renditions),
            SEGMENT_SECONDS,
        )
    except Exception as error:  # noqa: BLE001 - every failure is recorded and retried
        _delete_prefix(prefix)
        attempts = VideoAsset.objects.get(pk=asset.pk).attempts
        final = attempts >= MAX_ATTEMPTS
        VideoAsset.objects.filter(pk=asset.pk).update(
            status=VideoAsset.Status.FAILED if final else VideoAsset.Status.UPLOADED,
            error=str(error)[-2000:],
            progress=0,
        )
        logger.warning("video %s attempt %s failed: %s", asset.pk, attempts, error)
        if final:
            _original_discard(asset.pk)
        else:
            video_transcode.enqueue(asset_id=asset.pk)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _original_discard(asset_id: int) -> None:
    """After the last attempt the producer's original is not kept: it failed to become a
    recording, and an unused copy of someone's video is only a liability."""
    asset = VideoAsset.objects.filter(pk=asset_id).first()
    if asset is None or not asset.original:
        return
    name = asset.original.name
    VideoAsset.objects.filter(pk=asset_id).update(original="")
    originals_storage.delete(name)


def _delete_prefix(prefix: str) -> None:
    try:
        directories, files = default_storage.listdir(prefix)
    except (FileNotFoundError, NotImplementedError, OSError):
        return
    for name in files:
        default_storage.delete(f"{prefix}/{name}")
    for directory in directories:
        _delete_prefix(f"{prefix}/{directory}")


def video_transcode_recover_stale(*, older_than_minutes: int = 60) -> int:
    """Requeue videos whose worker died mid-job (still 'processing' long after an update)."""
    cutoff = timezone.now() - timezone.timedelta(minutes=older_than_minutes)
    stale = list(
        VideoAsset.objects.filter(
            status=VideoAsset.Status.PROCESSING, updated_at__lt=cutoff
        ).values_list("pk", flat=True)
    )
    for pk in stale:
        VideoAsset.objects.filter(pk=pk).update(status=VideoAsset.Status.UPLOADED)
        video_transcode.enqueue(asset_id=pk)
    return len(stale)


def caption_track_add(*, video: VideoAsset, language: str, data: bytes, actor=None) -> CaptionTrack:
    """Check and store a caption file (WebVTT or SRT) for one language, replacing any earlier."""
    vtt = captions_to_vtt(data)
    with transaction.atomic():
        replaced = list(CaptionTrack.objects.filter(video=video, language=language))
        for old in replaced:
            name, storage = old.vtt.name, old.vtt.storage
            old.delete()
            # The replaced file goes too: its address must not keep serving old captions.
            transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
        track = CaptionTrack(
            video=video, language=language, label=LANGUAGE_LABELS.get(language, language)
        )
        track.vtt.save(f"{language}.vtt", ContentFile(vtt.encode()), save=False)
        track.save()
        audit_record(
            action="media.captions_added", actor=actor, target=track, data={"language": language}
        )
    return track


@transaction.atomic
def video_attach_to_broadcast(*, video: VideoAsset, showing, actor=None) -> VideoAsset:
    """Mark an uploaded recording as the recording of a live broadcast: it becomes watchable
    any time, and its captions are due 14 days after the broadcast."""
    video.live_showing = showing
    video.captions_due_on = timezone.localdate(showing.starts_at) + timedelta(days=CAPTION_DAYS)
    video.save(update_fields=["live_showing", "captions_due_on", "updated_at"])
    audit_record(
        action="media.recording_attached",
        actor=actor,
        target=video,
        data={"showing": showing.pk},
    )
    return video
