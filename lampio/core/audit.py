"""The audit log: what people with power did, with namespaced action codes.

Codes look like "accounts.role_granted" or "accounts.acted_as_helper". Services record an
event in the same transaction as the change they make, so the log never claims something
the database does not hold.
"""

from django.db import models

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
