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
