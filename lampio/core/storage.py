"""Where files live: the local disk by default, S3-compatible object storage when configured.

Two storages: "default" holds public media (HLS ladders, posters, images, captions), and
"originals" holds uploaded source files, which are private and deleted once transcoded.
"""

import re
import secrets
from pathlib import Path, PurePath

from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, empty

from lampio.config import Env


def storages_for(env: Env, *, var_dir: Path, debug: bool) -> dict:
    static_backend = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
        if debug
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    result = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "originals": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": var_dir / "originals", "base_url": None},
        },
        "staticfiles": {"BACKEND": static_backend},
    }
    if env.s3_bucket:
        s3 = {
            "bucket_name": env.s3_bucket,
            "endpoint_url": env.s3_endpoint_url,
            "region_name": env.s3_region,
            "access_key": env.s3_access_key_id,
            "secret_key": (
                env.s3_secret_access_key.get_secret_value() if env.s3_secret_access_key else None
            ),
            "file_overwrite": False,
        }
        # HLS playlists refer to their segments by relative paths, so public media URLs are
        # plain (no query-string signatures) and a CDN domain may sit in front.
        result["default"] = {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **s3,
                "location": "media",
                "querystring_auth": False,
                "custom_domain": env.s3_custom_domain,
            },
        }
        result["originals"] = {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**s3, "location": "originals", "querystring_auth": True},
        }
    return result


def media_origins(env: Env) -> list[str]:
    """Origins the browser loads media from besides the platform itself (for the CSP)."""
    if not env.s3_bucket:
        return []
    if env.s3_custom_domain:
        return [f"https://{env.s3_custom_domain}"]
    if env.s3_endpoint_url:
        return [env.s3_endpoint_url.rstrip("/")]
    return ["https://*.amazonaws.com"]


def media_on_local_disk() -> bool:
    return isinstance(storages["default"], FileSystemStorage)


# A presigned address of a paid file lives this long: the player fetches each segment at once.
PRESIGNED_SECONDS = 300


def presigned_url(name: str) -> str:
    """A short-lived address of a media file in object storage that works without public
    read access (the token in /media/t/ was checked before this is handed out)."""
    from django.conf import settings
    from storages.backends.s3 import S3Storage

    options = {
        **settings.STORAGES["default"].get("OPTIONS", {}),
        "querystring_auth": True,
        "querystring_expire": PRESIGNED_SECONDS,
        "custom_domain": None,
    }
    return S3Storage(**options).url(name)


class OriginalsStorage(LazyObject):
    """STORAGES["originals"], looked up when first used (and again after settings change)."""

    def _setup(self):
        self._wrapped = storages["originals"]


originals_storage = OriginalsStorage()


def private_storage():
    """STORAGES["originals"] as a callable for FileField(storage=…), so that migrations name
    this function instead of freezing one machine's folder."""
    return storages["originals"]


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs) -> None:
    if setting == "STORAGES":
        originals_storage._wrapped = empty


@deconstructible
class UnguessableName:
    """`upload_to` for media: `<folder>/<year>/<32 random hex digits>.<ext>`, so that a file
    of an unpublished offering cannot be found by trying addresses (its page is the only way
    to learn the name), and a replaced file's name is never reused."""

    def __init__(self, folder: str):
        self.folder = folder.strip("/")

    def __call__(self, instance, filename: str) -> str:
        suffix = re.sub(r"[^a-z0-9]", "", PurePath(filename).suffix.lower())[:8]
        name = secrets.token_hex(16) + (f".{suffix}" if suffix else "")
        year = timezone.now().year
        return f"{self.folder}/{year}/{name}" if self.folder else f"{year}/{name}"

    def __eq__(self, other) -> bool:
        return isinstance(other, UnguessableName) and other.folder == self.folder
