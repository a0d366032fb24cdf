"""An event's HTML description in Lämpiö's own form: plain paragraphs (the pages show them
with `linebreaks`), list items as bullets, links as "text (address)".

The HTML is first cleaned by nh3 (the Rust `ammonia` sanitiser) down to the tags we turn into
text; whatever a source sends beyond them (scripts, styles, iframes, event handlers) is gone
before our own parser reads it."""

import re
from html.parser import HTMLParser

import nh3

from lampio.core.plain_text import MULTI_LINE_REFUSED, SINGLE_LINE_REFUSED

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "a", "h2", "h3", "h4"}
BLOCKS = {"p", "ul", "ol", "h2", "h3", "h4"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.href: str | None = None
        self.link_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.parts.append("\n\n")
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n• ")
        elif tag == "a":
            self.href = dict(attrs).get("href") or ""
            self.link_text = []

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a" and self.href is not None:
            text = "".join(self.link_text).strip()
            shown = self.href.removeprefix("mailto:")
            if shown and shown not in text:
                self.parts.append(f" ({shown})")
            self.href = None

    def handle_data(self, data):
        data = re.sub(r"\s+", " ", data)
        if self.href is not None:
            self.link_text.append(data)
        self.parts.append(data)


def description_text(html: str, *, max_length: int = 20_000) -> str:
    cleaned = nh3.clean(
        html[: max_length * 4],
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"https", "http", "mailto"},
        link_rel=None,
    )
    parser = _Text()
    parser.feed(cleaned)
    parser.close()
    # The characters no form lets anyone type (NUL, controls, bidirectional overrides).
    text = MULTI_LINE_REFUSED.sub("", "".join(parser.parts))
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text[:max_length]


def plain_line(text: str, max_length: int) -> str:
    """A title or summary: any tags a source left in them removed, one line, cut at a word."""
    line = SINGLE_LINE_REFUSED.sub("", " ".join(description_text(text).split()))
    if len(line) <= max_length:
        return line
    cut = line[: max_length - 1].rsplit(" ", 1)[0]
    return cut + "…"
