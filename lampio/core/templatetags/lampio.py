import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from lampio.core import dates
from lampio.core.audit_texts import audit_sentence as audit_event_sentence

register = template.Library()


@register.filter
def when(moment) -> str:
    """`{{ showing.starts_at|when }}` → "tänään klo 14.00"."""
    return dates.format_when(moment) if moment else ""


@register.filter
def day_label(day) -> str:
    return dates.format_day(day) if day else ""


@register.filter
def day_heading(day) -> str:
    return dates.format_weekday_heading(day) if day else ""


@register.filter
def clock(moment) -> str:
    return dates.format_time(moment) if moment else ""


@register.simple_tag
def is_on_now(showing) -> bool:
    now = timezone.now()
    return showing.starts_at <= now < showing.ends_at


@register.simple_tag
def is_ended(showing) -> bool:
    return showing.ends_at <= timezone.now()


@register.filter
def duration(minutes: int) -> str:
    hours, mins = divmod(int(minutes or 0), 60)
    parts = []
    if hours:
        parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
    if mins or not hours:
        parts.append(ngettext("%(n)d minute", "%(n)d minutes", mins) % {"n": mins})
    return " ".join(parts)


@register.filter
def length_words(seconds) -> str:
    """A video's length: "40 seconds", "3 minutes"."""
    return dates.format_length(seconds)


@register.simple_tag
def jsonld(data) -> str:
    """A Schema.org data block, escaped like `json_script` so that it cannot close the tag."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.filter
def audit_sentence(event) -> str:
    """An audit event in plain words: "Aino hid a message by Eero in the foyer of …"."""
    return audit_event_sentence(event)
