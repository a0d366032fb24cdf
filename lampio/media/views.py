from django.conf import settings
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.static import serve

from lampio.core.page_cache import public_page
from lampio.foyer.selectors import foyer_context, premiere_clock
from lampio.foyer.services import foyer_for_plan
from lampio.programme.selectors import offering_detail, showing_published

from .access import may_fetch_media
from .selectors import watch_plan
from .streams import audience_text, stream_audience_state, stream_health_refresh


@public_page
def watch(request: HttpRequest, slug: str) -> HttpResponse:
    offering = offering_detail(slug)
    if offering is None:
        raise Http404
    plan = watch_plan(offering)
    if plan is None:
        raise Http404
    broadcast_state = broadcast_text = ""
    if plan.mode == "live":
        source = plan.showing.stream_url
        showing = stream_health_refresh(plan.showing)
        broadcast_state = stream_audience_state(showing)
        broadcast_text = audience_text(broadcast_state, showing)
    else:
        source = default_storage.url(plan.video.playlist)
    return render(
        request,
        "media/watch.html",
        {
            "offering": offering,
            "plan": plan,
            "video": plan.video,
            "source": source,
            "broadcast_state": broadcast_state,
            "broadcast_text": broadcast_text,
            **foyer_context(foyer_for_plan(plan=plan)),
        },
    )


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
