"""What the foyer keeps about a person, for "My data"."""

from lampio.accounts.personal_data import personal_data_section

from .models import Message, Question, QuestionSecond, Report, Sanction


@personal_data_section("foyer_messages")
def messages(*, user, emails) -> list[dict]:
    return [
        {
            "time": message.created_at,
            "performance": message.foyer.offering.title,
            "name_shown": message.author_name,
            "kind": message.kind,
            "text": message.text,
            "hidden_by_host": message.is_hidden,
        }
        for message in Message.objects.filter(author=user)
        .select_related("foyer__offering")
        .order_by("created_at")
    ]


@personal_data_section("foyer_questions")
def questions(*, user, emails) -> list[dict]:
    """Questions the person asked, and those they said they want to know too."""
    seconded = set(QuestionSecond.objects.filter(user=user).values_list("question_id", flat=True))
    found = Question.objects.filter(author=user) | Question.objects.filter(pk__in=seconded)
    return [
        {
            "time": question.created_at,
            "performance": question.foyer.offering.title,
            "asked_by_me": question.author_id == user.pk,
            "name_shown": question.author_name if question.author_id == user.pk else None,
            "text": question.text,
            "i_want_to_know_too": question.pk in seconded,
        }
        for question in found.select_related("foyer__offering").order_by("created_at")
    ]


@personal_data_section("foyer_reports")
def reports(*, user, emails) -> list[dict]:
    return [
        {"time": report.created_at, "reported_message": report.message.text}
        for report in Report.objects.filter(reporter=user).select_related("message")
    ]


@personal_data_section("foyer_sanctions")
def sanctions(*, user, emails) -> list[dict]:
    """A host's mute or removal of the person."""
    return [
        {
            "time": sanction.created_at,
            "performance": sanction.foyer.offering.title,
            "kind": sanction.kind,
            "until": sanction.until,
        }
        for sanction in Sanction.objects.filter(user=user).select_related("foyer__offering")
    ]
