"""HTTP side of resumable uploads (tus 1.0 core). Permission: the uploader must be allowed to
change the offering (the scoping layer), and only the uploader may continue an upload."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from lampio.accounts.scoping import Scope
from lampio.core.refusals import RefusedError
from lampio.media.selectors import upload_of
from lampio.media.uploads import (
    TUS_VERSION,
    parse_metadata,
    upload_append,
    upload_create,
)

# The HTTP status of each refusal, as the tus protocol and its clients expect.
STATUS_OF_REFUSAL = {
    "media.upload_bad_request": 400,
    "media.video_empty": 400,
    "media.video_too_large": 413,
    "media.upload_too_long": 413,
    "media.upload_finished": 410,
    "media.upload_wrong_offset": 409,
    "media.upload_not_allowed": 403,
}


def _tus(response: HttpResponse) -> HttpResponse:
    response["Tus-Resumable"] = TUS_VERSION
    response["Cache-Control"] = "no-store"
    return response


def _refused(refusal: RefusedError) -> HttpResponse:
    return _tus(
        JsonResponse(
            {"error": refusal.name, "message": refusal.message},
            status=STATUS_OF_REFUSAL.get(refusal.code, 400),
        )
    )


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
        return _refused(RefusedError("media.upload_bad_request"))
    offering = (
        Scope.of(request.user)
        .offerings_editable()
        .filter(slug=metadata.get("offering", ""))
        .first()
    )
    if offering is None:
        return _refused(RefusedError("media.upload_not_allowed"))
    try:
        upload = upload_create(
            offering=offering,
            user=request.user,
            length=length,
            filename=metadata.get("filename", "video"),
            showing_id=metadata.get("showing", ""),
        )
    except RefusedError as refusal:
        return _refused(refusal)
    response = _tus(HttpResponse(status=201))
    response["Location"] = reverse("studio:upload", kwargs={"key": upload.key})
    return response


@login_required
@require_http_methods(["HEAD", "PATCH", "GET"])
def upload(request: HttpRequest, key) -> HttpResponse:
    found = upload_of(key, request.user)
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
        return _refused(RefusedError("media.upload_bad_request"))
    try:
        found = upload_append(upload=found, offset=offset, stream=request, content_length=length)
    except RefusedError as refusal:
        return _refused(refusal)
    response = _tus(HttpResponse(status=204))
    response["Upload-Offset"] = str(found.offset)
    response["Lampio-Upload-Status"] = found.status
    return response
