"""What the watch page shows — and the TV mode of group viewing, which shows the same: the
player's source and captions, the broadcast's state and the foyer; for a paid offering
without a ticket, the way to buy one instead."""

from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.http import Http404
from django.urls import reverse

from lampio.foyer.selectors import foyer_context
from lampio.foyer.services import foyer_for_plan
from lampio.tickets.access import may_watch_paid

from .selectors import watch_plan
from .signing import signed_media_url
from .streams import audience_text, stream_audience_state, stream_health_refresh


@dataclass(frozen=True)
class BuyFirst:
    """A paid offering without a ticket: never the player, the way to buy one instead."""

    url: str


def watch_page_context(offering, *, user, acting_for=None) -> dict | BuyFirst:
    plan = watch_plan(offering)
    if plan is None:
        raise Http404
    paid = offering.price_cents > 0
    if paid and not may_watch_paid(user, offering, plan.showing, person=acting_for):
        buy = reverse("tickets:buy", args=[offering.slug])
        if plan.showing is not None:
            buy += f"?showing={plan.showing.pk}"
        return BuyFirst(buy)
    broadcast_state = broadcast_text = ""
    captions = []
    if plan.mode == "live":
        source = plan.showing.stream_url
        showing = stream_health_refresh(plan.showing)
        broadcast_state = stream_audience_state(showing)
        broadcast_text = audience_text(broadcast_state, showing)
    else:
        source, captions = _video_addresses(plan.video, user if paid else None)
    return {
        "offering": offering,
        "plan": plan,
        "video": plan.video,
        "source": source,
        "captions": captions,
        "broadcast_state": broadcast_state,
        "broadcast_text": broadcast_text,
        **foyer_context(foyer_for_plan(plan=plan)),
    }


def _video_addresses(video, holder) -> tuple[str, list[dict]]:
    """The playlist's and captions' addresses: plain for free offerings, signed and
    expiring for a paid one's ticket holder (signing.py)."""
    tracks = list(video.captions.all())
    if holder is None:
        return default_storage.url(video.playlist), [
            {"track": track, "src": track.vtt.url} for track in tracks
        ]
    ladder = video.playlist.rsplit("/", 1)[0] + "/"
    source = signed_media_url(ladder, video.playlist, holder_id=holder.pk)
    return source, [
        {
            "track": track,
            "src": signed_media_url(track.vtt.name, track.vtt.name, holder_id=holder.pk),
        }
        for track in tracks
    ]
