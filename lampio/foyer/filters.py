"""Scam protection: links, e-mail addresses, phone numbers and requests for money or bank
details are not delivered to others. Older people are the favourite target of romance and
"grandchild in trouble" scams; the foyer must not become a channel for them."""

import re
import unicodedata

_LINK = re.compile(
    r"(https?://|www\.|\b[a-z0-9-]+\.(fi|com|net|org|io|ru|info|biz|xyz|me|ly|app|se|eu)\b)",
    re.IGNORECASE,
)
_EMAIL = re.compile(
    r"[\w.+-]+\s*(@|\(at\)|\[at\]|\sat\s|\smiukumauku\s)\s*[\w-]+\s*(\.|\(dot\)|\sdot\s|\spiste\s)\s*\w+",
    re.IGNORECASE,
)
# Seven or more digits, allowing spaces, dashes, dots and a leading + (Finnish mobile numbers
# are 10 digits: 040 123 4567, +358 40 123 4567).
_PHONE = re.compile(r"\+?\d[\d\s().-]{5,}\d")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(\s?[A-Z0-9]{4}){3,7}", re.IGNORECASE)
_MONEY_WORDS = re.compile(
    r"(tilinumer|pankkitun|pankkitil|verkkopankk|lähetä rahaa|laita rahaa|lainaa minulle|"
    r"tarvitsen rahaa|rahaa tilille|euroa minulle|mobilepay|bitcoin|krypto|lahjakort|western union|"
    r"bank account|account number|send money|wire|gift card|paypal|iban|"
    r"need money|kontonummer|bankkonto|skicka pengar|behöver pengar|presentkort|swish)",
    re.IGNORECASE,
)


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def blocked_reason(text: str) -> str | None:
    """The kind of content that keeps a message from others: "link", "email", "phone" or
    "money"; None when the message is fine."""
    text = _normalise(text)
    if _EMAIL.search(text):
        return "email"
    if _LINK.search(text):
        return "link"
    if _IBAN.search(text):
        return "money"
    digits = [m.group() for m in _PHONE.finditer(text)]
    if any(sum(c.isdigit() for c in match) >= 7 for match in digits):
        return "phone"
    if _MONEY_WORDS.search(text):
        return "money"
    return None
