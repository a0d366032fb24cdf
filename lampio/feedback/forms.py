from django import forms
from django.utils.translation import gettext_lazy as _

from lampio.core.plain_text import PlainTextForm

from .models import FeedbackQuestion

LIKING = [
    (5, _("😄 Very good")),
    (4, _("🙂 Good")),
    (3, _("😐 So-so")),
    (2, _("🙁 Not good")),
    (1, _("😞 Bad")),
]
FEELING = [
    (5, _("😄 Very well")),
    (4, _("🙂 Well")),
    (3, _("😐 So-so")),
    (2, _("🙁 Not so well")),
    (1, _("😞 Badly")),
]
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def feeling_field(label) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=FEELING,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect(attrs={"class": "faces"}),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the faces.")},
    )


class FeedbackForm(PlainTextForm, forms.Form):
    """The feedback card. Only the smiley is needed; everything else is optional."""

    rating = forms.TypedChoiceField(
        label=_("How did you like it?"),
        choices=LIKING,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "faces"}),
        error_messages={
            "required": _("Choose a face to tell how you liked it."),
            "invalid_choice": _("Choose a face to tell how you liked it."),
        },
    )
    watch_again = forms.ChoiceField(
        label=_("Would you watch something like this again?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )
    mood_before = feeling_field(_("How were you feeling before the performance? (optional)"))
    mood_after = feeling_field(_("How are you feeling now? (optional)"))
    comment = forms.CharField(
        label=_("Anything else you want to say? (optional)"),
        help_text=_("The performers read comments without your name."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        error_messages={"max_length": _("Please shorten your comment to 2,000 characters.")},
    )

    def __init__(self, *args, questions=(), group_host=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            name = f"question_{question.position}"
            if question.kind == FeedbackQuestion.Kind.CHOICE:
                self.fields[name] = forms.ChoiceField(
                    label=question.text,
                    choices=list(enumerate(question.choice_list(), start=1)),
                    widget=forms.RadioSelect,
                    required=False,
                )
            else:
                self.fields[name] = forms.CharField(
                    label=question.text,
                    max_length=300,
                    required=False,
                    error_messages={
                        "max_length": _("Please shorten your answer to 300 characters.")
                    },
                )
        if group_host:
            self.fields["group_size"] = forms.IntegerField(
                label=_("How many people watched together? (group viewing)"),
                help_text=_("Leave empty if you watched alone."),
                min_value=2,
                max_value=500,
                required=False,
                error_messages={
                    "min_value": _("A group is at least 2 people."),
                    "max_value": _("Please give a number from 2 to 500."),
                    "invalid": _("Please give the number of people as digits, e.g. 12."),
                },
            )

    def clean_comment(self) -> str:
        return self.cleaned_data["comment"].replace("\x00", "").strip()

    def answers(self) -> dict:
        result = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"question_{question.position}")
            if value in (None, ""):
                continue
            if question.kind == FeedbackQuestion.Kind.CHOICE:
                result[str(question.position)] = int(value)
            else:
                result[str(question.position)] = value.replace("\x00", "").strip()
        return result

    def watch_again_value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("watch_again") or "")

    @classmethod
    def initial_from(cls, feedback) -> dict:
        if feedback is None:
            return {}
        initial = {
            "rating": feedback.rating,
            "watch_again": {True: "yes", False: "no"}.get(feedback.watch_again, ""),
            "mood_before": feedback.mood_before,
            "mood_after": feedback.mood_after,
            "comment": feedback.comment,
            "group_size": feedback.group_size,
        }
        for position, value in feedback.answers.items():
            initial[f"question_{position}"] = value
        return initial


class FeedbackQuestionForm(PlainTextForm, forms.Form):
    """One extra question in the studio (all three are optional)."""

    kind = forms.ChoiceField(
        label=_("Kind of answer"), choices=FeedbackQuestion.Kind.choices, required=False
    )
    text_fi = forms.CharField(label=_("Question in Finnish"), max_length=200, required=False)
    text_sv = forms.CharField(label=_("Question in Swedish"), max_length=200, required=False)
    text_en = forms.CharField(label=_("Question in English"), max_length=200, required=False)
    choices_fi = forms.CharField(
        label=_("Choices in Finnish, one per line"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    choices_sv = forms.CharField(
        label=_("Choices in Swedish, one per line"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    choices_en = forms.CharField(
        label=_("Choices in English, one per line"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if not data.get("text_fi"):
            return data
        if not data.get("kind"):
            self.add_error("kind", _("Choose the kind of answer."))
        choices = [c for c in (data.get("choices_fi") or "").splitlines() if c.strip()]
        if data.get("kind") == FeedbackQuestion.Kind.CHOICE and not 2 <= len(choices) <= 6:
            self.add_error("choices_fi", _("Give 2 to 6 choices, one per line."))
        return data

    def question_fields(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("text_fi"):
            return None
        return {
            key: data.get(key) or ""
            for key in (
                "kind",
                "text_fi",
                "text_sv",
                "text_en",
                "choices_fi",
                "choices_sv",
                "choices_en",
            )
        }
