from django.db import migrations

ART_FORMS = [
    # slug, fi, sv, en
    ("music", "Musiikki", "Musik", "Music"),
    ("theatre", "Teatteri", "Teater", "Theatre"),
    ("dance", "Tanssi", "Dans", "Dance"),
    ("sing-along", "Yhteislaulu", "Allsång", "Sing-along"),
    ("exercise", "Liikunta", "Motion", "Exercise"),
    ("visual-arts", "Kuvataide ja museot", "Bildkonst och museer", "Visual arts and museums"),
    ("literature", "Kirjallisuus ja lukupiirit", "Litteratur och läsecirklar", "Literature and book circles"),
    ("film", "Elokuvat", "Film", "Film"),
    ("crafts", "Käsityöt ja työpajat", "Hantverk och verkstäder", "Crafts and workshops"),
    ("quizzes", "Visat ja pelit", "Frågesporter och spel", "Quizzes and games"),
    ("circus", "Sirkus", "Cirkus", "Circus"),
]

LANGUAGES = [
    # code, fi, sv, en
    ("fi", "suomi", "finska", "Finnish"),
    ("sv", "ruotsi", "svenska", "Swedish"),
    ("en", "englanti", "engelska", "English"),
    ("se", "saame", "samiska", "Sámi"),
    ("fse", "suomalainen viittomakieli", "finskt teckenspråk", "Finnish Sign Language"),
    ("none", "ei puhetta", "inget tal", "no words"),
]


def seed(apps, schema_editor):
    ArtForm = apps.get_model("programme", "ArtForm")
    SpokenLanguage = apps.get_model("programme", "SpokenLanguage")
    for position, (slug, fi, sv, en) in enumerate(ART_FORMS):
        ArtForm.objects.update_or_create(
            slug=slug,
            defaults={"name": fi, "name_fi": fi, "name_sv": sv, "name_en": en, "position": position},
        )
    for position, (code, fi, sv, en) in enumerate(LANGUAGES):
        SpokenLanguage.objects.update_or_create(
            code=code,
            defaults={"name": fi, "name_fi": fi, "name_sv": sv, "name_en": en, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("programme", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
