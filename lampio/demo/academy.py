"""The academy in the demo: an open call with applications, and a round whose applications
are being selected by the municipalities (some already selected, some reserves)."""

import json
from datetime import datetime, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from lampio.academy.models import (
    Application,
    Assessment,
    Attendance,
    ClosingSurvey,
    PracticeArticle,
    RoundQuestion,
    RoundSeats,
    RoundSession,
    RoundTrainer,
    TrainingRound,
)
from lampio.accounts.models import ProducerMembership, User
from lampio.municipalities.models import Municipality
from lampio.programme.models import ArtForm, Offering, Producer, SpokenLanguage

SEATS = {"helsinki": 8, "turku": 4, "tampere": 4, "jyvaskyla": 3, "oulu": 3}
APPLICANTS = [
    ("Aino Laine", "organisation", "Teatteri Kajo", ["helsinki"], "theatre"),
    ("Pekka Virta", "freelancer", "", ["turku"], "music"),
    ("Sara Holm", "freelancer", "", ["helsinki", "turku"], "dance"),
    ("Mikko Salo", "organisation", "Oulun kamarikuoro", ["oulu"], "music"),
    ("Liisa Koski", "freelancer", "", ["tampere"], "visual-arts"),
    ("Johan Berg", "organisation", "Kulttuuriyhdistys Bro", ["helsinki"], "music"),
    ("Emma Niemi", "freelancer", "", ["jyvaskyla"], "literature"),
    ("Otto Kivi", "freelancer", "", ["turku"], "theatre"),
]
# Texts of the demo rounds and their questions in fi, sv and en.
TEXTS = json.loads((Path(__file__).parent / "academy.json").read_text(encoding="utf-8"))
ROUNDS = TEXTS["rounds"]
QUESTIONS = TEXTS["questions"]


def _round(slug: str, opens: datetime, closes: datetime, selection: datetime) -> TrainingRound:
    texts = ROUNDS[slug]
    training_round, _created = TrainingRound.objects.update_or_create(
        slug=slug,
        defaults={
            "applications_open_at": opens,
            "applications_close_at": closes,
            "selection_closes_at": selection,
            "decisions_sent_at": None,
            "minimum_attendance": 4,
            "name": texts["fi"][0],
            "description": texts["fi"][1],
            **{f"name_{lang}": name for lang, (name, _d) in texts.items()},
            **{f"description_{lang}": text for lang, (_n, text) in texts.items()},
        },
    )
    training_round.questions.all().delete()
    for position, question in enumerate(QUESTIONS):
        RoundQuestion.objects.create(
            training_round=training_round,
            position=position,
            text=question["fi"],
            **{f"text_{lang}": text for lang, text in question.items()},
        )
    training_round.sessions.all().delete()
    for number in range(6):
        starts = selection + timedelta(days=14 + 7 * number)
        starts = starts.replace(hour=13, minute=0, second=0, microsecond=0)
        RoundSession.objects.create(
            training_round=training_round,
            title=f"Koulutuskerta {number + 1}",
            title_fi=f"Koulutuskerta {number + 1}",
            title_sv=f"Utbildningstillfälle {number + 1}",
            title_en=f"Session {number + 1}",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
        )
    for slug_, seats in SEATS.items():
        municipality = Municipality.objects.filter(slug=slug_).first()
        if municipality:
            RoundSeats.objects.update_or_create(
                training_round=training_round,
                municipality=municipality,
                defaults={"seats": seats, "confirmed_at": None, "confirmed_by": None},
            )
    return training_round


def _applicant(number: int, name: str) -> User:
    user, _created = User.objects.update_or_create(
        username=f"demo-hakija-{number}",
        defaults={
            "name": name,
            "display_name": name.split()[0],
            "email": f"demo-hakija-{number}@lampio.example",
            "is_active": False,  # nobody can log in as a demo applicant
        },
    )
    return user


def _apply(training_round, applicant, spec, *, sent_at) -> Application:
    _name, works_as, organisation, towns, art = spec
    application = Application.objects.create(
        training_round=training_round,
        applicant=applicant,
        status=Application.Status.SENT if sent_at else Application.Status.DRAFT,
        works_as=works_as,
        organisation_name=organisation,
        experience="Olen esiintynyt palvelutaloissa ja päiväkeskuksissa viisi vuotta.",
        wish="Lyhyitä, selkeitä esityksiä, joihin voi osallistua laulamalla tai liikkumalla.",
        answers={
            str(q.pk): "Kerron tästä mielelläni lisää." for q in training_round.questions.all()
        },
        sent_at=sent_at,
    )
    application.municipalities.set(Municipality.objects.filter(slug__in=towns))
    application.art_forms.set(ArtForm.objects.filter(slug=art))
    application.languages.set(SpokenLanguage.objects.filter(code="fi"))
    return application


@transaction.atomic
def demo_academy_load(now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    call = _round(
        "kevat-2027", now - timedelta(days=7), now + timedelta(days=21), now + timedelta(days=35)
    )
    selecting = _round(
        "syksy-2026", now - timedelta(days=40), now - timedelta(days=3), now + timedelta(days=7)
    )
    applicants = [_applicant(n, spec[0]) for n, spec in enumerate(APPLICANTS)]
    Application.objects.filter(applicant__in=applicants).delete()
    for number, (applicant, spec) in enumerate(zip(applicants, APPLICANTS, strict=True)):
        if number < 5:
            sent = None if number == 4 else now - timedelta(days=number + 1)
            _apply(call, applicant, spec, sent_at=sent)
        application = _apply(selecting, applicant, spec, sent_at=now - timedelta(days=10 + number))
        first_town = Municipality.objects.get(slug=spec[3][0])
        if number in (0, 1, 3):
            application.selected_for = first_town
            application.save(update_fields=["selected_for"])
            Assessment.objects.create(
                application=application, municipality=first_town, mark="selected", score=5
            )
        elif number in (2, 7):
            Assessment.objects.create(
                application=application, municipality=first_town, mark="reserve", score=3
            )
    _finished_round(now, applicants)
    return {
        "rounds": 3,
        "applications": Application.objects.filter(applicant__in=applicants).count(),
    }


def _finished_round(now: datetime, applicants: list[User]) -> None:
    """A round that has run: a cohort, attendance, pilots on the stage, completions, the
    closing survey and a good-practice article."""
    finished = _round(
        "syksy-2025",
        now - timedelta(days=200),
        now - timedelta(days=170),
        now - timedelta(days=160),
    )
    finished.decisions_sent_at = now - timedelta(days=160)
    finished.save(update_fields=["decisions_sent_at"])
    trainer, _created = User.objects.update_or_create(
        username="demo-kouluttaja",
        defaults={"name": "Kaisa Kouluttaja", "display_name": "Kaisa", "is_active": False},
    )
    RoundTrainer.objects.get_or_create(training_round=finished, user=trainer)
    sessions = list(finished.sessions.all())
    pilots = list(Offering.objects.filter(status=Offering.Status.PUBLISHED).order_by("slug")[:3])
    for number, (applicant, spec) in enumerate(zip(applicants[:6], APPLICANTS, strict=False)):
        application = _apply(finished, applicant, spec, sent_at=now - timedelta(days=180 + number))
        application.selected_for = Municipality.objects.get(slug=spec[3][0])
        application.decision_sent_at = finished.decisions_sent_at
        application.save(update_fields=["selected_for", "decision_sent_at"])
        attended = sessions if number != 5 else sessions[:2]
        Attendance.objects.bulk_create(
            [
                Attendance(session=session, application=application, recorded_by=trainer)
                for session in attended
            ]
        )
        if number < len(pilots):
            pilot = pilots[number]
            application.pilot_offerings.add(pilot)
            ProducerMembership.objects.get_or_create(user=applicant, producer=pilot.producer)
            Producer.objects.filter(pk=pilot.producer_id).update(is_verified=True)
            application.completed_at = sessions[-1].ends_at
            application.save(update_fields=["completed_at"])
        if number < 5:
            ClosingSurvey.objects.create(
                application=application,
                usefulness=5 - number % 2,
                confidence=4,
                will_continue=number != 3,
                comment=["Lisää kameraharjoituksia.", "", "Vertaistuki oli parasta.", "", ""][
                    number
                ],
            )
    texts = TEXTS["article"]
    article, _created = PracticeArticle.objects.update_or_create(
        slug="kamera-silmien-korkeudelle",
        defaults={
            "author": trainer,
            "training_round": finished,
            "published_at": now - timedelta(days=100),
            "title": texts["fi"][0],
            "summary": texts["fi"][1],
            "body": texts["fi"][2],
            **{f"title_{lang}": t[0] for lang, t in texts.items()},
            **{f"summary_{lang}": t[1] for lang, t in texts.items()},
            **{f"body_{lang}": t[2] for lang, t in texts.items()},
        },
    )
    article.pilots.set(pilots)
