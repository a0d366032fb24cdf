"""The producer's recording page: upload (resumable), follow the processing, add captions."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lampio.accounts.permissions import role_required
from lampio.core.refusals import RefusedError
from lampio.media.selectors import offering_videos, studio_offerings
from lampio.media.services import caption_track_add, video_attach_to_broadcast
from lampio.programme.models import Offering

from .recording_forms import CaptionUploadForm


@role_required("admin", "producer")
def studio_home(request: HttpRequest) -> HttpResponse:
    offerings = studio_offerings(request.access.offerings_editable())
    producers = request.access.producers_editable().order_by("name")
    return render(request, "studio/home.html", {"offerings": offerings, "producers": producers})


@role_required("admin", "producer")
@require_http_methods(["GET", "POST"])
def recording(request: HttpRequest, slug: str) -> HttpResponse:
    offering = request.access.offerings_editable().filter(slug=slug).first()
    if offering is None:
        raise Http404
    videos = offering_videos(offering)
    broadcasts = list(
        offering.showings.filter(
            offering__kind=Offering.Kind.LIVE, is_cancelled=False, starts_at__lte=timezone.now()
        ).order_by("-starts_at")
    )
    form = CaptionUploadForm()
    if request.method == "POST" and "attach" in request.POST:
        video = next((v for v in videos if str(v.pk) == request.POST.get("video")), None)
        showing = next((s for s in broadcasts if str(s.pk) == request.POST.get("showing")), None)
        if video is None or showing is None:
            messages.error(request, _("Choose the recording and the broadcast."))
        else:
            video_attach_to_broadcast(video=video, showing=showing, actor=request.user)
            messages.success(request, _("The recording is now the recording of the broadcast."))
        return HttpResponseRedirect(reverse("studio:recording", kwargs={"slug": offering.slug}))
    if request.method == "POST":
        form = CaptionUploadForm(request.POST, request.FILES)
        video = next((v for v in videos if str(v.pk) == request.POST.get("video")), None)
        if video is None:
            form.add_error(None, _("Choose the recording the captions belong to."))
        elif form.is_valid():
            try:
                caption_track_add(
                    video=video,
                    language=form.cleaned_data["language"],
                    data=form.cleaned_data["file"].read(),
                    actor=request.user,
                )
            except RefusedError as refusal:
                form.add_error("file", refusal.message)
            else:
                messages.success(request, _("The captions were saved."))
                return HttpResponseRedirect(
                    reverse("studio:recording", kwargs={"slug": offering.slug})
                )
    return render(
        request,
        "studio/recording.html",
        {
            "offering": offering,
            "videos": videos,
            "caption_form": form,
            "broadcasts": broadcasts,
            "chunk_size": settings.UPLOAD_CHUNK_BYTES,
        },
    )
