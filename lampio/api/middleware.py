"""ETags for the open data API: a client that sends back `If-None-Match` gets 304 and no
body when nothing changed (feed readers and municipal sites poll the same lists)."""

import hashlib

from django.utils.cache import get_conditional_response

API_PREFIX = "/api/"


class ApiConditionalGetMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or request.method not in {"GET", "HEAD"}:
            return response
        if response.status_code != 200 or response.streaming:
            return response
        etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
        response["ETag"] = etag
        response["Cache-Control"] = "public, max-age=60"
        response.headers.setdefault("Vary", "Accept-Language")
        return get_conditional_response(request, etag=etag, response=response)
