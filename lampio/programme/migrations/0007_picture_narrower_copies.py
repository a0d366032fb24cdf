from django.db import migrations, models


def narrower_copies_make(apps, schema_editor):
    from lampio.programme.pictures import narrower_copies_for_stored

    OfferingImage = apps.get_model("programme", "OfferingImage")
    for image in OfferingImage.objects.filter(narrower={}).iterator():
        try:
            image.narrower = narrower_copies_for_stored(
                name=image.image.name, storage=image.image.storage
            )
        except (OSError, ValueError):
            continue  # a missing or unreadable file keeps its single size
        image.save(update_fields=["narrower"])


class Migration(migrations.Migration):
    dependencies = [("programme", "0006_sqlite_search_index")]

    operations = [
        migrations.AddField(
            model_name="offeringimage",
            name="narrower",
            field=models.JSONField(
                blank=True, default=dict, editable=False, verbose_name="narrower copies"
            ),
        ),
        migrations.RunPython(narrower_copies_make, migrations.RunPython.noop),
    ]
