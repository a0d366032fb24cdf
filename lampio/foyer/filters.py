"""Scam protection: links, e-mail addresses, phone numbers and requests for money or bank
details are not delivered to others. Older people are the favourite target of romance and
"grandchild in trouble" scams; the foyer must not become a channel for them.

A scammer hides what they write ("huijaus . fi", "h t t p s", Cyrillic letters that look
Latin, zero-width spaces, "nolla neljä nolla …"), so a message is first folded into a
plain skeleton, then matched:

- Unicode NFKC, then every character folded to the Latin letter or digit it looks like
  (the Unicode confusables table, kept by the confusable-homoglyphs package), accents
  dropped, case folded, invisible characters removed;
- "dot", "piste", "punkt", "[.]", "(.)" become a dot, "at", "(at)", "ät", "miukumauku"
  become @, and spaces around them go;
- a name.name is a link when its ending is on the public suffix list (tldextract's bundled
  copy, never fetched at run time): ".shop" and ".co.uk" count, "t.ex" and "klo 19.30" do not;
- seven digits or more in a row are a phone number (letters that look like digits and
  number words in Finnish, Swedish and English count as digits), except years, year ranges
  ("1939–1940"), dates and times;
- money: account numbers (IBAN), payment services and gift cards by name, and requests to
  send, lend or transfer money in the three languages.

`tests/foyer/test_scam_filter.py` runs a corpus of scams and ordinary foyer talk and
reports what gets through and what is blocked wrongly.
"""

import json
import re
import unicodedata
from functools import cache
from pathlib import Path

import confusable_homoglyphs
import tldextract


@cache
def _confusable_fold() -> dict[int, str]:
    """Non-ASCII characters that look like an ASCII letter or digit → that character."""
    table = json.loads(
        (Path(confusable_homoglyphs.__file__).parent / "confusables.json").read_text()
    )
    fold = {}
    for character, homoglyphs in table.items():
        if len(character) != 1 or character.isascii():
            continue
        for glyph in homoglyphs:
            target = glyph["c"]
            if len(target) == 1 and target.isascii() and target.isalnum():
                fold[ord(character)] = target.lower()
                break
    return fold


@cache
def _suffixes() -> tldextract.TLDExtract:
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


# --- the skeleton -------------------------------------------------------------------------

_INVISIBLE = re.compile(
    r"[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f"
    r"\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]"
)
_DOT_WORDS = re.compile(
    r"\s*(?:[\[\(\{<]\s*(?:\.|dot|piste|punkt|pkt)\s*[\]\)\}>]|\b(?:dot|piste|punkt|pist)\b)\s*"
)
_AT_WORDS = re.compile(
    r"\s*(?:[\[\(\{<]\s*(?:@|at|ät|miuku)\s*[\]\)\}>]|\b(?:at|ät|miukumauku|snabel-?a)\b)\s*"
)
# "huijaus . fi" and "huijaus .fi", not a sentence's end ("Hieno ilta. Se oli …").
_SPACED_DOT = re.compile(r"(?<=[a-z0-9])\s+\.\s*(?=[a-z0-9])")
# "h t t p s" or "w w w": letters one by one with spaces between.
_SPACED_LETTERS = re.compile(r"\b(?:[a-z0-9][ _]){3,}[a-z0-9]\b")


def skeleton(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    text = text.translate(_confusable_fold())
    text = "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    ).casefold()
    text = _SPACED_LETTERS.sub(lambda m: m.group().replace(" ", "").replace("_", ""), text)
    return text


def _link_view(text: str) -> str:
    """The skeleton with spelled and spaced dots and ats joined up."""
    text = _AT_WORDS.sub("@", text)
    text = _DOT_WORDS.sub(".", text)
    return _SPACED_DOT.sub(".", text)


# --- links and addresses ------------------------------------------------------------------

_URL_START = re.compile(r"(?:https?|hxxps?|ftp)\s*:\s*/\s*/|\bwww\d?\.", re.IGNORECASE)
_HOST = re.compile(r"(?<![@\w.-])((?:[a-z0-9-]*[a-z][a-z0-9-]*\.)+[a-z][a-z0-9-]{1,62})\b")
_EMAIL = re.compile(r"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}")
# Words people write with a dot inside that happen to end in a real suffix.
_NOT_LINKS = {"t.ex", "bl.a", "o.s.v", "s.k", "m.m", "e.g", "i.e", "esim.fi"}


def _has_link(view: str) -> bool:
    if _URL_START.search(view):
        return True
    for match in _HOST.finditer(view):
        host = match.group(1)
        if host in _NOT_LINKS:
            continue
        parts = _suffixes()(host)
        if parts.suffix and parts.domain and not parts.is_private:
            return True
        if parts.suffix and parts.domain and parts.is_private:
            return True
    return False


# --- phone numbers ------------------------------------------------------------------------

_NUMBER_WORDS = {
    # Finnish
    "nolla": "0", "yksi": "1", "kaksi": "2", "kolme": "3", "nelja": "4", "viisi": "5",
    "kuusi": "6", "seitseman": "7", "kahdeksan": "8", "yhdeksan": "9",
    # Swedish
    "noll": "0", "ett": "1", "en": "1", "tva": "2", "tre": "3", "fyra": "4", "fem": "5",
    "sex": "6", "sju": "7", "atta": "8", "nio": "9",
    # English
    "zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip
_NUMBER_WORD = re.compile(r"\b(" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")\b")
# Four number words or more in a row are digits; fewer are ordinary speech ("kaksi lippua").
_NUMBER_WORD_RUN = re.compile(
    r"\b(?:(?:" + "|".join(_NUMBER_WORDS) + r")[\s,.-]*){4,}", re.IGNORECASE
)
# Letters that stand for digits inside a run of digits: "O4O l23 4567".
_DIGIT_LOOKALIKES = str.maketrans({"o": "0", "l": "1", "i": "1", "s": "5", "b": "8", "z": "2"})
_DIGITISH_RUN = re.compile(r"\+?[0-9olisbz][0-9olisbz\s().\-/_*#~|]{5,}[0-9olisbz]")
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_YEARS_AND_DATES = re.compile(
    rf"\b{_YEAR}\s*[-–—/]\s*{_YEAR}\b"  # 1939–1940
    rf"|\b{_YEAR}\s*[-–—]\s*\d\d\b"  # 1939–40
    rf"|\b\d{{1,2}}\.\d{{1,2}}\.(?:{_YEAR})?"  # 24.12. and 24.12.2026
    rf"|\b{_YEAR}\b"  # a year alone
    r"|\b\d{1,2}[.:]\d\d\b"  # 19.30
)


def _has_phone(text: str) -> bool:
    text = _NUMBER_WORD_RUN.sub(
        lambda m: "".join(_NUMBER_WORDS[w.lower()] for w in _NUMBER_WORD.findall(m.group())),
        text,
    )
    text = _YEARS_AND_DATES.sub(" ", text)
    for match in _DIGITISH_RUN.finditer(text):
        run = match.group()
        if sum(c.isdigit() for c in run) < 3:
            continue  # words that happen to be made of o, l, i, s, b and z
        digits = [c for c in run.translate(_DIGIT_LOOKALIKES) if c.isdigit()]
        if len(digits) >= 7:
            return True
    return False


# --- money --------------------------------------------------------------------------------

_IBAN = re.compile(r"\b[a-z]{2}\d{2}(?:\s?[a-z0-9]{4}){3,7}")
_MONEY = re.compile(
    r"("
    # account and bank details (inside compounds too: "pankkitilinumeroni")
    r"tilinumer|tilinro|pankkitun|pankkitil|verkkopankk|pankkikort|luottokort|"
    r"kortin numer|bank ?account|account number|routing number|sort code|card number|"
    r"kontonummer|bankkonto|kortnummer|"
    # payment services, crypto and gift cards by name, as words of their own
    r"\b(?:cvv|bankid|mobilepay|mobile pay|swish\w*|paypal|revolut\w*|western union|"
    r"moneygram|wise\.com|venmo|cash ?app|zelle|skrill|neteller|paysafe\w*|bitcoin\w*|btc|"
    r"ethereum|usdt|tether|krypto\w*|crypto\w*|lahjakort\w*|gift ?cards?|presentkort\w*|"
    r"itunes|google play -?kort\w*|steam card|amazon card)\b|"
    # asking for money
    r"\b(lahet|laita|siirra|lainaa|lainaisit|lainata|tarvitsen|tarvitsisin|auta)\w*"
    r"\W+(?:\w+\W+){0,3}(rahaa|euroa|eur\b|€|summan|laina)|"
    r"(rahaa|euroa|€)\W+(?:\w+\W+){0,3}(lahet|laita|siirra|tilille|lainaksi|minulle)\w*|"
    r"\b(skicka|swisha|lana|lan|betala|overfor|behover)\w*\W+(?:\w+\W+){0,3}"
    r"(pengar|kronor|euro|kr\b)|"
    r"\b(send|wire|transfer|lend|loan|need|borrow)\w*\W+(?:\w+\W+){0,3}"
    r"(money|cash|dollars|euros|funds|\$)"
    r")"
)


def blocked_reason(text: str) -> str | None:
    """The kind of content that keeps a message from others: "link", "email", "phone" or
    "money"; None when the message is fine."""
    plain = skeleton(text)
    view = _link_view(plain)
    if _EMAIL.search(view):
        return "email"
    if _has_link(view):
        return "link"
    if _IBAN.search(plain):
        return "money"
    if _has_phone(plain):
        return "phone"
    if _MONEY.search(plain):
        return "money"
    return None
