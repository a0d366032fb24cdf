"""Video conversation at a foyer table through Jitsi Meet, with a JWT signed by the platform
(Jitsi's token authentication: HS256, the room and the display name as claims)."""

from datetime import timedelta

import jwt
from django.conf import settings
from django.utils import timezone

TOKEN_LIFETIME = timedelta(minutes=10)


def table_room(foyer_id: int, table_code: str) -> str:
    return f"lampio-{foyer_id}-{table_code.lower()}"


def video_token(*, user, room: str, now=None) -> str:
    """A short-lived token that lets this person into this one room under their foyer name."""
    now = now or timezone.now()
    claims = {
        "aud": "jitsi",
        "iss": settings.JITSI_APP_ID,
        "sub": settings.JITSI_DOMAIN,
        "room": room,
        "iat": int(now.timestamp()),
        "nbf": int(now.timestamp()) - 10,
        "exp": int((now + TOKEN_LIFETIME).timestamp()),
        "context": {"user": {"id": str(user.pk), "name": user.display_name}},
    }
    return jwt.encode(claims, settings.JITSI_APP_SECRET, algorithm="HS256")
