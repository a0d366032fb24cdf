"""Per-process fan-out of the foyer's summaries: reaction totals (a few times a second) and
presence (every two seconds).

These are snapshots, not events: every process reads the shared totals (the cache; Redis in
production) and the presence table, and sends what changed to its own connections. Nothing
travels through the channel layer per click, so applause from thousands costs the same as
applause from one.
"""

import asyncio
import logging
from collections import defaultdict

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from django.utils import timezone

from .models import Presence
from .rules import rate_ledger
from .schema import FreeSeats, GroupWatching, PresenceOut, Reactions, TableNow
from .selectors import presence_snapshot
from .services import messages_save, presence_apply, presence_sweep, reactions_add_and_read

logger = logging.getLogger(__name__)
REACTION_TICK_SECONDS = 0.25
PRESENCE_EVERY_TICKS = 8  # 2 s
# A change (an arrival, a departure, a move) is shown within a second: a crowd arriving
# costs everyone one presence frame a second, not one per tick.
PRESENCE_CHANGED_EVERY_TICKS = 4
# The tables with free seats offered to move to: the fullest first, as many as a person can
# choose among (a full foyer of thousands has hundreds of tables).
TABLES_OFFERED = 20
SWEEP_EVERY_TICKS = 120  # 30 s


def running_here(task: asyncio.Task | None) -> bool:
    """Is this background task alive in the running event loop? (A task left behind by a
    loop that has closed — between tests, or after a server reload — never runs again.)"""
    return task is not None and not task.done() and task.get_loop() is asyncio.get_running_loop()


class Hub:
    def __init__(self):
        self.members: dict[int, set] = defaultdict(set)
        self.last_reactions: dict[int, dict] = {}
        self.last_presence: dict[int, object] = {}
        self.task: asyncio.Task | None = None
        self.presence_dirty: set[int] = set()
        # Clicks gathered in this process since the last tick, per foyer and kind.
        self.pending: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def add(self, consumer) -> None:
        self.members[consumer.foyer_id].add(consumer)
        self.presence_dirty.add(consumer.foyer_id)
        if not running_here(self.task):
            self.task = asyncio.get_running_loop().create_task(self.run())

    def discard(self, consumer) -> None:
        members = self.members.get(consumer.foyer_id)
        if members is not None:
            members.discard(consumer)
            self.presence_dirty.add(consumer.foyer_id)
            if not members:
                self.members.pop(consumer.foyer_id, None)
                self.last_reactions.pop(consumer.foyer_id, None)
                self.last_presence.pop(consumer.foyer_id, None)
                self.pending.pop(consumer.foyer_id, None)

    def react(self, foyer_id: int, kind: str, count: int) -> None:
        """Count a click here; the next tick adds this process's clicks to the shared totals
        in one go (a handful of cache operations a second, however many click)."""
        self.pending[foyer_id][kind] += count

    def mark_presence(self, foyer_id: int) -> None:
        self.presence_dirty.add(foyer_id)

    async def run(self) -> None:
        tick = 0
        while self.members:
            await asyncio.sleep(REACTION_TICK_SECONDS)
            tick += 1
            try:
                # The rate limit's shared counts: this process's new messages out, in one
                # go per tick (never a round trip per message).
                await sync_to_async(rate_ledger.sync, thread_sensitive=False)()
            except Exception:
                logger.exception("foyer hub: syncing the rate limit failed")
            for foyer_id in list(self.members):
                try:
                    await self._reactions(foyer_id)
                    changed = foyer_id in self.presence_dirty
                    if tick % PRESENCE_EVERY_TICKS == 0 or (
                        changed and tick % PRESENCE_CHANGED_EVERY_TICKS == 0
                    ):
                        if tick % SWEEP_EVERY_TICKS == 0:
                            await database_sync_to_async(presence_sweep)(foyer_id=foyer_id)
                        await self._presence(foyer_id)
                except Exception:  # one foyer's trouble must not stop the rest
                    logger.exception("foyer hub tick failed for foyer %s", foyer_id)
        self.task = None

    def _send_all(self, members, text: str) -> None:
        # Most written to the socket at once (wire.py); the others get it soon, in order,
        # without this loop waiting for a slow client.
        for member in list(members):
            try:
                member.pass_on(text)
            except Exception:  # noqa: BLE001, S112 - a connection that just closed
                continue

    async def _reactions(self, foyer_id: int) -> None:
        clicks = dict(self.pending.pop(foyer_id, {}))
        totals = await sync_to_async(reactions_add_and_read, thread_sensitive=False)(
            foyer_id=foyer_id, clicks=clicks
        )
        if totals != self.last_reactions.get(foyer_id):
            self.last_reactions[foyer_id] = totals
            members = self.members.get(foyer_id, ())
            self._send_all(members, Reactions(totals=totals).model_dump_json())

    async def _presence(self, foyer_id: int) -> None:
        self.presence_dirty.discard(foyer_id)
        snapshot = await database_sync_to_async(presence_snapshot)(foyer_id)
        if snapshot == self.last_presence.get(foyer_id):
            return
        self.last_presence[foyer_id] = snapshot
        with_room = sorted(
            ((free, number) for number, free in snapshot.free.items() if free > 0),
        )[:TABLES_OFFERED]
        tables = [
            FreeSeats(number=n, free=free) for free, n in sorted(with_room, key=lambda t: t[1])
        ]
        by_table: dict[int | None, list] = defaultdict(list)
        for member in list(self.members.get(foyer_id, ())):
            by_table[member.table_number].append(member)
        for number, members in by_table.items():
            text = PresenceOut(
                count=snapshot.count,
                table=TableNow(
                    number=number, people=snapshot.tables.get(number, []) if number else []
                ),
                tables=tables,
                groups=[
                    GroupWatching(place=place, viewers=viewers)
                    for place, viewers in snapshot.groups
                ],
            ).model_dump_json()
            self._send_all(members, text)


hub = Hub()


def settle(future: asyncio.Future, *, result=None, error: Exception | None = None) -> None:
    if future.done() or future.get_loop().is_closed():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


class Gathered:
    """Calls made within `delay_seconds` of each other run together: `function` gets their
    items in one trip to the database thread and returns one result per item. A crowd
    arriving or a table chatting costs a few trips and commits a second, not one per person
    or message; one call alone waits `delay_seconds` more. An exception reaches every caller
    of the batch."""

    def __init__(self, function, delay_seconds: float):
        self.function = function
        self.delay_seconds = delay_seconds
        self.pending: list[tuple[object, asyncio.Future]] = []
        self.flushing: asyncio.Task | None = None

    async def __call__(self, item):
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self.pending.append((item, future))
        if not running_here(self.flushing):
            self.flushing = loop.create_task(self._flush())
        return await future

    async def _flush(self) -> None:
        await asyncio.sleep(self.delay_seconds)
        while self.pending:
            batch, self.pending = self.pending, []
            try:
                results = await database_sync_to_async(self.function)([i for i, _ in batch])
            except Exception as error:  # noqa: BLE001 - every caller hears about it
                for _, future in batch:
                    settle(future, error=error)
                continue
            for result, (_, future) in zip(results, batch, strict=True):
                settle(future, result=result)


# Messages written in the same 25 ms are stored in one transaction (one commit instead of
# hundreds a second); each sender waits until its message is committed and only then
# broadcasts it. A message that could not be stored comes back as None to its own sender
# alone (messages_save retries a failed batch row by row). bench/foyer.py, 2,000 people
# chatting: 25 ms instead of 10 ms took 6-12 % off the CPU per delivered frame (fewer trips
# to the database thread) for 10-14 ms more latency (chat p50 22-24 ms).
batcher = Gathered(lambda messages: messages_save(messages=messages), delay_seconds=0.025)


class PresenceWriter:
    """Arrivals, departures and heartbeats are written together every 200 ms: a crowd
    arriving before a concert costs a few commits a second instead of one per person."""

    delay_seconds = 0.2

    def __init__(self):
        self.seen: dict[str, Presence] = {}
        self.leaves: set[str] = set()
        self.flushing: asyncio.Task | None = None
        self.foyers: set[int] = set()

    def join(self, foyer_id: int, channel_name: str, user_id: int | None) -> None:
        """A connection arrived or sent a heartbeat: it is here now."""
        self.seen[channel_name] = Presence(
            foyer_id=foyer_id, channel_name=channel_name, user_id=user_id, last_seen=timezone.now()
        )
        self.leaves.discard(channel_name)
        self.foyers.add(foyer_id)
        self._schedule()

    touch = join

    def leave(self, foyer_id: int, channel_name: str) -> None:
        self.seen.pop(channel_name, None)
        self.leaves.add(channel_name)
        self.foyers.add(foyer_id)
        self._schedule()

    def _schedule(self) -> None:
        if not running_here(self.flushing):
            self.flushing = asyncio.get_running_loop().create_task(self.flush())

    async def flush(self) -> None:
        await asyncio.sleep(self.delay_seconds)
        seen, leaves, foyers = list(self.seen.values()), self.leaves, self.foyers
        self.seen, self.leaves, self.foyers = {}, set(), set()
        try:
            await database_sync_to_async(presence_apply)(seen=seen, leaves=leaves)
        except Exception:  # noqa: BLE001 - presence heals with the next heartbeat or sweep
            logger.exception("writing presence failed")
        for foyer_id in foyers:
            hub.mark_presence(foyer_id)


presence_writer = PresenceWriter()
