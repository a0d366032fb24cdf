"""The foyer's rules for writing: who may write now (the writer state), the scam filter's
verdict, and the rate limit and slow mode, which hold per person across processes.

A chat message must cost no database read and no Redis round trip, so the consumer keeps
the person's writer state in memory (loaded when the connection opens, kept current by the
foyer's own events from `events.py`), and the rate limit is counted in this process and
reconciled with the shared cache by the hub a few times a second (`RateLedger`)."""

import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import datetime
from weakref import WeakKeyDictionary

from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.utils import timezone

from lampio.core.refusals import RefusedError

from .filters import blocked_reason
from .models import Foyer

# Per person: at most this many messages in this many seconds (besides any slow mode).
RATE_MESSAGES = 5
RATE_WINDOW_SECONDS = 10
# What a process knows of a person's messages elsewhere is fresh for this long: a message
# after that first reads the shared counts once (one cache read per person per second at
# most, however fast they write).
SHARED_FRESH_SECONDS = 1.0


@dataclass(slots=True)
class Writer:
    """What the consumer knows about the person writing: loaded from the database when the
    connection opens and kept current by the foyer's events (settings, mute, removal reach
    every connection of the foyer or the person, on every process)."""

    chat_open: bool
    slow_mode_seconds: int
    muted_until: datetime | None = None
    removed: bool = False


def check_text(text: str) -> None:
    """Links, addresses, phone numbers and money talk are not passed on (scam protection)."""
    reason = blocked_reason(text)
    if reason is not None:
        raise RefusedError(f"foyer.blocked_{reason}")


def check_may_write(*, foyer: Foyer, user, writer: Writer, host: bool) -> None:
    if not user.is_authenticated:
        raise RefusedError("foyer.log_in")
    now = timezone.now()
    if not foyer.is_open(now):
        raise RefusedError("foyer.closed")
    if host:
        return
    if writer.removed:
        raise RefusedError("foyer.removed")
    if not writer.chat_open:
        raise RefusedError("foyer.chat_closed")
    if writer.muted_until and writer.muted_until > now:
        until = timezone.localtime(writer.muted_until).strftime("%H.%M")
        raise RefusedError("foyer.muted", until=until)


# --- the rate limit and slow mode, per person across processes --------------------------


@dataclass
class PersonRate:
    """One person in one foyer, as this process sees them."""

    sent_here: deque = field(default_factory=deque)  # wall-clock times of messages sent here
    unpushed: list = field(default_factory=list)  # of those, not yet added to the shared count
    shared_buckets: dict = field(default_factory=dict)  # second → messages (all processes)
    shared_last: float = 0.0  # the latest message anywhere, as last read
    read_at: float | None = None  # monotonic time of the last read of the shared cache


def _cache_is_shared() -> bool:
    return not isinstance(caches["default"], LocMemCache)


def _bucket_key(foyer_id: int, user_id: int, second: int) -> str:
    return f"foyer-rate:{foyer_id}:{user_id}:{second}"


def _last_key(foyer_id: int, user_id: int) -> str:
    # The value is in whole milliseconds: an int is stored as itself by Django's Redis
    # serializer, so a raw SET and cache.get() agree on it. (The key's name is new with the
    # format: a float written by an older release is never read as one.)
    return f"foyer-rate-last-ms:{foyer_id}:{user_id}"


def _count(value) -> int:
    """A stored count or time as an int; anything else (not written by this ledger) as 0:
    a stray value must not keep a person from writing."""
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def _redis_client():
    """The Redis client under the default cache when it is Django's RedisCache, else None.
    Through the cache API a person's push was four round trips (its `incr` alone is EXISTS
    then INCRBY) and a new client object each; a pipeline carries a whole tick's in one
    (a quarter of the chat phase's CPU on PostgreSQL + Redis, py-spy, bench/foyer.py)."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return None
    # One client object for each of Django's (get_client() builds a new one on every call,
    # which cost as much as the round trip); it is thread-safe over its connection pool.
    connection = backend._cache
    client = _clients.get(connection)
    if client is None:
        client = _clients[connection] = connection.get_client(write=True)
    return client


_clients: WeakKeyDictionary = WeakKeyDictionary()


def _per_second(moments: list[float]) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for moment in moments:
        counts[int(moment)] += 1
    return counts


class RateLedger:
    """At most RATE_MESSAGES in RATE_WINDOW_SECONDS and one per slow-mode interval, for each
    person however many devices and processes they write from.

    Each process counts its own messages exactly; the shared cache (Redis in production)
    holds per-second counts of everybody's messages. The hub adds this process's new
    messages a few times a second; a person's counts from elsewhere are read when they write
    and what this process knows is more than a second old. A person on two processes can
    therefore go over by what fits in a second, never twice the rate."""

    def __init__(self, *, shared: bool | None = None):
        self.people: dict[tuple[int, int], PersonRate] = defaultdict(PersonRate)
        # Whose messages the next sync adds to the shared counts: a tick touches only them,
        # not everybody who wrote in the window (thousands in a full foyer).
        self.unpushed_people: set[tuple[int, int]] = set()
        self.swept_at = 0.0
        # A process-local cache (the embedded default's one process) has nobody to share
        # with: counting here is the whole truth, and reading or writing it is wasted work.
        self.shared = _cache_is_shared() if shared is None else shared

    def needs_read(self, foyer_id: int, user_id: int) -> bool:
        if not self.shared:
            return False
        rate = self.people.get((foyer_id, user_id))
        return (
            rate is None
            or rate.read_at is None
            or (time.monotonic() - rate.read_at > SHARED_FRESH_SECONDS)
        )

    def check_and_count(
        self, foyer_id: int, user_id: int, *, slow_mode_seconds: int, now: float | None = None
    ) -> None:
        now = time.time() if now is None else now
        rate = self.people[(foyer_id, user_id)]
        while rate.sent_here and now - rate.sent_here[0] >= RATE_WINDOW_SECONDS:
            rate.sent_here.popleft()
        last = max(rate.shared_last, rate.sent_here[-1] if rate.sent_here else 0.0)
        if slow_mode_seconds and last and now - last < slow_mode_seconds:
            raise RefusedError("foyer.slow_mode", seconds=slow_mode_seconds)
        oldest_second = int(now - RATE_WINDOW_SECONDS) + 1
        shared = sum(n for second, n in rate.shared_buckets.items() if second >= oldest_second)
        if max(shared + len(rate.unpushed), len(rate.sent_here)) >= RATE_MESSAGES:
            raise RefusedError("foyer.too_fast")
        rate.sent_here.append(now)
        if self.shared:
            rate.unpushed.append(now)
            self.unpushed_people.add((foyer_id, user_id))

    def sync(self) -> None:
        """Add this process's new messages to the shared counts and, once a window, forget
        people who have been quiet for the whole window (runs off the event loop). Reading
        back is left to the next message of each person: reading everybody every tick cost
        more CPU than the chat itself (bench/foyer.py)."""
        now = time.time()
        # list(): one step under the GIL, while the event loop's thread adds to the set.
        pushing, self.unpushed_people = list(self.unpushed_people), set()
        batch = []
        for key in pushing:
            rate = self.people.get(key)
            if rate is not None and rate.unpushed:
                pending, rate.unpushed = rate.unpushed, []
                batch.append((key, pending))
        if now - self.swept_at >= RATE_WINDOW_SECONDS:
            self.swept_at = now
            for key, rate in list(self.people.items()):
                if rate.unpushed:  # counted while the set was swapped
                    pending, rate.unpushed = rate.unpushed, []
                    batch.append((key, pending))
                elif not rate.sent_here or now - rate.sent_here[-1] >= RATE_WINDOW_SECONDS:
                    self.people.pop(key, None)
        if batch:
            self._push(batch)

    def read(self, foyer_id: int, user_id: int) -> None:
        now = time.time()
        seconds = range(int(now - RATE_WINDOW_SECONDS) + 1, int(now) + 1)
        keys = {_bucket_key(foyer_id, user_id, s): s for s in seconds}
        last_key = _last_key(foyer_id, user_id)
        client = _redis_client()
        if client is None:
            values = cache.get_many([*keys, last_key])
        else:  # the same values as get_many: the ledger stores only ints
            names = [*keys, last_key]
            found = client.mget([cache.make_and_validate_key(name) for name in names])
            values = dict(zip(names, found, strict=True))
        rate = self.people[(foyer_id, user_id)]
        rate.shared_buckets = {second: _count(values.get(key)) for key, second in keys.items()}
        rate.shared_last = _count(values.get(last_key)) / 1000
        rate.read_at = time.monotonic()

    def _push(self, batch: list[tuple[tuple[int, int], list[float]]]) -> None:
        """Add people's new messages (per person, the times) to the shared per-second
        counts and set when each last wrote."""
        client = _redis_client()
        if client is None:  # another shared cache: its own API, a person at a time
            for (foyer_id, user_id), pending in batch:
                for second, count in _per_second(pending).items():
                    key = _bucket_key(foyer_id, user_id, second)
                    cache.add(key, 0, timeout=RATE_WINDOW_SECONDS * 3)
                    cache.incr(key, count)
                cache.set(_last_key(foyer_id, user_id), int(max(pending) * 1000), timeout=3600)
            return
        pipeline = client.pipeline(transaction=False)
        for (foyer_id, user_id), pending in batch:
            for second, count in _per_second(pending).items():
                key = cache.make_and_validate_key(_bucket_key(foyer_id, user_id, second))
                pipeline.incrby(key, count)
                pipeline.expire(key, RATE_WINDOW_SECONDS * 3)
            last = cache.make_and_validate_key(_last_key(foyer_id, user_id))
            pipeline.set(last, int(max(pending) * 1000), ex=3600)
        pipeline.execute()


rate_ledger = RateLedger()
