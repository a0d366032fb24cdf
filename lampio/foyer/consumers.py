"""The foyer's WebSocket consumer: thin. It parses a frame (schema.py), checks the person's
rights and calls one service; the service commits and sends its event (events.py). The
consumer only passes group events on to its client and keeps its writer state in step.

No exception ends a connection: a refusal is explained to the client in its language, and
anything unexpected is logged and answered with a plain "try again"."""

import asyncio
import contextlib
import json
import logging
import time
from collections import defaultdict, deque
from datetime import datetime
from importlib import import_module

from asgiref.sync import sync_to_async
from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.utils import timezone, translation

from lampio.accounts.helper_relations import ACTING_FOR_SESSION_KEY, active_relation
from lampio.accounts.session_users import users_from_sessions
from lampio.core.refusals import RefusedError, refusal_text

from . import events, local, selectors, services, wire
from .hub import Gathered, batcher, hub, presence_writer
from .models import Message
from .rules import rate_ledger
from .schema import (
    HOST_EVENTS,
    WRITE_EVENTS,
    ClockOut,
    Done,
    ErrorOut,
    Me,
    Removed,
    Reported,
    Seated,
    Welcome,
    parse_client_event,
)

logger = logging.getLogger(__name__)
LANGUAGES = {"fi", "sv", "en"}
# Applause is counted, not sent: still, one connection adds at most this many a second.
REACTIONS_PER_SECOND = 20
# Visitors (not logged in) from one network address in one foyer: enough for a family or a
# service house's tablets, not for a script inflating the audience.
VISITORS_PER_ADDRESS = 12
VISITOR_COUNT_SECONDS = 6 * 3600


def _iso(moment):
    return moment.isoformat() if moment else None


class FoyerConsumer(AsyncWebsocketConsumer):
    foyer_id: int
    # No channel of its own: the process's route (local.py) passes every group event on.
    channel_layer_alias = None
    groups = ()
    # Defaults a connection overrides only when it has its own (thousands of connections
    # a process: every attribute set on each of them is memory).
    table_number: int | None = None
    table_id: int | None = None
    table_code: str | None = None
    registered = False
    visitor_key: str | None = None
    helper = None
    reactions_second = 0
    reactions_this_second = 0
    groups_joined: tuple[str, ...] = ()
    account_ids: tuple[int, ...] = ()
    # The server protocol that broadcast frames are written to directly (wire.py), and how
    # many of this connection's sends wait for the server meanwhile (none may be overtaken).
    direct = None
    sends_waiting = 0
    # Group frames waiting for a client that reads slowly, sent in order by a task of their own
    # (pass_on, send_soon): the loops that fan out never wait for one connection.
    frames_waiting: deque | None = None

    async def __call__(self, scope, receive, send) -> None:
        """As Channels' own for a consumer without a channel of its own: the server's
        messages are awaited directly, without a task and an asyncio.wait per message and
        per connection (Channels' await_many_dispatch serves a channel layer too)."""
        if "lampio_raw_send" not in scope:  # not through FoyerScopeMiddleware
            scope = dict(scope, lampio_raw_send=send)
        self.scope = scope
        self.channel_layer = None
        with contextlib.suppress(StopConsumer):
            while True:
                await self.dispatch(await receive())

    async def base_send(self, message) -> None:
        """Every send through the server (Channels' send() comes here), counted while it
        waits for a slow client so that no frame written directly overtakes it."""
        self.sends_waiting += 1
        try:
            await self.scope["lampio_raw_send"](message)
        finally:
            self.sends_waiting -= 1

    async def dispatch(self, message) -> None:
        """As Channels' own, without its close_old_connections() before every message: that
        is a hop through the one thread that runs database calls, and at hundreds of frames
        a second the queue for it delayed every message. Our database calls go through
        database_sync_to_async, which cleans up connections around each call itself."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def websocket_disconnect(self, message) -> None:
        """As Channels' own, without its close_old_connections() hop to the database thread
        (no groups of its own to leave: the route is left in disconnect())."""
        await self.disconnect(message["code"])
        raise StopConsumer

    # --- connection ---------------------------------------------------------------------
    async def connect(self) -> None:
        self.foyer_id = int(self.scope["url_route"]["kwargs"]["foyer_id"])
        self.channel_name = local.connection_name()
        self.user = AnonymousUser()
        query = dict(
            part.split("=", 1)
            for part in self.scope.get("query_string", b"").decode().split("&")
            if "=" in part
        )
        self.language = query.get("lang") if query.get("lang") in LANGUAGES else "fi"
        # Frames that reach the connection before its welcome wait here (see frame()).
        self.backlog: list[tuple[str, int | None]] | None = []
        if not await _arrivals(self):
            await self.close(code=4404)
            return
        if not self.user.is_authenticated and not await self._visitor_admitted():
            await self.close(code=4429)
            return
        await self.accept()
        self.direct = wire.direct_protocol(self.scope["lampio_raw_send"])
        if self.writer.removed:
            await self._send(Removed(message=self._explain("foyer.removed")))
            await self.close(code=4403)
            return
        groups = [events.everyone(self.foyer_id)]
        if self.host:
            groups.append(events.hosts(self.foyer_id))
        if self.table_number is not None:
            groups.append(events.table(self.foyer_id, self.table_number))
        accounts = [self.user.pk] if self.user.is_authenticated else []
        if self.helper is not None:  # the helper logging out everywhere ends this too
            accounts.append(self.helper.pk)
        self.account_ids = tuple(accounts)
        await local.route.join(self, groups, self.account_ids)
        self.groups_joined = tuple(groups)
        presence_writer.join(self.foyer_id, self.channel_name, self._user_id)
        welcome = await _welcomes(self)
        await self._send(welcome)
        await self._backlog_send({m.id for m in welcome.messages})
        # Only after the welcome: the hub's summaries must not arrive before it.
        hub.add(self)
        self.registered = True

    @property
    def _user_id(self) -> int | None:
        return self.user.pk if self.user.is_authenticated else None

    @property
    def user_id_now(self) -> int | None:
        """Whom personal events for this connection name (the person a helper acts for)."""
        return self._user_id

    @staticmethod
    def _load_many(consumers: list["FoyerConsumer"]) -> list[bool]:
        """Everything arrivals read, for a crowd arriving together (local.Gathered): the
        people (from their sessions, in one go), each foyer's shared state (usually already
        here) and their seats. False for a foyer that is not there."""
        sessions = [c._session_store() for c in consumers]
        users = users_from_sessions(sessions)
        loaded, seating = [], defaultdict(list)
        for consumer, user, session in zip(consumers, users, sessions, strict=True):
            consumer.user = user
            entry = local.shared.get(consumer.foyer_id)
            if entry is None:
                loaded.append(False)
                continue
            consumer.foyer = entry.foyer
            consumer._act_for_whom_the_session_says(session)
            if not entry.admits(consumer.user):
                # A members-only foyer is, for anyone else, not there at all.
                loaded.append(False)
                continue
            consumer.host = entry.is_host(consumer.user)
            consumer.writer = entry.writer(consumer.user)
            if consumer.user.is_authenticated and not consumer.writer.removed:
                seating[consumer.foyer_id].append((len(loaded), consumer))
            loaded.append(True)
        for crowd in seating.values():
            seats = services.seats_for(foyer=crowd[0][1].foyer, users=[c.user for _, c in crowd])
            for (index, consumer), seat in zip(crowd, seats, strict=True):
                if seat is None:  # the account deleted as it arrived: not let in
                    loaded[index] = False
                    continue
                consumer.table_id = seat.table_id
                consumer.table_number, consumer.table_code = seat.table.number, seat.table.code
        return loaded

    def _session_store(self):
        """The session named by the connection's cookie (read with the others arriving)."""
        key = self.scope.get("lampio_session_key")
        return import_module(settings.SESSION_ENGINE).SessionStore(key) if key else None

    def _act_for_whom_the_session_says(self, session) -> None:
        """A helper acting for someone (the banner on every page says so) writes, asks and
        sits in the foyer as that person, checked against an active relation as pages are."""
        self.helper = None
        if not self.user.is_authenticated or session is None:
            return
        person_id = session.get(ACTING_FOR_SESSION_KEY)
        relation = active_relation(helper=self.user, person_id=person_id) if person_id else None
        if relation is not None:
            self.helper, self.user = self.user, relation.person

    @staticmethod
    def _welcome_many(consumers: list["FoyerConsumer"]) -> list[Welcome]:
        """Welcomes for arrivals together: one read of recent messages per foyer."""
        tables, foyers = defaultdict(set), {}
        for consumer in consumers:
            tables[consumer.foyer.pk].add(consumer.table_id)
            foyers[consumer.foyer.pk] = consumer.foyer
        recent = {
            (foyer_id, table_id): messages
            for foyer_id, table_ids in tables.items()
            for table_id, messages in selectors.messages_recent(
                foyer=foyers[foyer_id], table_ids=table_ids
            ).items()
        }
        return [c._welcome(recent[(c.foyer.pk, c.table_id)]) for c in consumers]

    def _welcome(self, recent: list[Message]) -> Welcome:
        foyer = self.foyer
        return Welcome(
            me=Me(
                user_id=self._user_id,
                name=self.user.display_name if self.user.is_authenticated else None,
                is_host=self.host,
                table=self.table_number,
                code=self.table_code,
                can_write=self.user.is_authenticated,
            ),
            open=foyer.is_open(),
            opens_at=_iso(foyer.opens_at),
            closes_at=_iso(foyer.closes_at),
            chat_open=foyer.chat_open,
            slow_mode=foyer.slow_mode_seconds,
            pinned=events.message_out(foyer.pinned, None) if foyer.pinned_id else None,
            premiere=events.premiere_out(foyer),
            # The hub's totals of a quarter of a second ago, when it has them.
            reactions=hub.last_reactions.get(foyer.pk) or selectors.reaction_totals(foyer.pk),
            questions=events.questions_out(selectors.questions_list_cached(foyer.pk)).items,
            messages=[self._message_out(m) for m in recent],
        )

    def _message_out(self, message: Message):
        return events.message_out(message, self.table_number if message.table_id else None)

    async def _visitor_admitted(self) -> bool:
        """Count this visitor's connection against their network address (shared cache)."""
        address = (self.scope.get("client") or ("unknown", 0))[0]
        self.visitor_key = f"foyer-visitors:{self.foyer_id}:{address}"
        await cache.aadd(self.visitor_key, 0, timeout=VISITOR_COUNT_SECONDS)
        try:
            count = await cache.aincr(self.visitor_key)
        except ValueError:  # expired between the two calls
            await cache.aset(self.visitor_key, 1, timeout=VISITOR_COUNT_SECONDS)
            count = 1
        if count > VISITORS_PER_ADDRESS:
            await self._visitor_leave()
            return False
        return True

    async def _visitor_leave(self) -> None:
        if self.visitor_key is not None:
            with contextlib.suppress(ValueError):  # expired: nothing to give back
                await cache.adecr(self.visitor_key)
            self.visitor_key = None

    async def disconnect(self, code) -> None:
        await self._visitor_leave()
        local.route.leave(self, self.groups_joined, self.account_ids)
        self.groups_joined = ()
        if self.registered:
            hub.discard(self)
            presence_writer.leave(self.foyer_id, self.channel_name)

    # --- receiving ----------------------------------------------------------------------
    async def receive(self, text_data=None, bytes_data=None) -> None:
        try:
            event = parse_client_event(text_data)
        except RefusedError as refusal:
            await self._error(refusal.code)
            return
        kind = event.type
        if kind in HOST_EVENTS and not self.host:
            await self._error("foyer.not_host")
            return
        if kind in WRITE_EVENTS and not self.user.is_authenticated:
            await self._error("foyer.log_in")
            return
        handler = getattr(self, f"on_{kind}")
        try:
            await handler(event)
        except RefusedError as refusal:
            await self._error(refusal.code, **refusal.params)
        except Exception:
            logger.exception("foyer %s: %s failed", self.foyer_id, kind)
            await self._error("foyer.failed")

    async def on_hello(self, event) -> None:
        missed = await database_sync_to_async(selectors.messages_since)(
            foyer=self.foyer, table_id=self.table_id, after_id=event.last_event_id
        )
        for message in missed:
            await self._send(self._message_out(message))

    async def on_heartbeat(self, event) -> None:
        presence_writer.touch(self.foyer_id, self.channel_name, self._user_id)

    async def on_clock(self, event) -> None:
        server_time = timezone.now().timestamp()
        await self._send(ClockOut(client_time=event.client_time, server_time=server_time))

    async def on_chat(self, event) -> None:
        if not self.host and rate_ledger.needs_read(self.foyer_id, self.user.pk):
            # A first message after a quiet spell: what the person sent elsewhere counts.
            await sync_to_async(rate_ledger.read, thread_sensitive=False)(
                self.foyer_id, self.user.pk
            )
        message = services.message_prepare(
            foyer=self.foyer,
            user=self.user,
            text=event.text,
            writer=self.writer,
            host=self.host,
            table_id=self.table_id,
        )
        saved = await batcher(message)
        if saved is None:
            await self._error("foyer.failed")
            return
        await events.message_posted(saved, self.table_number)

    async def on_react(self, event) -> None:
        second = int(time.monotonic())
        if second != self.reactions_second:
            self.reactions_second, self.reactions_this_second = second, 0
        allowed = min(event.count, REACTIONS_PER_SECOND - self.reactions_this_second)
        if allowed > 0:
            self.reactions_this_second += allowed
            hub.react(self.foyer_id, event.kind, allowed)

    async def on_ask(self, event) -> None:
        await database_sync_to_async(services.question_ask)(
            foyer=self.foyer, user=self.user, text=event.text, writer=self.writer
        )

    async def on_second(self, event) -> None:
        await database_sync_to_async(services.question_second)(
            foyer=self.foyer, user=self.user, question_id=event.question_id
        )

    async def on_report(self, event) -> None:
        await database_sync_to_async(services.message_report)(
            foyer=self.foyer, user=self.user, message_id=event.message_id
        )
        await self._send(Reported(id=event.message_id))

    async def on_move_table(self, event) -> None:
        seat = await database_sync_to_async(services.seat_move)(
            foyer=self.foyer, user=self.user, number=event.table, code=event.code
        )
        number, code = await database_sync_to_async(lambda: (seat.table.number, seat.table.code))()
        if number != self.table_number:
            old = None
            if self.table_number is not None:
                old = events.table(self.foyer_id, self.table_number)
            new = events.table(self.foyer_id, number)
            self.table_id, self.table_number, self.table_code = seat.table_id, number, code
            await local.route.move(self, old, new)
            self.groups_joined = (*(g for g in self.groups_joined if g != old), new)
            hub.mark_presence(self.foyer_id)
        await self._send(Seated(table=number, code=code))

    # --- host tools: each a service, whose event reaches everyone -------------------------
    async def on_host_announce(self, event) -> None:
        await database_sync_to_async(services.announcement_post)(
            foyer=self.foyer, user=self.user, text=event.text
        )

    async def on_host_pin(self, event) -> None:
        await database_sync_to_async(services.message_pin)(
            foyer=self.foyer, message_id=event.message_id, actor=self.user
        )

    async def on_host_hide(self, event) -> None:
        await database_sync_to_async(services.message_hide)(
            foyer=self.foyer, message_id=event.message_id, actor=self.user
        )

    async def on_host_mute(self, event) -> None:
        await database_sync_to_async(services.person_mute)(
            foyer=self.foyer, user_id=event.user_id, minutes=event.minutes, actor=self.user
        )
        await self._send(Done(action="mute", user_id=event.user_id))

    async def on_host_remove(self, event) -> None:
        await database_sync_to_async(services.person_remove)(
            foyer=self.foyer, user_id=event.user_id, actor=self.user
        )
        await self._send(Done(action="remove", user_id=event.user_id))

    async def on_host_slow_mode(self, event) -> None:
        await database_sync_to_async(services.foyer_settings_change)(
            foyer=self.foyer, actor=self.user, slow_mode_seconds=event.seconds
        )

    async def on_host_chat(self, event) -> None:
        await database_sync_to_async(services.foyer_settings_change)(
            foyer=self.foyer, actor=self.user, chat_open=event.open
        )

    async def on_host_answer(self, event) -> None:
        await database_sync_to_async(services.question_answer)(
            foyer=self.foyer, question_id=event.question_id
        )

    async def on_host_premiere(self, event) -> None:
        change = services.premiere_pause if event.action == "pause" else services.premiere_resume
        await database_sync_to_async(change)(foyer=self.foyer, actor=self.user)

    # --- group events (events.py), passed on by the process's route (local.py) -----------
    def frame_now(self, text: str, message_id: int | None = None) -> bool:
        """An event for everyone in a group, already encoded once by the sender, handled
        without waiting: kept until the welcome has gone (the welcome may already hold the
        message), or written straight to the socket. False: not taken (pass_on queues it)."""
        if self.backlog is not None:
            self.backlog.append((text, message_id))
            return True
        return self.write_now(text)

    def pass_on(self, text: str, message_id: int | None = None) -> None:
        """A frame for many (a group event, the hub's summaries), never waiting for this
        connection: at once if it takes it now, else queued behind what waits for it."""
        if not self.frame_now(text, message_id):
            self.send_soon(text)

    async def _backlog_send(self, in_welcome: set[int]) -> None:
        while self.backlog:
            text, message_id = self.backlog.pop(0)
            if message_id is None or message_id not in in_welcome:
                await self.send_raw(text)
        self.backlog = None

    def settings_apply(self, payload: dict) -> None:
        """The chat's settings changed: keep this connection's writer state in step."""
        self.writer.chat_open = payload["chat_open"]
        self.writer.slow_mode_seconds = payload["slow_mode"]
        self.foyer.chat_open, self.foyer.slow_mode_seconds = (
            payload["chat_open"],
            payload["slow_mode"],
        )

    async def personal(self, text: str) -> None:
        """An event for one person (on all their devices), explained in each one's language."""
        payload = json.loads(text)
        if payload["type"] == "logged_out":
            payload["message"] = self._explain("foyer.logged_out")
            await self.send(text_data=json.dumps(payload))
            await self.close(code=4401)
            return
        if payload["type"] == "removed":
            self.writer.removed = True
            payload["message"] = self._explain("foyer.removed")
            await self.send(text_data=json.dumps(payload))
            await self.close(code=4403)
            return
        if payload["type"] == "muted":
            self.writer.muted_until = datetime.fromisoformat(payload["until_iso"])
            payload["message"] = self._explain("foyer.muted", until=payload["until"])
        await self.send(text_data=json.dumps(payload))

    # --- helpers ------------------------------------------------------------------------
    def write_now(self, text: str) -> bool:
        """Written to the socket at once if the connection takes it now (wire.py)."""
        return (
            self.direct is not None
            and not self.sends_waiting
            and self.frames_waiting is None
            and wire.write(self.direct, text)
        )

    def send_soon(self, text: str) -> None:
        """A group frame this connection cannot take now: queued behind the ones already
        waiting and sent by one task through the server's send, which waits for the client.
        One slow or vanished client (its connection is closed by the server's ping timeout)
        must not hold up a table's or the whole hall's frames on this process."""
        if self.frames_waiting is not None:
            self.frames_waiting.append(text)
            return
        self.frames_waiting = deque((text,))
        task = asyncio.get_running_loop().create_task(self._frames_drain())
        _draining.add(task)
        task.add_done_callback(_draining.discard)

    async def _frames_drain(self) -> None:
        try:
            while self.frames_waiting:
                text = self.frames_waiting.popleft()
                await self.base_send({"type": "websocket.send", "text": text})
        except Exception:  # noqa: BLE001 - the connection closed: its frames go with it
            logger.debug("foyer: frames for a closed connection dropped")
        finally:
            self.frames_waiting = None

    async def send_raw(self, text: str) -> None:
        """Send an encoded frame: to the socket at once, else through the server's send
        (behind any frames already waiting for this client)."""
        if self.frames_waiting is not None:
            self.frames_waiting.append(text)
        elif not self.write_now(text):
            await self.base_send({"type": "websocket.send", "text": text})

    async def _send(self, event) -> None:
        await self.send(text_data=event.model_dump_json())

    def _explain(self, code: str, **params) -> str:
        with translation.override(self.language):
            return refusal_text(code, **params)

    async def _error(self, code: str, **params) -> None:
        short = code.partition(".")[2]
        await self._send(ErrorOut(code=short, message=self._explain(code, **params)))


# The tasks sending frames to slow clients (asyncio keeps only weak references to tasks).
_draining: set[asyncio.Task] = set()

# Arrivals in the same few milliseconds are read, seated and welcomed together. Reading and
# seating wait 50 ms for company: at 200 arrivals a second ten share a trip, and bench/foyer.py
# measured 16 % less CPU per seat than with 20 ms for 30 ms more seat p95 (128 vs 99 ms).
_arrivals = Gathered(FoyerConsumer._load_many, delay_seconds=0.05)
_welcomes = Gathered(FoyerConsumer._welcome_many, delay_seconds=0.02)
