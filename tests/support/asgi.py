"""An ASGI wrapper that counts how many requests reached the application behind it."""


class CountingApp:
    def __init__(self, app):
        self.app = app
        self.calls = 0

    async def __call__(self, scope, receive, send):
        self.calls += 1
        await self.app(scope, receive, send)
