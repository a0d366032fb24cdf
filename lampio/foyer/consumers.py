"""The foyer's WebSocket consumer: thin. It checks the schema and the person's rights, calls
a service (which commits), then broadcasts. See schema.py for every message."""

import json
import logging
from datetime import datetime

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone, translation

from . import services
from .hub import batcher, hub, presence_writer
from .messages import explanation
from .models import Message
from .schema import HOST_EVENTS, WRITE_EVENTS, SchemaError, parse_client_event

logger = logging.getLogger(__name__)
LANGUAGES = {"fi", "sv", "en"}


def _iso(moment):
    return moment.isoformat() if moment else None


def message_event(message: Message, table_number: int | None) -> dict:
    return {
        "type": "message",
        "id": message.pk,
        "table": table_number,
        "kind": message.kind,
        "author": message.author_name,
        "author_id": message.author_id,
        "text": message.text,
        "at": message.created_at.isoformat(),
    }


class FoyerConsumer(AsyncWebsocketConsumer):
    foyer_id: int
    table_number: int | None = None

    async def dispatch(self, message) -> None:
        """As Channels' own, without its close_old_connections() before every message: that
        is a hop through the one thread that runs database calls, and at hundreds of frames
        a second the queue for it delayed every message. Our database calls go through
        database_sync_to_async, which cleans up connections around each call itself."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    # --- connection ---------------------------------------------------------------------
    async def connect(self) -> None:
        self.foyer_id = int(self.scope["url_route"]["kwargs"]["foyer_id"])
        self.user = self.scope.get("user") or AnonymousUser()
        query = dict(
            part.split("=", 1)
            for part in self.scope.get("query_string", b"").decode().split("&")
            if "=" in part
        )
        self.language = query.get("lang") if query.get("lang") in LANGUAGES else "fi"
        self.groups_joined: list[str] = []
        self.table_id = None
        self.registered = False
        loaded = await database_sync_to_async(self._load)()
        if loaded is None:
            await self.close(code=4404)
            return
        await self.accept()
        if self.removed:
            await self._send({"type": "removed", "message": self._explain("removed")})
            await self.close(code=4403)
            return
        await self._join(f"foyer-{self.foyer_id}")
        if self.user.is_authenticated:
            await self._join(f"foyer-{self.foyer_id}-u-{self.user.pk}")
        if self.host:
            await self._join(f"foyer-{self.foyer_id}-hosts")
        if self.table_number is not None:
            await self._join(self._table_group(self.table_number))
        presence_writer.join(
            self.foyer_id, self.channel_name, self.user.pk if self.user.is_authenticated else None
        )
        await self._send(await database_sync_to_async(self._welcome)())
        # Only after the welcome: the hub's summaries must not arrive before it.
        hub.add(self)
        self.registered = True

    def _load(self):
        foyer = services.foyer_load(self.foyer_id)
        if foyer is None:
            return None
        self.foyer = foyer
        self.host = services.is_host(self.user, foyer)
        self.writer = services.writer_load(foyer, self.user)
        self.removed = self.writer.removed
        if self.user.is_authenticated and not self.removed:
            seat = services.seat_person(foyer, self.user)
            self.table_id, self.table_number, self.table_code = (
                seat.table_id,
                seat.table.number,
                seat.table.code,
            )
        return foyer

    def _welcome(self) -> dict:
        foyer = self.foyer
        recent = services.recent_messages(foyer, table_id=self.table_id)
        return {
            "type": "welcome",
            "me": {
                "user_id": self.user.pk if self.user.is_authenticated else None,
                "name": self.user.display_name if self.user.is_authenticated else None,
                "is_host": self.host,
                "table": self.table_number,
                "code": getattr(self, "table_code", None),
                "can_write": self.user.is_authenticated,
            },
            "open": foyer.is_open(),
            "opens_at": _iso(foyer.opens_at),
            "closes_at": _iso(foyer.closes_at),
            "chat_open": foyer.chat_open,
            "slow_mode": foyer.slow_mode_seconds,
            "pinned": message_event(foyer.pinned, None) if foyer.pinned_id else None,
            "premiere": self._premiere_state(foyer),
            "reactions": services.reaction_totals(foyer.pk),
            "questions": services.questions_list_cached(foyer.pk),
            "messages": [self._message_dict(m) for m in recent],
        }

    def _message_dict(self, message: Message) -> dict:
        return message_event(message, self.table_number if message.table_id else None)

    def _premiere_state(self, foyer) -> dict | None:
        if foyer.showing is None or foyer.showing.video_id is None:
            return None
        return {
            "type": "premiere",
            "starts_at": foyer.showing.starts_at.timestamp(),
            "paused_at": foyer.paused_at.timestamp() if foyer.paused_at else None,
            "paused_seconds": foyer.paused_seconds,
            "server_time": timezone.now().timestamp(),
        }

    async def disconnect(self, code) -> None:
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)
        if self.registered:
            hub.discard(self)
            presence_writer.leave(self.foyer_id, self.channel_name)

    # --- receiving ----------------------------------------------------------------------
    async def receive(self, text_data=None, bytes_data=None) -> None:
        try:
            event = parse_client_event(text_data)
        except SchemaError as error:
            await self._error(error.code if error.code != "not_text" else "invalid")
            return
        kind = event.type
        if kind in HOST_EVENTS and not self.host:
            await self._error("not_host")
            return
        if kind in WRITE_EVENTS and not self.user.is_authenticated:
            await self._error("log_in")
            return
        handler = getattr(self, f"on_{kind}")
        try:
            await handler(event)
        except services.FoyerError as error:
            await self._error(error.code, **error.params)

    async def on_hello(self, event) -> None:
        missed = await database_sync_to_async(services.messages_since)(
            self.foyer, table_id=self.table_id, after_id=event.last_event_id
        )
        for message in missed:
            await self._send(self._message_dict(message))

    async def on_heartbeat(self, event) -> None:
        presence_writer.touch(
            self.foyer_id, self.channel_name, self.user.pk if self.user.is_authenticated else None
        )

    async def on_clock(self, event) -> None:
        await self._send(
            {
                "type": "clock",
                "client_time": event.client_time,
                "server_time": timezone.now().timestamp(),
            }
        )

    async def on_chat(self, event) -> None:
        message = services.message_prepare(
            self.foyer,
            self.user,
            event.text,
            writer=self.writer,
            host=self.host,
            table_id=self.table_id,
        )
        message = await batcher.save(message)
        await self._broadcast(self._table_group(self.table_number), self._message_dict(message))

    async def on_react(self, event) -> None:
        hub.react(self.foyer_id, event.kind, event.count)

    async def on_ask(self, event) -> None:
        await database_sync_to_async(services.question_ask)(
            self.foyer, self.user, event.text, writer=self.writer
        )
        await self._broadcast_questions()

    async def on_second(self, event) -> None:
        await database_sync_to_async(services.question_second)(
            self.foyer, self.user, event.question_id
        )
        await self._broadcast_questions()

    async def on_report(self, event) -> None:
        report = await database_sync_to_async(services.message_report)(
            self.foyer, self.user, event.message_id
        )
        await self._send({"type": "reported", "id": event.message_id})
        message = await database_sync_to_async(lambda: report.message)()
        await self._broadcast(
            f"foyer-{self.foyer_id}-hosts",
            {
                "type": "report",
                "message": message_event(message, None),
                "reporter": self.user.display_name,
            },
        )

    async def on_move_table(self, event) -> None:
        seat = await database_sync_to_async(services.seat_move)(
            self.foyer, self.user, number=event.table, code=event.code
        )
        number, code = await database_sync_to_async(lambda: (seat.table.number, seat.table.code))()
        if number != self.table_number:
            if self.table_number is not None:
                old = self._table_group(self.table_number)
                await self.channel_layer.group_discard(old, self.channel_name)
                self.groups_joined.remove(old)
            self.table_id, self.table_number, self.table_code = seat.table_id, number, code
            await self._join(self._table_group(number))
            hub.mark_presence(self.foyer_id)
        await self._send({"type": "seated", "table": number, "code": code})

    # --- host tools ---------------------------------------------------------------------
    async def on_host_announce(self, event) -> None:
        message = await database_sync_to_async(services.announcement_post)(
            self.foyer, self.user, event.text
        )
        await self._broadcast(f"foyer-{self.foyer_id}", message_event(message, None))

    async def on_host_pin(self, event) -> None:
        message = await database_sync_to_async(services.message_pin)(self.foyer, event.message_id)
        await self._broadcast(
            f"foyer-{self.foyer_id}",
            {"type": "pinned", "message": message_event(message, None) if message else None},
        )

    async def on_host_hide(self, event) -> None:
        await database_sync_to_async(services.message_hide)(self.foyer, event.message_id)
        await self._broadcast(f"foyer-{self.foyer_id}", {"type": "hidden", "id": event.message_id})

    async def on_host_mute(self, event) -> None:
        sanction = await database_sync_to_async(services.person_mute)(
            self.foyer, self.user, event.user_id, event.minutes
        )
        until = timezone.localtime(sanction.until).strftime("%H.%M")
        await self._broadcast(
            f"foyer-{self.foyer_id}-u-{event.user_id}",
            {"type": "muted", "until": until, "until_iso": sanction.until.isoformat()},
        )
        await self._send({"type": "done", "action": "mute", "user_id": event.user_id})

    async def on_host_remove(self, event) -> None:
        await database_sync_to_async(services.person_remove)(self.foyer, self.user, event.user_id)
        await self._broadcast(f"foyer-{self.foyer_id}-u-{event.user_id}", {"type": "removed"})
        await self._send({"type": "done", "action": "remove", "user_id": event.user_id})

    async def on_host_slow_mode(self, event) -> None:
        await self._settings(slow_mode_seconds=event.seconds)

    async def on_host_chat(self, event) -> None:
        await self._settings(chat_open=event.open)

    async def on_host_answer(self, event) -> None:
        await database_sync_to_async(services.question_answer)(self.foyer, event.question_id)
        await self._broadcast_questions()

    async def on_host_premiere(self, event) -> None:
        change = services.premiere_pause if event.action == "pause" else services.premiere_resume
        foyer = await database_sync_to_async(change)(self.foyer)
        state = await database_sync_to_async(self._premiere_state)(foyer)
        if state is not None:
            await self._broadcast(f"foyer-{self.foyer_id}", state)

    async def _settings(self, **fields) -> None:
        foyer = await database_sync_to_async(services.foyer_settings_change)(self.foyer, **fields)
        payload = {
            "type": "settings",
            "chat_open": foyer.chat_open,
            "slow_mode": foyer.slow_mode_seconds,
        }
        await self.channel_layer.group_send(
            f"foyer-{self.foyer_id}", {"type": "foyer.settings", "text": json.dumps(payload)}
        )

    # --- group events -------------------------------------------------------------------
    async def foyer_event(self, event) -> None:
        """An event for everyone in a group, already encoded once by the sender."""
        await self.send_raw(event["text"])

    async def foyer_settings(self, event) -> None:
        """The host changed the chat: keep this connection's writer state in step."""
        payload = json.loads(event["text"])
        self.writer.chat_open = payload["chat_open"]
        self.writer.slow_mode_seconds = payload["slow_mode"]
        await self.send(text_data=event["text"])

    async def foyer_personal(self, event) -> None:
        """An event for one person (on all their devices), explained in each one's language."""
        payload = json.loads(event["text"])
        if payload["type"] == "removed":
            self.writer.removed = True
            payload["message"] = self._explain("removed")
            await self._send(payload)
            await self.close(code=4403)
            return
        if payload["type"] == "muted":
            self.writer.muted_until = datetime.fromisoformat(payload["until_iso"])
            payload["message"] = self._explain("muted", until=payload["until"])
        await self._send(payload)

    # --- helpers ------------------------------------------------------------------------
    async def send_raw(self, text: str) -> None:
        """Send an encoded frame straight to the server (see RawSendMiddleware)."""
        raw_send = self.scope.get("lampio_raw_send")
        if raw_send is None:
            await self.send(text_data=text)
        else:
            await raw_send({"type": "websocket.send", "text": text})

    def _table_group(self, number: int | None) -> str:
        return f"foyer-{self.foyer_id}-t-{number}"

    async def _join(self, group: str) -> None:
        await self.channel_layer.group_add(group, self.channel_name)
        self.groups_joined.append(group)

    async def _broadcast(self, group: str, payload: dict) -> None:
        kind = "foyer.personal" if "-u-" in group else "foyer.event"
        await self.channel_layer.group_send(group, {"type": kind, "text": json.dumps(payload)})

    async def _broadcast_questions(self) -> None:
        items = await database_sync_to_async(services.questions_list)(self.foyer_id)
        await self._broadcast(f"foyer-{self.foyer_id}", {"type": "questions", "items": items})

    async def _send(self, payload: dict) -> None:
        await self.send(text_data=json.dumps(payload))

    def _explain(self, code: str, **params) -> str:
        with translation.override(self.language):
            return explanation(code, **params)

    async def _error(self, code: str, **params) -> None:
        await self._send({"type": "error", "code": code, "message": self._explain(code, **params)})
