from django.db import migrations

from lampio.municipalities.seed import seed_municipalities


def seed(apps, schema_editor):
    seed_municipalities(apps.get_model("municipalities", "Municipality"))


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
