from importlib import import_module

from django.conf import settings
from django.http.cookie import parse_cookie


class RawSendMiddleware:
    """Keeps the server's own ASGI `send` in the scope for the foyer's broadcasts.

    Channels' session middleware wraps every send to decide whether to save the session,
    which only HTTP responses need; at thousands of WebSocket frames a second that check was
    a fifth of the server's time (bench/foyer.py). Only frames that carry no session change
    go through the raw send."""

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        return await self.inner(dict(scope, lampio_raw_send=send), receive, send)


class SessionReaderMiddleware:
    """The foyer only reads the session (who is this, acting for whom), once, on arrival:
    the store for the cookie's key is made here without I/O and read by the consumer in its
    batch. Nothing is saved back, so nothing wraps the connection's send or keeps the
    parsed cookies (Channels' session middleware does both, for every connection)."""

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        key = None
        for name, value in scope.get("headers", ()):
            if name == b"cookie":
                key = parse_cookie(value.decode("latin-1")).get(settings.SESSION_COOKIE_NAME)
                break
        store = import_module(settings.SESSION_ENGINE).SessionStore
        return await self.inner(dict(scope, session=store(key) if key else None), receive, send)
