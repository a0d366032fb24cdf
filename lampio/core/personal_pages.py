"""Public pages for logged-in people, made from the anonymous render.

A programme page is the same for everyone but for the header's account area (My page, Work
tools, Log out) and, while a helper acts for someone, the banner saying so (base.html marks
both). So the page cache serves a logged-in person the cached anonymous page with those two
parts put in: the parts are rendered once per session and language and kept here for a few
seconds, and the CSRF token in them is masked afresh for every response, as Django does.

When anything else could differ the request goes through Django as before: no CSRF cookie
yet (Django sets one), a message waiting in the session, a language preference that sends
an unprefixed page elsewhere, or a session that is no longer anyone's.
"""

import gzip
import time
from collections import OrderedDict
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.middleware.csrf import CSRF_SECRET_LENGTH, _mask_cipher_secret
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils import translation

from lampio.accounts.helper_relations import ACTING_FOR_SESSION_KEY, active_relation
from lampio.accounts.selectors import has_work_tools
from lampio.accounts.session_users import users_from_sessions

from .language import OTHER_LANGUAGES, language_of_path

ACCOUNT_START, ACCOUNT_END = b"<!--account-area-->", b"<!--/account-area-->"
BANNER = b"<!--acting-banner-->"
TOKEN_PLACEHOLDER = "LAMPIO-CSRF-TOKEN-PLACEHOLDER"  # noqa: S105 - replaced, never a secret
FRESH_SECONDS = 10.0
KEPT = 20_000


@dataclass(frozen=True)
class PersonalParts:
    language_preferred: str
    account_area: bytes
    banner: bytes


_parts: OrderedDict[tuple[str, str], tuple[float, PersonalParts | None]] = OrderedDict()
NOT_KEPT = object()


def parts_kept(session_key: str, language: str):
    """The parts if this process has them fresh (no I/O: runs in the event loop), else
    NOT_KEPT."""
    found = _parts.get((session_key, language))
    if found is not None and time.monotonic() - found[0] < FRESH_SECONDS:
        return found[1]
    return NOT_KEPT


def parts_for(session_key: str, language: str) -> PersonalParts | None:
    """The header parts for this session in this language, or None when Django must answer
    (the session is nobody's, or holds a message to show). Runs in a thread: it may read
    the database."""
    key = (session_key, language)
    found = _parts.get(key)
    now = time.monotonic()
    if found is not None and now - found[0] < FRESH_SECONDS:
        return found[1]
    parts = _render(session_key, language)
    _parts[key] = (now, parts)
    _parts.move_to_end(key)
    while len(_parts) > KEPT:
        _parts.popitem(last=False)
    return parts


def forget(session_key: str) -> None:
    """Logging out: this session's parts go at once (other processes within seconds)."""
    for key in [key for key in _parts if key[0] == session_key]:
        del _parts[key]


def _render(session_key: str, language: str) -> PersonalParts | None:
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    user = users_from_sessions([session])[0]
    if not user.is_authenticated or session.get("_messages"):
        return None
    acting_for = None
    person_id = session.get(ACTING_FOR_SESSION_KEY)
    if person_id:
        relation = active_relation(helper=user, person_id=person_id)
        acting_for = relation.person if relation is not None else None
    context = {"user": user, "work_tools": has_work_tools(user), "csrf_token": TOKEN_PLACEHOLDER}
    with translation.override(language):
        account = render_to_string("core/_account_area.html", context)
        banner = (
            render_to_string("core/_acting_banner.html", {**context, "acting_for": acting_for})
            if acting_for is not None
            else ""
        )
    return PersonalParts(
        language_preferred=user.language or "",
        account_area=account.encode(),
        banner=banner.encode(),
    )


_public_paths: OrderedDict[str, bool] = OrderedDict()


def is_public_path(path: str) -> bool:
    """Is this the address of a view marked @public_page? (No I/O: the URL patterns only.)
    Other pages go straight to Django, without an anonymous render first."""
    found = _public_paths.get(path)
    if found is None:
        with translation.override(language_of_path(path)):
            try:
                match = resolve(path)
            except Resolver404:
                found = False
            else:
                found = getattr(match.func, "lampio_public_page", False)
        _public_paths[path] = found
        while len(_public_paths) > KEPT:
            _public_paths.popitem(last=False)
    return found


def goes_elsewhere(parts: PersonalParts, path: str) -> bool:
    """Would Django send this person to their own language's page (PreferredLanguage)?"""
    return path.split("/", 2)[1] not in OTHER_LANGUAGES and (
        parts.language_preferred in OTHER_LANGUAGES
    )


def csrf_secret(cookies: dict[str, str]) -> str | None:
    """The secret of the CSRF cookie, as Django's CsrfViewMiddleware reads it."""
    token = cookies.get(settings.CSRF_COOKIE_NAME, "")
    if settings.CSRF_USE_SESSIONS or len(token) != CSRF_SECRET_LENGTH or not token.isalnum():
        return None
    return token


def page_for(anonymous_body: bytes, parts: PersonalParts, secret: str) -> bytes | None:
    """The anonymous page with this person's parts put in; None if the page is not marked."""
    start = anonymous_body.find(ACCOUNT_START)
    end = anonymous_body.find(ACCOUNT_END, start)
    banner_at = anonymous_body.find(BANNER, end)
    if start < 0 or end < 0 or banner_at < 0:
        return None
    # Masked afresh for every response, so the token never repeats (Django's BREACH guard).
    account = parts.account_area.replace(
        TOKEN_PLACEHOLDER.encode(), _mask_cipher_secret(secret).encode()
    )
    banner = parts.banner.replace(TOKEN_PLACEHOLDER.encode(), _mask_cipher_secret(secret).encode())
    return b"".join(
        [
            anonymous_body[: start + len(ACCOUNT_START)],
            account,
            anonymous_body[end : banner_at + len(BANNER)],
            banner,
            anonymous_body[banner_at + len(BANNER) :],
        ]
    )


def headers_for(anonymous_headers: list, body: bytes, gzip_ok: bool) -> tuple[list, bytes]:
    """A logged-in page is private to its reader, varies with the cookie, and is compressed
    here when the anonymous one was kept uncompressed."""
    dropped = {b"content-length", b"content-encoding", b"cache-control", b"vary"}
    headers = [(n, v) for n, v in anonymous_headers if n.lower() not in dropped]
    if gzip_ok:
        body = gzip.compress(body, compresslevel=5)
        headers.append((b"content-encoding", b"gzip"))
    headers += [
        (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"private, no-cache"),
        (b"vary", b"Accept-Encoding, Cookie"),
    ]
    return headers, body
