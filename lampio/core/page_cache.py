"""The public page cache: programme pages that every anonymous visitor sees alike are served
from process memory, in front of Django, at the speed of a static file.

Views opt in with `@public_page`. The ASGI layer `PublicPageCache` keeps the first complete
response for each key and answers the next requests itself. The key holds everything such
a page depends on: the path (which carries the language), the query, the display-preference
and language cookies, whether the client takes gzip and today's date (pages say "tänään");
each entry remembers the programme version it was made from. Every change to programme data
bumps that version in the shared cache after commit; each process looks at it at most once a
second, so an edit reaches every process within a second, and at once in the process that
made it.

No stampede: when an entry expires or the programme changes, the first request renders the
page again while the others get the previous version (or, if there is none, wait for that one
render); a render that cannot be kept (an error, a page gone) drops the previous version.

Visitors with a session cookie get the same cached page with their own header parts put in
(personal_pages.py), or go through Django when anything else could differ. Other methods,
and responses that set cookies or are not marked public, always go through Django.
"""

import asyncio
import hashlib
import time
from collections import OrderedDict
from functools import wraps
from http.cookies import SimpleCookie

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http.request import split_domain_port, validate_host
from django.utils import timezone

from . import personal_pages
from .language import language_of_path
from .preferences import CONTRAST_COOKIE, TEXT_SIZE_COOKIE

VERSION_KEY = "programme:version"
MARKER_HEADER = b"x-lampio-public-page"
BYPASS_PREFIXES = ("/static/", "/media/", f"/{settings.ADMIN_PATH}", "/healthz", "/ws/")

_local_version = {"value": None, "checked": 0.0}


def programme_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # Start from the clock, not 1: after a cache flush, old entries cannot match again.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def programme_changed() -> None:
    """Invalidate every cached public page once the current transaction commits."""

    def bump() -> None:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, time.time_ns(), timeout=None)
        _local_version["checked"] = 0.0  # this process sees its own change at once

    transaction.on_commit(bump)


def public_page(view):
    """Mark a view's successful responses as the same for every anonymous visitor."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.cookies:
            response[MARKER_HEADER.decode()] = "1"
        return response

    wrapper.lampio_public_page = True
    return wrapper


class PublicPageCache:
    """ASGI middleware in front of Django that serves cached public pages from memory."""

    def __init__(self, app, *, max_entries: int = 5000):
        self.app = app
        self.max_entries = max_entries
        # key → (programme version, fresh until, headers, body)
        self.entries: OrderedDict[str, tuple[object, float, list, bytes]] = OrderedDict()
        # key → the one render under way, which others may wait for
        self.rendering: dict[str, asyncio.Future] = {}

    async def __call__(self, scope, receive, send):
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or settings.PAGE_CACHE_SECONDS <= 0
            or scope["path"].startswith(BYPASS_PREFIXES)
        ):
            return await self.app(scope, receive, send)
        host = _host_of(scope)
        if host is None:
            # Not a host this site answers to: Django refuses it (400), never the cache.
            return await self.app(scope, receive, send)
        cookies, gzip_ok = self._request_facts(scope)
        # A messages cookie holds a notice this page must show.
        if "messages" in cookies:
            return await self.app(scope, receive, send)
        session_key = cookies.get(settings.SESSION_COOKIE_NAME)
        if session_key:
            return await self._personal(scope, receive, send, cookies, gzip_ok, host, session_key)

        key = await self._key(scope, cookies, gzip_ok, host)
        version = _local_version["value"]
        entry = self.entries.get(key)
        if entry is not None and entry[0] == version and entry[1] > time.monotonic():
            self.entries.move_to_end(key)
            return await _replay(send, entry[2], entry[3])
        under_way = self.rendering.get(key)
        if under_way is not None:
            if entry is not None:  # the previous version while one request renders anew
                return await _replay(send, entry[2], entry[3])
            rendered = await asyncio.shield(under_way)
            if rendered is not None:
                return await _replay(send, *rendered)
            return await self.app(scope, receive, send)
        await self._render(key, version, scope, receive, send)

    async def _personal(self, scope, receive, send, cookies, gzip_ok, host, session_key):
        """A logged-in person: the anonymous page with their own header parts, when the
        page is a public one (personal_pages.py); else Django."""
        secret = personal_pages.csrf_secret(cookies)
        if secret is None or not personal_pages.is_public_path(scope["path"]):
            return await self.app(scope, receive, send)
        anonymous_cookies = {
            name: value
            for name, value in cookies.items()
            if name not in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
        }
        key = await self._key(scope, anonymous_cookies, False, host)
        entry = self.entries.get(key)
        if entry is None or entry[0] != _local_version["value"] or entry[1] <= time.monotonic():
            under_way = self.rendering.get(key)
            if under_way is not None:
                await asyncio.shield(under_way)
            else:
                anonymous = _anonymous_scope(scope, anonymous_cookies)
                await self._render(
                    key, _local_version["value"], anonymous, _EmptyBody().receive, _discard
                )
            entry = self.entries.get(key)
        if entry is None:  # not a public page (or it failed): Django answers this person
            return await self.app(scope, receive, send)
        language = language_of_path(scope["path"])
        parts = personal_pages.parts_kept(session_key, language)
        if parts is personal_pages.NOT_KEPT:
            parts = await sync_to_async(personal_pages.parts_for)(session_key, language)
        if parts is None or personal_pages.goes_elsewhere(parts, scope["path"]):
            return await self.app(scope, receive, send)
        body = personal_pages.page_for(entry[3], parts, secret)
        if body is None:
            return await self.app(scope, receive, send)
        headers, body = personal_pages.headers_for(entry[2], body, gzip_ok)
        return await _replay(send, headers, body)

    async def _render(self, key: str, version, scope, receive, send) -> None:
        future = asyncio.get_running_loop().create_future()
        self.rendering[key] = future
        recorder = _ResponseRecorder(send)
        rendered = None
        try:
            await self.app(scope, receive, recorder.send)
            if recorder.cacheable and recorder.complete:
                rendered = (recorder.headers, recorder.body)
                expires = time.monotonic() + settings.PAGE_CACHE_SECONDS
                self.entries[key] = (version, expires, *rendered)
                self.entries.move_to_end(key)
                while len(self.entries) > self.max_entries:
                    self.entries.popitem(last=False)
            else:
                self.entries.pop(key, None)
        finally:
            del self.rendering[key]
            future.set_result(rendered)

    @staticmethod
    def _request_facts(scope) -> tuple[dict[str, str], bool]:
        cookie_header = ""
        gzip_ok = False
        for name, value in scope["headers"]:
            if name == b"cookie":
                cookie_header = value.decode("latin-1")
            elif name == b"accept-encoding":
                gzip_ok = b"gzip" in value
        cookies = {}
        if cookie_header:
            parsed = SimpleCookie()
            try:
                parsed.load(cookie_header)
            except Exception:  # noqa: BLE001 - an unparsable cookie header just misses the cache
                return {settings.SESSION_COOKIE_NAME: "?"}, gzip_ok
            cookies = {name: morsel.value for name, morsel in parsed.items()}
        return cookies, gzip_ok

    async def _key(self, scope, cookies: dict[str, str], gzip_ok: bool, host: str) -> str:
        now = time.monotonic()
        if now - _local_version["checked"] >= settings.PAGE_CACHE_VERSION_CHECK_SECONDS:
            # One request looks while the others go on with the version they know, and not
            # through the thread that renders pages: it would wait behind a render.
            _local_version["checked"] = now
            _local_version["value"] = await sync_to_async(
                programme_version, thread_sensitive=False
            )()
        raw = "\n".join(
            [
                host,
                scope["path"],
                scope.get("query_string", b"").decode("latin-1"),
                cookies.get(TEXT_SIZE_COOKIE, ""),
                # An earlier choice of language sends unprefixed pages elsewhere.
                cookies.get(settings.LANGUAGE_COOKIE_NAME, ""),
                cookies.get(CONTRAST_COOKIE, ""),
                "gzip" if gzip_ok else "",
                timezone.localdate().isoformat(),
            ]
        )
        return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


class _EmptyBody:
    """The receive channel of the anonymous render: a GET's empty body, then nothing until
    Django stops listening (the person's own receive stays unread for Django, if it must
    answer them after all)."""

    def __init__(self):
        self.sent = False

    async def receive(self) -> dict:
        if not self.sent:
            self.sent = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()
        return {"type": "http.disconnect"}


async def _discard(message) -> None:
    """The anonymous render made for a logged-in person is kept, not sent."""


def _anonymous_scope(scope, cookies: dict[str, str]) -> dict:
    """The request as an anonymous visitor with the same preferences would make it, asking
    for an uncompressed page (a logged-in page is put together, then compressed)."""
    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
    headers = [
        (name, value)
        for name, value in scope["headers"]
        if name not in (b"cookie", b"accept-encoding")
    ]
    if cookie:
        headers.append((b"cookie", cookie.encode("latin-1")))
    return {**scope, "headers": headers}


async def _replay(send, headers: list, body: bytes) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _host_of(scope) -> str | None:
    """The request's host when ALLOWED_HOSTS accepts it, else None."""
    for name, value in scope.get("headers", []):
        if name == b"host":
            host, _ = split_domain_port(value.decode("latin-1"))
            allowed = settings.ALLOWED_HOSTS
            if settings.DEBUG and not allowed:
                allowed = [".localhost", "127.0.0.1", "[::1]"]
            return host if host and validate_host(host, allowed) else None
    return None


class _ResponseRecorder:
    """Passes a response through while keeping a copy if it may be cached."""

    def __init__(self, send):
        self._send = send
        self.cacheable = False
        self.headers: list = []
        self.body = b""
        self._chunks: list[bytes] = []
        self.complete = False

    async def send(self, message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            names = {name.lower() for name, _ in headers}
            marked = MARKER_HEADER in names
            headers = [(n, v) for n, v in headers if n.lower() != MARKER_HEADER]
            self.cacheable = marked and message["status"] == 200 and b"set-cookie" not in names
            self.headers = headers
            message = {**message, "headers": headers}
        elif message["type"] == "http.response.body" and self.cacheable:
            self._chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                self.body = b"".join(self._chunks)
                self.complete = True
        await self._send(message)


def _model_changed(sender, **kwargs) -> None:
    programme_changed()


def invalidate_pages_on_change(*senders) -> None:
    """Every save or delete of these models (or change of these many-to-many tables) makes
    the cached public pages stale, after commit."""
    for sender in senders:
        if sender._meta.auto_created:  # a many-to-many table
            m2m_changed.connect(_model_changed, sender=sender, dispatch_uid=f"pages-m2m-{sender}")
        else:
            post_save.connect(_model_changed, sender=sender, dispatch_uid=f"pages-save-{sender}")
            post_delete.connect(_model_changed, sender=sender, dispatch_uid=f"pages-del-{sender}")
