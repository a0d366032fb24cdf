"""What the academy keeps about a person, for "My data"."""

from lampio.accounts.personal_data import personal_data_section

from .models import Application, ClosingSurvey, PracticeArticle


@personal_data_section("academy_applications")
def academy_applications(*, user, emails) -> list[dict]:
    return [
        {
            "training_round": application.training_round.name,
            "status": application.status,
            "municipalities": [m.name for m in application.municipalities.all()],
            "works_as": application.works_as,
            "organisation": application.organisation_name,
            "art_forms": [a.name for a in application.art_forms.all()],
            "languages": [language.name for language in application.languages.all()],
            "experience": application.experience,
            "wish": application.wish,
            "answers": application.answers,
            "sent": application.sent_at,
            "selected_by": application.selected_for.name if application.selected_for else None,
            "decision_told": application.decision_sent_at,
            "completed": application.completed_at,
            "closing_survey": _survey(application),
        }
        for application in Application.objects.filter(applicant=user)
        .select_related("training_round", "selected_for")
        .prefetch_related("municipalities", "art_forms", "languages")
    ]


def _survey(application: Application) -> dict | None:
    answer = ClosingSurvey.objects.filter(application=application).first()
    if answer is None:
        return None
    return {
        "usefulness": answer.usefulness,
        "confidence": answer.confidence,
        "will_continue": answer.will_continue,
        "comment": answer.comment,
    }


@personal_data_section("academy_articles")
def academy_articles(*, user, emails) -> list[dict]:
    return [
        {"title": article.title, "published": article.published_at, "written": article.created_at}
        for article in PracticeArticle.objects.filter(author=user)
    ]
