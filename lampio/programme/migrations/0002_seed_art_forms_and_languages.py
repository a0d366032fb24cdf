from django.db import migrations

from lampio.programme.seed import seed_reference_data


def seed(apps, schema_editor):
    seed_reference_data(
        apps.get_model("programme", "ArtForm"), apps.get_model("programme", "SpokenLanguage")
    )


class Migration(migrations.Migration):
    dependencies = [("programme", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
