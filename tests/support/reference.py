from lampio.municipalities.models import Municipality
from lampio.programme.seed import ensure_reference_data


def helsinki() -> Municipality:
    # Transactional tests flush the database, seeded reference data included.
    ensure_reference_data()
    return Municipality.objects.get(slug="helsinki")
