"""HTTP side of resumable uploads (tus 1.0 core). Permission: the uploader must be allowed to
change the offering (the scoping layer), and only the uploader may continue an upload."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from lampio.accounts.scoping import Scope
from lampio.media.models import Upload
from lampio.media.uploads import (
    TUS_VERSION,
    UploadError,
    parse_metadata,
    upload_append,
    upload_create,
)

ERRORS = {
    "empty": _("The file is empty. Please choose the video file again."),
    "too_large": _("The file is larger than 20 GB. Please make it smaller and try again."),
    "too_long": _("More data arrived than the file has. Please start the upload again."),
    "wrong_offset": _(
        "The upload continued from the wrong place. Your browser will ask where to continue."
    ),
    "finished": _("This upload has already finished."),
    "not_allowed": _("You cannot add recordings to this performance."),
    "bad_request": _("The upload request was not understood. Please start the upload again."),
}


def _tus(response: HttpResponse) -> HttpResponse:
    response["Tus-Resumable"] = TUS_VERSION
    response["Cache-Control"] = "no-store"
    return response


def _error(status: int, code: str) -> HttpResponse:
    return _tus(JsonResponse({"error": code, "message": str(ERRORS[code])}, status=status))


def _int_header(request: HttpRequest, name: str) -> int | None:
    try:
        return int(request.headers.get(name, ""))
    except ValueError:
        return None


@login_required
@require_http_methods(["POST", "OPTIONS"])
def create(request: HttpRequest) -> HttpResponse:
    if request.method == "OPTIONS":
        response = _tus(HttpResponse(status=204))
        response["Tus-Version"] = TUS_VERSION
        response["Tus-Max-Size"] = str(20 * 1024**3)
        return response
    length = _int_header(request, "Upload-Length")
    metadata = parse_metadata(request.headers.get("Upload-Metadata", ""))
    if length is None:
        return _error(400, "bad_request")
    offering = (
        Scope.of(request.user)
        .offerings_editable()
        .filter(slug=metadata.get("offering", ""))
        .first()
    )
    if offering is None:
        return _error(403, "not_allowed")
    try:
        upload = upload_create(
            offering=offering,
            user=request.user,
            length=length,
            filename=metadata.get("filename", "video"),
            showing_id=metadata.get("showing", ""),
        )
    except UploadError as error:
        return _error(error.status, error.message)
    response = _tus(HttpResponse(status=201))
    response["Location"] = reverse("studio:upload", kwargs={"key": upload.key})
    return response


@login_required
@require_http_methods(["HEAD", "PATCH", "GET"])
def upload(request: HttpRequest, key) -> HttpResponse:
    found = Upload.objects.select_related("offering").filter(key=key, user=request.user).first()
    if found is None:
        return _tus(HttpResponse(status=404))
    if request.method == "GET":
        return _tus(
            JsonResponse(
                {
                    "status": found.status,
                    "offset": found.offset,
                    "length": found.length,
                    "message": found.message,
                }
            )
        )
    if request.method == "HEAD":
        response = _tus(HttpResponse(status=200))
        response["Upload-Offset"] = str(found.offset)
        response["Upload-Length"] = str(found.length)
        return response
    offset = _int_header(request, "Upload-Offset")
    length = _int_header(request, "Content-Length")
    if (
        offset is None
        or length is None
        or request.content_type != "application/offset+octet-stream"
    ):
        return _error(400, "bad_request")
    try:
        found = upload_append(upload=found, offset=offset, stream=request, content_length=length)
    except UploadError as error:
        return _error(error.status, error.message)
    response = _tus(HttpResponse(status=204))
    response["Upload-Offset"] = str(found.offset)
    response["Lampio-Upload-Status"] = found.status
    return response
