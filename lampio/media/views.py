from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from lampio.core.page_cache import public_page
from lampio.programme.selectors import offering_detail

from .selectors import video_ready_for


@public_page
def watch(request: HttpRequest, slug: str) -> HttpResponse:
    offering = offering_detail(slug)
    if offering is None:
        raise Http404
    video = video_ready_for(offering)
    if video is None:
        raise Http404
    return render(
        request,
        "media/watch.html",
        {
            "offering": offering,
            "video": video,
            "playlist_url": default_storage.url(video.playlist),
        },
    )
