"""The founding municipalities. Used by the data migration and by anything that must make
sure they exist (the demo loader, tests that flush the database)."""

MUNICIPALITIES = [
    # slug, code, fi, sv, en, coordinates the platform
    ("helsinki", "091", "Helsinki", "Helsingfors", "Helsinki", True),
    ("turku", "853", "Turku", "Åbo", "Turku", False),
    ("tampere", "837", "Tampere", "Tammerfors", "Tampere", False),
    ("jyvaskyla", "179", "Jyväskylä", "Jyväskylä", "Jyväskylä", False),
    ("oulu", "564", "Oulu", "Uleåborg", "Oulu", False),
]


def seed_municipalities(municipality_model) -> None:
    for slug, code, fi, sv, en, coordinator in MUNICIPALITIES:
        municipality_model.objects.get_or_create(
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
