"""Secret tokens sent by email (login links, invitations, helper requests).

Only the SHA-256 of a token is stored, so a leaked database cannot be used to log in.
"""

import hashlib
import secrets

MAX_TOKEN_LENGTH = 100


def token_new() -> tuple[str, str]:
    """A fresh token and the hash to store for it."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_plausible(token: str) -> bool:
    return bool(token) and len(token) <= MAX_TOKEN_LENGTH


def username_new() -> str:
    """A unique, never-shown username (the audience logs in by email, not by name)."""
    return "u-" + secrets.token_hex(8)
