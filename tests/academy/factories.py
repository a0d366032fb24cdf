from datetime import timedelta

from django.utils import timezone

from lampio.academy.models import Application, RoundQuestion, RoundSeats, TrainingRound
from lampio.municipalities.models import Municipality
from lampio.programme.models import ArtForm, SpokenLanguage
from lampio.programme.seed import ensure_reference_data


def training_round(
    *, slug="syksy", phase="open", seats: dict[str, int] | None = None, questions=("Miksi?",)
):
    """A round whose call is open now, or whose applications are closed and being selected
    ("selecting"), or whose call has not opened yet ("coming")."""
    ensure_reference_data()
    now = timezone.now()
    opens, closes = {
        "open": (now - timedelta(days=5), now + timedelta(days=5)),
        "selecting": (now - timedelta(days=20), now - timedelta(days=1)),
        "coming": (now + timedelta(days=2), now + timedelta(days=20)),
    }[phase]
    created = TrainingRound.objects.create(
        slug=slug,
        name=f"Koulutus {slug}",
        name_fi=f"Koulutus {slug}",
        name_sv=f"Utbildning {slug}",
        name_en=f"Training {slug}",
        description="Kuvaus.",
        description_fi="Kuvaus.",
        applications_open_at=opens,
        applications_close_at=closes,
        selection_closes_at=closes + timedelta(days=10),
    )
    for position, text in enumerate(questions):
        RoundQuestion.objects.create(
            training_round=created, text=text, text_fi=text, position=position
        )
    for slug_, count in (seats or {"helsinki": 2, "turku": 1}).items():
        RoundSeats.objects.create(
            training_round=created,
            municipality=Municipality.objects.get(slug=slug_),
            seats=count,
        )
    return created


def sent_application(round_, applicant, municipalities=("helsinki",)) -> Application:
    application = Application.objects.create(
        training_round=round_,
        applicant=applicant,
        status=Application.Status.SENT,
        works_as=Application.WorksAs.FREELANCER,
        experience="Laulatan palvelutaloissa.",
        wish="Yhteislauluja.",
        answers={str(q.pk): "Vastaus." for q in round_.questions.all()},
        sent_at=round_.applications_close_at - timedelta(days=1),
    )
    application.municipalities.set(Municipality.objects.filter(slug__in=municipalities))
    application.art_forms.set(ArtForm.objects.all()[:1])
    application.languages.set(SpokenLanguage.objects.all()[:1])
    return application
