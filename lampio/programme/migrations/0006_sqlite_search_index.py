"""The embedded default's full-text index (SQLite FTS5; PostgreSQL searches the tables)."""

from django.db import migrations


def create_and_fill(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from lampio.programme.search import (
        SEARCH_CONFIGS,
        TEXT_FIELDS,
        sqlite_index_create,
        stems,
    )

    sqlite_index_create(schema_editor.connection)
    Offering = apps.get_model("programme", "Offering")
    rows = []
    for offering in Offering.objects.all():
        for language in SEARCH_CONFIGS:
            title = getattr(offering, f"title_{language}") or ""
            body = " ".join(getattr(offering, f"{name}_{language}") or "" for name in TEXT_FIELDS[1:])
            rows.append(
                (offering.pk, language, " ".join(stems(title, language)), " ".join(stems(body, language)))
            )
    with schema_editor.connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO programme_offering_search (offering_id, language, title, body) VALUES (%s, %s, %s, %s)",
            rows,
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS programme_offering_search")


class Migration(migrations.Migration):
    dependencies = [("programme", "0005_changes_wait_for_review")]

    operations = [migrations.RunPython(create_and_fill, drop)]
