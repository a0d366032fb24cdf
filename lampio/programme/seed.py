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


def _seed_named(model, key_field: str, rows) -> None:
    for position, (key, fi, sv, en) in enumerate(rows):
        model.objects.get_or_create(
            **{key_field: key},
            defaults={
                "name": fi,
                "name_fi": fi,
                "name_sv": sv,
                "name_en": en,
                "position": position,
            },
        )


def seed_reference_data(art_form_model, language_model) -> None:
    _seed_named(art_form_model, "slug", ART_FORMS)
    _seed_named(language_model, "code", LANGUAGES)


def ensure_reference_data() -> None:
    """Municipalities, art forms and languages exist (they do after migrate; a database
    flushed by tests or by hand gets them back)."""
    from lampio.municipalities.models import Municipality
    from lampio.municipalities.seed import seed_municipalities

    from .models import ArtForm, SpokenLanguage

    seed_municipalities(Municipality)
    seed_reference_data(ArtForm, SpokenLanguage)
