"""Art forms and spoken languages: reference data the catalogue filters on."""

ART_FORMS = [
    # slug, fi, sv, en
    ("music", "Musiikki", "Musik", "Music"),
    ("theatre", "Teatteri", "Teater", "Theatre"),
    ("dance", "Tanssi", "Dans", "Dance"),
    ("sing-along", "Yhteislaulu", "Allsång", "Sing-along"),
    ("exercise", "Liikunta", "Motion", "Exercise"),
    ("visual-arts", "Kuvataide ja museot", "Bildkonst och museer", "Visual arts and museums"),
    (
        "literature",
        "Kirjallisuus ja lukupiirit",
        "Litteratur och läsecirklar",
        "Literature and book circles",
    ),
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


def seed_reference_data(art_form_model, language_model) -> None:
    for position, (slug, fi, sv, en) in enumerate(ART_FORMS):
        art_form_model.objects.get_or_create(
            slug=slug,
            defaults={
                "name": fi,
                "name_fi": fi,
                "name_sv": sv,
                "name_en": en,
                "position": position,
            },
        )
    for position, (code, fi, sv, en) in enumerate(LANGUAGES):
        language_model.objects.get_or_create(
            code=code,
            defaults={
                "name": fi,
                "name_fi": fi,
                "name_sv": sv,
                "name_en": en,
                "position": position,
            },
        )


def ensure_reference_data() -> None:
    """Municipalities, art forms and languages exist (they do after migrate; a database
    flushed by tests or by hand gets them back)."""
    from lampio.municipalities.models import Municipality
    from lampio.municipalities.seed import seed_municipalities

    from .models import ArtForm, SpokenLanguage

    seed_municipalities(Municipality)
    seed_reference_data(ArtForm, SpokenLanguage)
