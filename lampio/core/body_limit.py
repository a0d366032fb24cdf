"""Request bodies are limited before anything reads them.

Django's ASGI handler spools a whole request body before a view can look at its size, so a
64 MB post to a 16 KB endpoint would be read and stored first. This middleware answers 413
as soon as the declared length (or the bytes arriving, for a chunked body) pass the limit of
the path: small for the viewing data, larger for forms with a picture, and none for the
resumable upload, which checks each chunk itself."""

import re

from django.conf import settings

LANGUAGE_PREFIX = re.compile(r"^/(?:fi|sv|en)(?=/)")


class RequestBodyLimit:
    def __init__(self, app):
        self.app = app

    @staticmethod
    def limit_for(path: str) -> int | None:
        path = LANGUAGE_PREFIX.sub("", path)
        if path.startswith("/studio/uploads/"):
            return None  # tus: each PATCH is checked against the upload's own length
        if path.startswith("/beacon"):
            return settings.BEACON_BODY_MAX_BYTES
        return settings.REQUEST_BODY_MAX_BYTES

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.limit_for(scope["path"])
        if limit is None:
            return await self.app(scope, receive, send)
        declared = next(
            (value for name, value in scope.get("headers", []) if name == b"content-length"),
            None,
        )
        if declared is not None:
            try:
                too_large = int(declared) > limit
            except ValueError:
                too_large = True
            if too_large:
                return await self._refuse(send)
            return await self.app(scope, receive, send)
        # No declared length (chunked): read up to the limit here, then hand it on.
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            size += len(message.get("body", b""))
            if size > limit:
                return await self._refuse(send)
            chunks.append(message)
            if not message.get("more_body"):
                break
        replay = iter(chunks)

        async def replayed_receive():
            try:
                return next(replay)
            except StopIteration:
                return await receive()

        return await self.app(scope, replayed_receive, send)

    @staticmethod
    async def _refuse(send) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": b"Request body too large.\n"})
