"""The audit log: what people with power did, with namespaced action codes.

Codes look like "accounts.role_granted" or "accounts.acted_as_helper". Services record an
event in the same transaction as the change they make, so the log never claims something
the database does not hold.
"""

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .audit_texts import AUDIT_TEXTS
from .models import AuditEvent


def audit_record(
    *,
    action: str,
    actor=None,
    subject=None,
    municipality=None,
    target: models.Model | None = None,
    data: dict | None = None,
) -> AuditEvent:
    if action not in AUDIT_TEXTS:
        raise ValueError(f"{action!r} has no text in core/audit_texts.py")
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        subject=subject,
        municipality=municipality,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        data=data or {},
    )


# The areas of the log a reader can narrow it to (the first part of each code).
AUDIT_AREAS = {
    "accounts": _("People, roles and helpers"),
    "programme": _("Performances and reviews"),
    "media": _("Recordings and captions"),
    "foyer": _("Foyer moderation"),
    "feedback": _("Feedback"),
    "academy": _("Academy"),
    "tickets": _("Money and tickets"),
    "week": _("Programmes and reminders"),
    "imports": _("Imported events"),
}


def audit_events_search(events: QuerySet, *, text: str = "", area: str = "") -> QuerySet:
    """Narrow a reader's log: to one area, and to entries whose people or target match."""
    if area in AUDIT_AREAS:
        events = events.filter(action__startswith=f"{area}.")
    text = text.strip()
    if text:
        events = events.filter(
            Q(target_repr__icontains=text)
            | Q(actor__name__icontains=text)
            | Q(actor__display_name__icontains=text)
            | Q(subject__name__icontains=text)
            | Q(subject__display_name__icontains=text)
            | Q(municipality__name__icontains=text)
        )
    return events
