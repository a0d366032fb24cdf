"""Who is logged in, for many sessions at once: the foyer seats a crowd arriving in the same
few milliseconds together, and reading each person's session and account one by one was a
fifth of an arrival's cost.

The rules are Django's own `django.contrib.auth.get_user`: the session names a backend that
is still configured, the account can still log in (the backend's `user_can_authenticate`),
and the session's hash matches the account's now (or one made with a fallback secret), so a
changed password or "log out everywhere" ends the session here too. Backends other than
ModelBackend and its subclasses go through `get_user` one by one."""

from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user,
    get_user_model,
    load_backend,
)
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.crypto import constant_time_compare


def _hash_matches(user, session_hash: str | None) -> bool:
    if not session_hash:
        return False
    if constant_time_compare(session_hash, user.get_session_auth_hash()):
        return True
    return any(
        constant_time_compare(session_hash, user._get_session_auth_hash(secret=secret))
        for secret in settings.SECRET_KEY_FALLBACKS
    )


def _sessions_read(sessions: list) -> None:
    """Database sessions not read yet are read in one query (Django's db backend reads one
    at a time); other engines read their own as they are used."""
    unread = [
        session
        for session in sessions
        if isinstance(session, DatabaseSessionStore)
        and not hasattr(session, "_session_cache")
        and session.session_key
    ]
    if not unread:
        return
    rows = dict(
        Session.objects.filter(
            session_key__in=[session.session_key for session in unread],
            expire_date__gt=timezone.now(),
        ).values_list("session_key", "session_data")
    )
    for session in unread:
        data = rows.get(session.session_key)
        if data is None:  # expired or unknown, as SessionStore.load() leaves it
            session._session_key = None
            session._session_cache = {}
        else:
            session._session_cache = session.decode(data)


def users_from_sessions(sessions: list) -> list:
    """The account logged in with each session (AnonymousUser where none is)."""
    _sessions_read(sessions)
    users: list = [AnonymousUser() for _ in sessions]
    wanted: dict[int, list[tuple[int, ModelBackend]]] = {}
    model = get_user_model()
    for index, session in enumerate(sessions):
        if session is None:
            continue
        try:
            user_id = model._meta.pk.to_python(session[SESSION_KEY])
            backend_path = session[BACKEND_SESSION_KEY]
        except (KeyError, ValueError, TypeError):
            continue
        if backend_path not in settings.AUTHENTICATION_BACKENDS:
            continue
        backend = load_backend(backend_path)
        if isinstance(backend, ModelBackend):
            wanted.setdefault(user_id, []).append((index, backend))
        else:
            users[index] = get_user(SimpleNamespace(session=session))
    if not wanted:
        return users
    for user in model._default_manager.filter(pk__in=list(wanted)):
        for index, backend in wanted[user.pk]:
            if backend.user_can_authenticate(user) and _hash_matches(
                user, sessions[index].get(HASH_SESSION_KEY)
            ):
                users[index] = user
    return users
