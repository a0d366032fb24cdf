from django.conf import settings
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.static import serve

from lampio.core.page_cache import public_page
from lampio.core.storage import media_on_local_disk, presigned_url
from lampio.foyer.selectors import foyer_context, premiere_clock
from lampio.foyer.services import foyer_for_plan
from lampio.programme.selectors import offering_detail, showing_published
from lampio.tickets.access import may_watch_paid

from .access import may_fetch_media
from .selectors import watch_plan
from .signing import path_is_under, signed_folder, signed_media_url
from .streams import audience_text, stream_audience_state, stream_health_refresh


@public_page
def watch(request: HttpRequest, slug: str) -> HttpResponse:
    offering = offering_detail(slug)
    if offering is None:
        raise Http404
    context = watch_context(request, offering)
    if isinstance(context, HttpResponse):
        return context
    return render(request, "media/watch.html", context)


def watch_context(request: HttpRequest, offering) -> dict | HttpResponse:
    """What the watch page shows (the TV mode of group viewing shows the same): the player's
    source and captions, the broadcast's state and the foyer; for a paid offering without a
    ticket, the way to buy one instead."""
    plan = watch_plan(offering)
    if plan is None:
        raise Http404
    paid = offering.price_cents > 0
    if paid and not may_watch_paid(
        request.user, offering, plan.showing, person=getattr(request, "acting_for", None)
    ):
        # Never the player of a paid offering without a ticket: the way to buy one instead.
        buy = reverse("tickets:buy", args=[offering.slug])
        if plan.showing is not None:
            buy += f"?showing={plan.showing.pk}"
        return HttpResponseRedirect(buy)
    broadcast_state = broadcast_text = ""
    captions = []
    if plan.mode == "live":
        source = plan.showing.stream_url
        showing = stream_health_refresh(plan.showing)
        broadcast_state = stream_audience_state(showing)
        broadcast_text = audience_text(broadcast_state, showing)
    else:
        source, captions = _video_addresses(plan.video, request.user if paid else None)
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


@never_cache
def showing_status(request: HttpRequest, pk: int) -> JsonResponse:
    """Polled by the player: the server's clock, the broadcast's state for the audience and,
    for a premiere, the shared position everybody is at."""
    showing = showing_published(pk)
    if showing is None:
        raise Http404
    now = timezone.now()
    result = {
        "now": now.timestamp(),
        "starts_at": showing.starts_at.timestamp(),
        "ends_at": showing.ends_at.timestamp(),
    }
    if showing.offering.kind == showing.offering.Kind.LIVE:
        showing = stream_health_refresh(showing, now=now)
        state = stream_audience_state(showing, now=now)
        result.update(state=state, text=audience_text(state, showing))
    else:
        clock = premiere_clock(showing=showing, now=now)
        result.update(
            position=clock.position,
            paused_at=clock.paused_at.timestamp() if clock.paused_at else None,
            paused_seconds=clock.paused_seconds,
        )
    return JsonResponse(result)


def media_file_signed(request: HttpRequest, token: str, path: str) -> HttpResponse:
    """A paid offering's media through a signed, expiring token (see signing.py). On the
    local disk the file is served here; with object storage a playlist is read and served
    here (its relative addresses keep the token) and anything else is handed out through a
    presigned address that expires within minutes."""
    folder = signed_folder(token)
    if folder is None or not path_is_under(path, folder):
        raise Http404
    if settings.SERVE_MEDIA and media_on_local_disk():
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    elif path.endswith(".m3u8"):
        if not default_storage.exists(path):
            raise Http404
        with default_storage.open(path) as playlist:
            response = HttpResponse(playlist.read(), content_type="application/vnd.apple.mpegurl")
    else:
        return HttpResponseRedirect(presigned_url(path))
    response["Cache-Control"] = "private, no-cache" if path.endswith(".m3u8") else "private"
    return response


def media_file(request: HttpRequest, path: str) -> HttpResponse:
    """Filesystem media, when the platform serves it itself: a draft's files only to those
    who may see the draft (see access.py). A live playlist changes every few seconds, so
    players must ask again each time instead of trusting a cached copy."""
    allowed, public = may_fetch_media(request.user, path)
    if not allowed:
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if path.endswith(".m3u8"):
        response["Cache-Control"] = "no-cache"
    if not public:
        response["Cache-Control"] = "private, no-store"
    return response
