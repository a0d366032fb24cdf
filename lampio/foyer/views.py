from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from .jitsi import table_room, video_token
from .selectors import foyer_load, is_removed, seat_of


@login_required
@require_POST
def video_token_view(request: HttpRequest, foyer_id: int) -> JsonResponse:
    """The Jitsi room of the person's own table, with a token for it."""
    if not settings.JITSI_DOMAIN:
        raise Http404
    foyer = foyer_load(foyer_id)
    if foyer is None or not foyer.is_open() or is_removed(request.user, foyer):
        raise Http404
    seat = seat_of(request.user, foyer)
    if seat is None:
        raise Http404
    room = table_room(foyer.pk, seat.table.code)
    return JsonResponse(
        {
            "domain": settings.JITSI_DOMAIN,
            "room": room,
            "jwt": video_token(user=request.user, room=room),
            "name": request.user.display_name,
        }
    )
