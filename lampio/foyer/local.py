"""One process's share of every foyer.

`shared`: what is the same for everyone in a foyer (the foyer with its showing and offering,
who hosts it, who is muted or removed) is read once per process, not once per arrival. An
entry is dropped when one of the foyer's own events says it changed (settings, a pin, the
premiere's clock, a mute or a removal: every process hears those) and after
SHARED_FRESH_SECONDS at most, for changes made where no event is sent (the Django admin).

`route`: the process has one channel on the channel layer and subscribes it once to each
group a connection here needs (the foyer, a table, its hosts, everyone's accounts). An event
crosses the layer once per process and reaches this process's connections in one pass, as
the hub's summaries do, instead of a layer message and an asyncio task per connection.
"""

import asyncio
import itertools
import json
import logging
import os
import secrets
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from channels.layers import get_channel_layer
from django.utils import timezone

from . import events
from .models import Foyer, Sanction
from .rules import Writer
from .selectors import foyer_audience, foyer_load, host_ids

logger = logging.getLogger(__name__)
SHARED_FRESH_SECONDS = 30.0


# --- what everyone in a foyer shares ------------------------------------------------------


@dataclass
class FoyerShared:
    foyer: Foyer
    host_ids: frozenset[int]
    removed: set[int]
    muted_until: dict[int, datetime]
    loaded_at: float = field(default_factory=time.monotonic)
    # None: open to everyone. Otherwise only these people (and hosts and admins) come in:
    # an academy course's own foyer (selectors.foyer_audience).
    member_ids: frozenset[int] | None = None
    # For someone not among the members when the foyer was read (a ticket bought since).
    late_member: Callable | None = None

    def admits(self, user) -> bool:
        """Runs in the database thread (late_member may read)."""
        if self.member_ids is None:
            return True
        if not user.is_authenticated:
            return False
        if self.is_host(user) or user.pk in self.member_ids:
            return True
        return self.late_member is not None and self.late_member(user)

    def is_host(self, user) -> bool:
        """The producer's people and platform admins host the foyer (Scope's rule)."""
        if not user.is_authenticated:
            return False
        return (user.is_active and user.is_superuser) or user.pk in self.host_ids

    def writer(self, user) -> Writer:
        foyer = self.foyer
        if not user.is_authenticated:
            return Writer(chat_open=foyer.chat_open, slow_mode_seconds=foyer.slow_mode_seconds)
        until = self.muted_until.get(user.pk)
        return Writer(
            chat_open=foyer.chat_open,
            slow_mode_seconds=foyer.slow_mode_seconds,
            muted_until=until if until and until > timezone.now() else None,
            removed=user.pk in self.removed,
        )


class SharedFoyers:
    def __init__(self):
        self.entries: dict[int, FoyerShared] = {}

    def get(self, foyer_id: int) -> FoyerShared | None:
        """The foyer's shared state (database reads only when it is not fresh here). Runs in
        the database thread."""
        entry = self.entries.get(foyer_id)
        if entry is not None and time.monotonic() - entry.loaded_at < SHARED_FRESH_SECONDS:
            return entry
        foyer = foyer_load(foyer_id)
        if foyer is None:
            self.entries.pop(foyer_id, None)
            return None
        removed, muted = set(), {}
        now = timezone.now()
        for user_id, kind, until in Sanction.objects.filter(foyer=foyer).values_list(
            "user_id", "kind", "until"
        ):
            if kind == Sanction.Kind.REMOVE:
                removed.add(user_id)
            elif until and until > now:
                muted[user_id] = max(until, muted.get(user_id, until))
        audience = foyer_audience(foyer)
        entry = FoyerShared(
            foyer=foyer,
            host_ids=host_ids(foyer) | audience.hosts,
            removed=removed,
            muted_until=muted,
            member_ids=audience.members,
            late_member=audience.late_member,
        )
        self.entries[foyer_id] = entry
        return entry

    def forget(self, foyer_id: int) -> None:
        self.entries.pop(foyer_id, None)

    def clear(self) -> None:
        self.entries.clear()


shared = SharedFoyers()


# --- the process's one subscription -------------------------------------------------------

_connection_numbers = itertools.count(1)
_process_tag = f"{os.getpid()}-{secrets.token_hex(4)}"


def connection_name() -> str:
    """A name for one connection, unique across processes (its presence row's key)."""
    return f"foyer.{_process_tag}.{next(_connection_numbers)}"


class Route:
    def __init__(self):
        self.members: dict[str, set] = defaultdict(set)
        # An account's connections here: a list (one or two devices; a set costs more).
        self.accounts: dict[int, list] = defaultdict(list)
        self.subscribed: dict[str, asyncio.Task] = {}
        self.channel: str | None = None
        self.layer = None
        self.reader: asyncio.Task | None = None
        self.loop = None

    def _ready_here(self) -> bool:
        return (
            self.loop is asyncio.get_running_loop()
            and self.layer is get_channel_layer()
            and self.reader is not None
            and not self.reader.done()
        )

    async def _start(self) -> None:
        """The channel and its reader, once per event loop (a test's loop, a server's)."""
        if self._ready_here():
            return
        self.loop = asyncio.get_running_loop()
        self.layer = get_channel_layer()
        self.channel = await self.layer.new_channel()
        self.members.clear()
        self.accounts.clear()
        self.subscribed = {}
        self.reader = self.loop.create_task(self._read())
        await self._subscribe(events.ACCOUNTS)

    async def _subscribe(self, group: str) -> None:
        task = self.subscribed.get(group)
        if task is None:
            task = self.loop.create_task(self.layer.group_add(group, self.channel))
            self.subscribed[group] = task
        await asyncio.shield(task)

    async def join(self, consumer, groups, account_ids) -> None:
        """Deliver these groups' events to the connection from now on. Returns once the
        process hears every group, so what the connection reads next misses nothing."""
        await self._start()
        for group in groups:
            self.members[group].add(consumer)
            await self._subscribe(group)
        for account_id in account_ids:
            self.accounts[account_id].append(consumer)

    async def move(self, consumer, old: str | None, new: str) -> None:
        if old is not None:
            self._leave_group(consumer, old)
        self.members[new].add(consumer)
        await self._subscribe(new)

    def leave(self, consumer, groups, account_ids) -> None:
        for group in groups:
            self._leave_group(consumer, group)
        for account_id in account_ids:
            people = self.accounts.get(account_id)
            if people is not None:
                if consumer in people:
                    people.remove(consumer)
                if not people:
                    del self.accounts[account_id]

    def _leave_group(self, consumer, group: str) -> None:
        members = self.members.get(group)
        if members is None:
            return
        members.discard(consumer)
        if not members:
            del self.members[group]
            # The subscription stays: a table empties and fills again all evening, and an
            # unused subscription costs the layer nothing until the group expires.

    async def _read(self) -> None:
        while True:
            try:
                message = await self.layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - the layer's trouble must not end the route
                logger.exception("foyer route: receiving failed")
                await asyncio.sleep(0.5)
                continue
            try:
                await self._deliver(message)
            except Exception:  # noqa: BLE001 - one bad event must not stop the next
                logger.exception("foyer route: delivering %s failed", message.get("type"))

    async def _deliver(self, message: dict) -> None:
        kind, group, text = message["type"], message.get("group"), message["text"]
        foyer_id = message.get("foyer")
        if foyer_id is not None and message.get("changes_foyer"):
            shared.forget(foyer_id)
        if kind == events.PERSONAL:
            await self._personal(message, group, text)
            return
        members = list(self.members.get(group, ()))
        if kind == events.SETTINGS:
            payload = json.loads(text)
            for member in members:
                member.settings_apply(payload)
        message_id = message.get("id")
        for member in members:
            try:
                member.pass_on(text, message_id)
            except Exception:  # noqa: BLE001, S112 - a connection that just closed
                continue

    async def _personal(self, message: dict, group: str, text: str) -> None:
        user_id = message["user"]
        if group == events.ACCOUNTS:
            targets = list(self.accounts.get(user_id, ()))
        else:
            targets = [m for m in self.members.get(group, ()) if m.user_id_now == user_id]
        for member in targets:
            try:
                await member.personal(text)
            except Exception:  # noqa: BLE001, S112 - a connection that just closed
                continue


route = Route()
