"""Files stored before media got unguessable names (posters/2026/12.jpg,
captions/2026/12-fi.vtt, offerings/2026/<slug>.jpg) are copied to random names and the old
ones deleted, so that no existing file of an unpublished offering can be found by counting."""

import re
import secrets
from pathlib import PurePath

from django.core.files.storage import default_storage
from django.db import migrations

UNGUESSABLE = re.compile(r"/[0-9a-f]{32}(\.[a-z0-9]+)?$")


def _rename(queryset, field: str, folder: str) -> None:
    for row in queryset.exclude(**{field: ""}).iterator():
        name = getattr(row, field).name
        if not name or UNGUESSABLE.search(name) or not default_storage.exists(name):
            continue
        year = (PurePath(name).parent.name if PurePath(name).parent.name.isdigit() else "old")
        new = f"{folder}/{year}/{secrets.token_hex(16)}{PurePath(name).suffix.lower()}"
        with default_storage.open(name, "rb") as handle:
            new = default_storage.save(new, handle)
        type(row).objects.filter(pk=row.pk).update(**{field: new})
        default_storage.delete(name)


def rename_guessable(apps, schema_editor) -> None:
    _rename(apps.get_model("media", "VideoAsset").objects.all(), "poster", "posters")
    _rename(apps.get_model("media", "CaptionTrack").objects.all(), "vtt", "captions")
    _rename(apps.get_model("programme", "OfferingImage").objects.all(), "image", "offerings")


class Migration(migrations.Migration):
    dependencies = [
        ("media", "0004_changes_wait_for_review"),
        ("programme", "0005_changes_wait_for_review"),
    ]

    operations = [migrations.RunPython(rename_guessable, migrations.RunPython.noop)]
