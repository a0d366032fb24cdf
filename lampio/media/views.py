from django.conf import settings
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.static import serve

from lampio.core.page_cache import public_page
from lampio.core.storage import media_on_local_disk, presigned_url
from lampio.foyer.selectors import premiere_clock
from lampio.programme.selectors import offering_detail, showing_published

from .access import may_fetch_media
from .signing import path_is_under, signed_folder
from .streams import audience_text, stream_audience_state, stream_health_refresh
from .watching import BuyFirst, watch_page_context


@public_page
def watch(request: HttpRequest, slug: str) -> HttpResponse:
    offering = offering_detail(slug)
    if offering is None:
        raise Http404
    context = watch_page_context(
        offering, user=request.user, acting_for=getattr(request, "acting_for", None)
    )
    if isinstance(context, BuyFirst):
        return HttpResponseRedirect(context.url)
    return render(request, "media/watch.html", context)


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
