"""Who may fetch an offering's media file when the platform serves media itself.

Media of a published offering are public, but for a paid offering's video and captions, which
are fetched through signed addresses (signing.py). Those of a draft (an offering not published, or a
recording waiting for review) are served only to the people who may see the draft: its
producer's people, the reviewers of its municipalities and platform admins. Everyone else
gets the same 404 as for a file that does not exist. With object storage or a web server in
front of the media folder the platform never sees the request: there, the files' random
names are the protection (docs/security.md)."""

import re
import time
from dataclasses import dataclass

from lampio.accounts.scoping import Scope
from lampio.programme.models import Offering, OfferingImage

from .models import CaptionTrack, VideoAsset

# Folders whose files belong to an offering; anything else (the demo's live origin) is public.
OFFERING_FOLDERS = ("offerings/", "posters/", "captions/", "hls/")
OWNER_KEPT_SECONDS = 10.0
_NARROWER_COPY = re.compile(r"-\d+w\.jpg$")
_LADDER = re.compile(r"^hls/(\d+)/")


@dataclass(frozen=True)
class MediaOwner:
    offering: Offering
    public: bool
    # A paid offering's video and captions: only through a signed address (signing.py).
    paid: bool = False


_owners: dict[str, tuple[float, MediaOwner | None]] = {}


def _owner_key(path: str) -> str:
    ladder = _LADDER.match(path)
    return ladder.group(0) if ladder else path


def _owner_read(path: str) -> MediaOwner | None:
    video = None
    if ladder := _LADDER.match(path):
        video = VideoAsset.objects.filter(pk=int(ladder.group(1))).first()
    elif path.startswith("posters/"):
        video = VideoAsset.objects.filter(poster=path).first()
    elif path.startswith("captions/"):
        track = CaptionTrack.objects.select_related("video").filter(vtt=path).first()
        video = track.video if track else None
    elif path.startswith("offerings/"):
        main = _NARROWER_COPY.sub(".jpg", path)
        image = OfferingImage.objects.select_related("offering").filter(image=main).first()
        if image is None or (main != path and path not in image.narrower.values()):
            return None
        return MediaOwner(image.offering, image.offering.status == Offering.Status.PUBLISHED)
    if video is None:
        return None
    offering = Offering.objects.get(pk=video.offering_id)
    published = offering.status == Offering.Status.PUBLISHED and not video.needs_review
    paid = offering.price_cents > 0 and not path.startswith("posters/")
    return MediaOwner(offering, published and not paid, paid)


def media_owner(path: str) -> MediaOwner | None:
    """The offering a media file belongs to, read at most every few seconds per file (per
    recording for HLS segments, which players fetch every few seconds)."""
    key = _owner_key(path)
    now = time.monotonic()
    kept = _owners.get(key)
    if kept and now - kept[0] < OWNER_KEPT_SECONDS:
        return kept[1]
    if len(_owners) > 10_000:
        _owners.clear()
    owner = _owner_read(path)
    _owners[key] = (now, owner)
    return owner


def media_forget() -> None:
    _owners.clear()


def may_fetch_media(user, path: str) -> tuple[bool, bool]:
    """(may fetch, is public). Files in the offerings' folders that no offering owns (a
    replaced or removed file not yet deleted) are not served."""
    if not path.startswith(OFFERING_FOLDERS):
        return True, True
    owner = media_owner(path)
    if owner is None:
        return False, False
    if owner.public:
        return True, True
    scope = Scope.of(user)
    if scope.may_edit_offering(owner.offering):
        return True, False
    allowed = scope.is_authenticated and (
        scope.offerings_reviewable().filter(pk=owner.offering.pk).exists()
    )
    return allowed, False
