"""Signed, expiring addresses for the media of paid offerings.

A paid recording's HLS ladder is played from `/media/t/<token>/hls/<id>/master.m3u8`. The
token is signed with the site's secret, names the folder it opens (`hls/<id>/`) and expires.
Playlists refer to their variant playlists and segments by relative paths, so every file the
player fetches next carries the same token: master, variants and segments are all covered by
one signature without rewriting a playlist. Captions get a token for their one file.

The platform checks the token itself; with object storage it then hands out the file through
a short-lived presigned address of the storage (see media_file_signed)."""

from datetime import timedelta

from django.core import signing
from django.urls import reverse

SALT = "lampio.media.signed"
# Long enough for a long recording with pauses; the watch page makes a new one on each visit.
SIGNED_FOR = timedelta(hours=6)


def media_token(folder: str, *, holder_id: int | None) -> str:
    """A token opening the files under `folder` (or the one file named) for SIGNED_FOR."""
    return signing.dumps({"p": folder, "u": holder_id}, salt=SALT)


def signed_media_url(folder: str, name: str, *, holder_id: int | None) -> str:
    """The address of `name` (a file under `folder`) through a token for `folder`."""
    return reverse(
        "media_signed", kwargs={"token": media_token(folder, holder_id=holder_id), "path": name}
    )


def signed_folder(token: str) -> str | None:
    """The folder a token opens, or None when it is forged or has expired."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=SIGNED_FOR)
    except signing.BadSignature:
        return None
    folder = payload.get("p") if isinstance(payload, dict) else None
    return folder if isinstance(folder, str) and folder else None


def path_is_under(path: str, folder: str) -> bool:
    """Is `path` the file `folder` names or inside it, with no way out of it?"""
    if ".." in path.split("/") or path.startswith("/") or "\\" in path:
        return False
    return path == folder or (folder.endswith("/") and path.startswith(folder))
