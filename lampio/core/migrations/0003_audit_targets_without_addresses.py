"""Older audit entries named a helper relation with the helper's email address, which
coordinators could read: keep the entry, drop the address."""

import re

from django.db import migrations

ADDRESS = re.compile(r"[^\s→]+@[^\s→]+")


def drop_addresses(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    for event in AuditEvent.objects.filter(target_repr__contains="@"):
        event.target_repr = ADDRESS.sub("–", event.target_repr)
        event.save(update_fields=["target_repr"])


class Migration(migrations.Migration):
    dependencies = [("core", "0002_auditevent")]

    operations = [migrations.RunPython(drop_addresses, migrations.RunPython.noop)]
