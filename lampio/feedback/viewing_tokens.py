"""A viewing token: the watch page's permission to send viewing data.

The beacon script asks for one when the player starts (`/beacon/token`, never cached,
limited per network address). It names a new viewing session and the offering and showing
being watched, signed by the server and valid for a day. Every batch must carry it and
match it, so counting a viewer takes a real page's request for a token, and a script cannot
invent sessions, nor send one session's events for another performance."""

import uuid
from dataclasses import dataclass

from django.core import signing

from lampio.core.refusals import RefusedError

SALT = "lampio.feedback.viewing-token"
MAX_AGE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class ViewingPass:
    session: str
    token: str


def viewing_token_for(*, session: str, offering_id: int, showing_id: int | None) -> str:
    return signing.dumps([str(session), offering_id, showing_id or 0], salt=SALT)


def viewing_token_issue(*, offering_id: int, showing_id: int | None) -> ViewingPass:
    session = str(uuid.uuid4())
    token = viewing_token_for(session=session, offering_id=offering_id, showing_id=showing_id)
    return ViewingPass(session=session, token=token)


def viewing_token_check(*, token: str, session, offering_id: int, showing_id: int | None):
    """Refuse a batch whose token is forged, expired, or for another session or showing."""
    try:
        signed_session, signed_offering, signed_showing = signing.loads(
            token, salt=SALT, max_age=MAX_AGE_SECONDS
        )
    except (signing.BadSignature, ValueError, TypeError):
        raise RefusedError("feedback.beacon_token") from None
    if (signed_session, signed_offering, signed_showing) != (
        str(session),
        offering_id,
        showing_id or 0,
    ):
        raise RefusedError("feedback.beacon_token")
