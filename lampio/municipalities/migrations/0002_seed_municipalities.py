from django.db import migrations

MUNICIPALITIES = [
    # slug, code, fi, sv, en, coordinates the platform
    ("helsinki", "091", "Helsinki", "Helsingfors", "Helsinki", True),
    ("turku", "853", "Turku", "Åbo", "Turku", False),
    ("tampere", "837", "Tampere", "Tammerfors", "Tampere", False),
    ("jyvaskyla", "179", "Jyväskylä", "Jyväskylä", "Jyväskylä", False),
    ("oulu", "564", "Oulu", "Uleåborg", "Oulu", False),
]


def seed(apps, schema_editor):
    Municipality = apps.get_model("municipalities", "Municipality")
    for slug, code, fi, sv, en, coordinator in MUNICIPALITIES:
        Municipality.objects.update_or_create(
            slug=slug,
            defaults={
                "code": code,
                "name": fi,
                "name_fi": fi,
                "name_sv": sv,
                "name_en": en,
                "is_coordinator": coordinator,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
