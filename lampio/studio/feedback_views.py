"""The extra questions a producer adds to an offering's feedback card."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lampio.accounts.permissions import role_required
from lampio.feedback.forms import FeedbackQuestionForm
from lampio.feedback.services import feedback_questions_save

FIELDS = ("kind", "text_fi", "text_sv", "text_en", "choices_fi", "choices_sv", "choices_en")


@role_required("admin", "producer")
def feedback_questions(request: HttpRequest, slug: str) -> HttpResponse:
    """Up to three extra questions for the offering's feedback card."""
    offering = request.access.offerings_editable().filter(slug=slug).first()
    if offering is None:
        raise Http404
    existing = {q.position: q for q in offering.feedback_questions.all()}
    forms = [
        FeedbackQuestionForm(
            request.POST or None,
            prefix=f"q{position}",
            initial={
                name: getattr(existing[position], name) or ""
                for name in FIELDS
                if position in existing
            },
        )
        for position in (1, 2, 3)
    ]
    if request.method == "POST" and all(form.is_valid() for form in forms):
        questions = [fields for form in forms if (fields := form.question_fields())]
        feedback_questions_save(offering=offering, questions=questions)
        messages.success(request, _("The feedback questions were saved."))
        return redirect("studio:offering", slug=offering.slug)
    return render(
        request,
        "studio/feedback_questions.html",
        {"offering": offering, "forms": list(enumerate(forms, start=1))},
    )
