"""Resumable uploads: the core of the tus 1.0 protocol (creation, HEAD, PATCH).

A dropped connection loses nothing: the client asks for the offset with HEAD and continues
with PATCH from there. A PATCH at the wrong offset is refused (409) and changes nothing.
"""

import base64
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction

from lampio.core.plain_text import one_line_cut
from lampio.core.refusals import RefusedError
from lampio.programme.models import Offering

from .models import Upload
from .probe import MAX_BYTES
from .services import video_asset_create

TUS_VERSION = "1.0.0"
CHUNK_LIMIT = 64 * 1024 * 1024


def upload_path(upload: Upload) -> Path:
    folder = Path(settings.VAR_DIR) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / str(upload.key)


def parse_metadata(header: str) -> dict[str, str]:
    values = {}
    for pair in (header or "").split(","):
        parts = pair.strip().split(" ", 1)
        if not parts[0]:
            continue
        try:
            values[parts[0]] = base64.b64decode(parts[1]).decode() if len(parts) == 2 else ""
        except (ValueError, UnicodeDecodeError):
            values[parts[0]] = ""
    return values


def upload_create(*, offering, user, length: int, filename: str, showing_id: str = "") -> Upload:
    """Start an upload. `showing_id` names the offering's own live showing when the file is
    its recording: captions then become due 14 days after the broadcast."""
    live_showing = None
    if showing_id:
        live_showing = offering.showings.filter(
            pk=int(showing_id) if showing_id.isdigit() else 0,
            offering__kind=Offering.Kind.LIVE,
        ).first()
        if live_showing is None:
            raise RefusedError("media.upload_bad_request")
    if length <= 0:
        raise RefusedError("media.video_empty")
    if length > MAX_BYTES:
        raise RefusedError("media.video_too_large")
    upload = Upload.objects.create(
        key=uuid.uuid4(),
        offering=offering,
        user=user,
        length=length,
        filename=one_line_cut(filename, 255) or "video",
        live_showing=live_showing,
    )
    upload_path(upload).touch()
    return upload


def upload_append(*, upload: Upload, offset: int, stream, content_length: int) -> Upload:
    """Append the request body at `offset`; on the last byte, check and store the video."""
    if upload.status != Upload.Status.RECEIVING:
        raise RefusedError("media.upload_finished")
    if offset != upload.offset:
        raise RefusedError("media.upload_wrong_offset")
    if content_length > CHUNK_LIMIT or upload.offset + content_length > upload.length:
        raise RefusedError("media.upload_too_long")
    path = upload_path(upload)
    written = 0
    try:
        handle = path.open("r+b")
    except FileNotFoundError:  # another request finished the upload meanwhile
        raise RefusedError("media.upload_finished") from None
    with handle:
        handle.seek(upload.offset)
        while True:
            block = stream.read(min(1024 * 1024, content_length - written))
            if not block:
                break
            handle.write(block)
            written += len(block)
            if written >= content_length:
                break
        # A dropped connection keeps what arrived; the client resumes from the new offset.
        handle.truncate(upload.offset + written)
    # Compare and set: of two requests continuing from the same offset, one advances it.
    advanced = Upload.objects.filter(
        pk=upload.pk, offset=upload.offset, status=Upload.Status.RECEIVING
    ).update(offset=upload.offset + written)
    if not advanced:
        raise RefusedError("media.upload_wrong_offset")
    upload.offset += written
    if upload.offset == upload.length:
        # Only the request that claims the finished upload turns it into a recording.
        claimed = Upload.objects.filter(pk=upload.pk, status=Upload.Status.RECEIVING).update(
            status=Upload.Status.DONE
        )
        if not claimed:
            raise RefusedError("media.upload_finished")
        try:
            with transaction.atomic():
                video = video_asset_create(
                    offering=upload.offering,
                    source=path,
                    filename=upload.filename,
                    actor=upload.user,
                    live_showing=upload.live_showing,
                )
                Upload.objects.filter(pk=upload.pk).update(status=Upload.Status.DONE, video=video)
            upload.status = Upload.Status.DONE
        except RefusedError as error:
            upload.status = Upload.Status.REJECTED
            upload.message = error.message
            Upload.objects.filter(pk=upload.pk).update(status=upload.status, message=upload.message)
        finally:
            path.unlink(missing_ok=True)
    return upload
