"""The embedded default's channel layer (one process, no Redis)."""

import time

from channels.layers import InMemoryChannelLayer as ChannelsInMemoryChannelLayer


class InMemoryChannelLayer(ChannelsInMemoryChannelLayer):
    """Channels' in-memory layer sweeps every channel and group for expired entries on every
    receive and group send, which is quadratic with a full foyer (the benchmark found a third
    of the server's time there at 500 clients). Sweeping once a second keeps the expiry
    behaviour and costs nothing measurable."""

    clean_interval_seconds = 1.0
    _cleaned_at = 0.0

    def __init__(self, *, capacity: int = 100_000, **options):
        # A process has one foyer channel, which carries every event for all its
        # connections (foyer/local.py): Channels' default of 100 would drop them in a rush.
        super().__init__(capacity=capacity, **options)

    def _clean_expired(self) -> None:
        now = time.monotonic()
        if now - self._cleaned_at < self.clean_interval_seconds:
            return
        self._cleaned_at = now
        super()._clean_expired()
