from django import template
from django.utils.translation import gettext as _

from lampio.imports.linked_events import REASONS

register = template.Library()

# Linked Events' licence ids for pictures.
LICENCES = {
    "cc_by": "CC BY 4.0",
    "cc_by_sa": "CC BY-SA 4.0",
    "cc_by_nc": "CC BY-NC 4.0",
    "cc_by_nd": "CC BY-ND 4.0",
    "cc0_1_0": "CC0 1.0",
}


@register.filter
def license_name(licence_id: str) -> str:
    if licence_id == "event_only":
        return _("may be used for this event only")
    return LICENCES.get(licence_id, licence_id)


@register.filter
def refusal_reason(refusal: dict) -> str:
    """A refused event's reason in the reader's language (the run keeps it by its code)."""
    if refusal.get("code") in REASONS:
        return str(REASONS[refusal["code"]])
    return refusal.get("reason", "")
