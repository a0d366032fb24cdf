from django.conf import settings
from django.http.cookie import parse_cookie


class FoyerScopeMiddleware:
    """What the foyer's connections need from the server, put in one copy of the scope.

    `lampio_raw_send`: the server's own ASGI `send`, for the foyer's broadcasts. Channels'
    session middleware wraps every send to decide whether to save the session, which only
    HTTP responses need; at thousands of frames a second that check was a fifth of the
    server's time (bench/foyer.py).

    `lampio_session_key`: the session cookie's value. The foyer only reads the session (who
    is this, acting for whom), once, on arrival, in one query for everyone arriving together
    (accounts/session_users.py); nothing is saved back, so no session object stays with the
    connection for its whole life."""

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        key = None
        for name, value in scope.get("headers", ()):
            if name == b"cookie":
                key = parse_cookie(value.decode("latin-1")).get(settings.SESSION_COOKIE_NAME)
                break
        return await self.inner(
            dict(scope, lampio_raw_send=send, lampio_session_key=key or None), receive, send
        )
