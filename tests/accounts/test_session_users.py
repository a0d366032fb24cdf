"""Reading who is logged in for many sessions at once follows Django's own rules: an expired
or unknown session, a changed password, a deactivated account and a backend no longer
configured are nobody; a hash made with a fallback secret still counts."""

import pytest
from django.contrib.auth import get_user
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

from lampio.accounts.session_users import users_from_sessions
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _session_of(user) -> SessionStore:
    client = Client()
    client.force_login(user)
    return SessionStore(client.cookies["sessionid"].value)


def test_many_sessions_are_read_as_django_reads_one(settings):
    aino, eino, helmi, toivo = (UserFactory(username=u) for u in ("aino", "eino", "helmi", "toivo"))
    sessions = [_session_of(u) for u in (aino, eino, helmi, toivo)]
    eino.set_password("uusi salasana 2026")
    eino.save()
    helmi.is_active = False
    helmi.save()
    sessions[3]["_auth_user_backend"] = "lampio.no.such.Backend"
    unknown = SessionStore("x" * 32)
    users = users_from_sessions([*sessions, unknown, None])
    assert [u.pk for u in users] == [aino.pk, None, None, None, None, None]
    # The same verdicts as Django's one-at-a-time get_user.
    for session, user in zip(sessions, users, strict=False):
        fresh = SessionStore(session.session_key)
        if session is sessions[3]:
            fresh["_auth_user_backend"] = "lampio.no.such.Backend"
        assert get_user(type("R", (), {"session": fresh})()).pk == user.pk


def test_a_session_signed_before_the_secret_changed_still_counts(settings):
    aino = UserFactory(username="aino")
    session = _session_of(aino)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-" + "x" * 40
    assert users_from_sessions([SessionStore(session.session_key)])[0] == aino
