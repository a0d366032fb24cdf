from django import forms
from django.utils.translation import gettext_lazy as _

from lampio.core.plain_text import PlainTextForm, validate_multi_line
from lampio.municipalities.models import Municipality
from lampio.programme.models import ArtForm, SpokenLanguage
from lampio.programme.pictures import picture_upload_check

from .models import (
    MAX_OWN_QUESTIONS,
    Application,
    Assessment,
    PracticeArticle,
    RoundQuestion,
    RoundSeats,
    RoundSession,
    SessionMaterial,
    TrainingRound,
)
from .services import ApplicationIn

TEXT_LIMIT = 4000


class ApplicationForm(PlainTextForm, forms.Form):
    """The call's form. Saving a draft accepts gaps; sending checks everything
    (services.application_save), so a half-written application is never lost."""

    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities where you work"),
        queryset=Municipality.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Each municipality selects its own participants. Choose one or more."),
    )
    works_as = forms.ChoiceField(
        label=_("I work"),
        choices=Application.WorksAs.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    art_forms = forms.ModelMultipleChoiceField(
        label=_("Art forms"),
        queryset=ArtForm.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages I work in"),
        queryset=SpokenLanguage.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    experience = forms.CharField(
        label=_("Your experience with older audiences"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=TEXT_LIMIT,
        required=False,
    )
    wish = forms.CharField(
        label=_("What would you like to produce for older people?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=TEXT_LIMIT,
        required=False,
    )

    def __init__(self, *args, training_round: TrainingRound, **kwargs):
        super().__init__(*args, **kwargs)
        self.training_round = training_round
        self.fields["municipalities"].queryset = Municipality.objects.filter(
            academy_seats__training_round=training_round
        ).order_by("name")
        self.question_fields = []
        for question in training_round.questions.all():
            name = f"question_{question.pk}"
            # Added after PlainTextForm set up the others, so it gets its validator here.
            self.fields[name] = forms.CharField(
                label=question.text,
                widget=forms.Textarea(attrs={"rows": 4}),
                max_length=TEXT_LIMIT,
                required=False,
                validators=[validate_multi_line],
            )
            self.question_fields.append(name)

    @classmethod
    def initial_from(cls, application: Application | None) -> dict:
        if application is None:
            return {}
        initial = {
            "municipalities": list(application.municipalities.all()),
            "works_as": application.works_as,
            "organisation_name": application.organisation_name,
            "art_forms": list(application.art_forms.all()),
            "languages": list(application.languages.all()),
            "experience": application.experience,
            "wish": application.wish,
        }
        for key, text in (application.answers or {}).items():
            initial[f"question_{key}"] = text
        return initial

    def application_in(self) -> ApplicationIn:
        data = self.cleaned_data
        return ApplicationIn(
            works_as=data.get("works_as") or "",
            organisation_name=data.get("organisation_name") or "",
            experience=data.get("experience") or "",
            wish=data.get("wish") or "",
            municipalities=list(data.get("municipalities") or []),
            art_forms=list(data.get("art_forms") or []),
            languages=list(data.get("languages") or []),
            answers={
                name.removeprefix("question_"): data.get(name) or ""
                for name in self.question_fields
            },
        )


class AssessmentForm(PlainTextForm, forms.Form):
    mark = forms.ChoiceField(
        label=_("Decision"),
        choices=Assessment.Mark.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision.")},
    )
    score = forms.TypedChoiceField(
        label=_("Score"),
        choices=[("", _("No score")), *[(n, str(n)) for n in range(1, 6)]],
        coerce=int,
        empty_value=None,
        required=False,
    )
    note = forms.CharField(
        label=_("Private note"),
        help_text=_("Only your municipality's coordinators and the platform's admins read it."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


MAX_MATERIAL_BYTES = 10 * 1024 * 1024


class MaterialForm(PlainTextForm, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=SessionMaterial.Kind.choices, widget=forms.RadioSelect
    )
    url = forms.URLField(label=_("Address of the link"), required=False, assume_scheme="https")
    file = forms.FileField(
        label=_("File (at most 10 MB)"),
        required=False,
        error_messages={"invalid": _("The file could not be read. Please choose it again.")},
    )
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000, required=False
    )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == SessionMaterial.Kind.LINK and not data.get("url"):
            self.add_error("url", _("Give the address of the link."))
        if kind == SessionMaterial.Kind.FILE:
            upload = data.get("file")
            if not upload:
                self.add_error("file", _("Choose a file."))
            elif upload.size > MAX_MATERIAL_BYTES:
                self.add_error("file", _("The file is too large. The limit is 10 MB."))
        if kind == SessionMaterial.Kind.TEXT and not (data.get("text") or "").strip():
            self.add_error("text", _("Write the text."))
        return data


def stream_address_clean(url: str) -> str:
    """A live HLS playlist on an allowed streaming service, or on the platform's own media
    (the demo's live origin)."""
    from django.conf import settings

    from lampio.media.streams import stream_origin_allowed

    if not url:
        return url
    if not url.split("?", 1)[0].endswith(".m3u8"):
        raise forms.ValidationError(_("The address must end in .m3u8 (an HLS playlist)."))
    if url.startswith(settings.MEDIA_URL) and ".." not in url:
        return url
    if not stream_origin_allowed(url):
        raise forms.ValidationError(
            _(
                "Lämpiö cannot play broadcasts from this service yet. Ask the Lämpiö team "
                "to allow it."
            )
        )
    return url


class SessionForm(PlainTextForm, forms.ModelForm):
    stream_url = forms.CharField(
        label=_("Address of the live broadcast (HLS, for a session on Lämpiö)"),
        max_length=500,
        required=False,
    )

    class Meta:
        model = RoundSession
        fields = ["mode", "join_url"]
        widgets = {"mode": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.showing_id:
            self.initial.setdefault("stream_url", self.instance.showing.stream_url)

    def clean_stream_url(self):
        return stream_address_clean(self.cleaned_data.get("stream_url", "").strip())

    def clean(self):
        data = super().clean()
        if data.get("mode") == RoundSession.Mode.PLATFORM and not data.get("stream_url"):
            self.add_error("stream_url", _("Give the address of the live broadcast."))
        return data


class AttendanceForm(PlainTextForm, forms.Form):
    present = forms.ModelMultipleChoiceField(
        label=_("Who was there"),
        queryset=Application.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["present"]
        field.queryset = participants
        field.label_from_instance = lambda application: (
            f"{application.applicant.name or application.applicant.display_name}"
            f" ({application.selected_for.name})"
        )


class SurveyForm(PlainTextForm, forms.Form):
    SCALE = [(n, str(n)) for n in range(1, 6)]

    usefulness = forms.TypedChoiceField(
        label=_("How useful was the training? (1 = not at all, 5 = very)"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    confidence = forms.TypedChoiceField(
        label=_("How confident are you now making culture for older people? (1–5)"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    will_continue = forms.TypedChoiceField(
        label=_("Will you go on making digital culture for older people?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("What should change in the training?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        required=False,
    )


class ArticleForm(PlainTextForm, forms.ModelForm):
    picture = forms.ImageField(
        label=_("Picture (JPEG, PNG or WebP, optional)"),
        required=False,
        error_messages={
            "invalid_image": _("This file is not a picture we can show. Use JPEG, PNG or WebP.")
        },
    )

    class Meta:
        model = PracticeArticle
        fields = [
            "title_fi",
            "title_sv",
            "title_en",
            "summary_fi",
            "summary_sv",
            "summary_en",
            "body_fi",
            "body_sv",
            "body_en",
            "picture_alt_fi",
            "picture_alt_sv",
            "picture_alt_en",
            "training_round",
            "pilots",
        ]
        widgets = {
            "body_fi": forms.Textarea(attrs={"rows": 10}),
            "body_sv": forms.Textarea(attrs={"rows": 10}),
            "body_en": forms.Textarea(attrs={"rows": 10}),
            "pilots": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, pilots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pilots"].queryset = pilots
        self.fields["pilots"].required = False
        self.fields["training_round"].required = False
        for name in ("title_fi", "summary_fi", "body_fi"):
            self.fields[name].required = True

    def clean_picture(self):
        picture = self.cleaned_data.get("picture")
        if picture:
            picture_upload_check(picture)
        return picture

    def clean(self):
        data = super().clean()
        picture = data.get("picture")
        if picture and not (data.get("picture_alt_fi") or "").strip():
            self.add_error("picture_alt_fi", _("Describe the picture in Finnish."))
        return data


def _local_moment() -> forms.DateTimeInput:
    return forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})


class RoundForm(PlainTextForm, forms.ModelForm):
    class Meta:
        model = TrainingRound
        fields = [
            "name_fi",
            "name_sv",
            "name_en",
            "description_fi",
            "description_sv",
            "description_en",
            "applications_open_at",
            "applications_close_at",
            "selection_closes_at",
            "minimum_attendance",
        ]
        widgets = {
            "description_fi": forms.Textarea(attrs={"rows": 6}),
            "description_sv": forms.Textarea(attrs={"rows": 6}),
            "description_en": forms.Textarea(attrs={"rows": 6}),
            "applications_open_at": _local_moment(),
            "applications_close_at": _local_moment(),
            "selection_closes_at": _local_moment(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("name_fi", "description_fi"):
            self.fields[name].required = True

    def clean(self):
        data = super().clean()
        opens = data.get("applications_open_at")
        closes = data.get("applications_close_at")
        selection = data.get("selection_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("applications_close_at", _("The deadline must come after the opening."))
        if closes and selection and selection < closes:
            self.add_error(
                "selection_closes_at", _("The selection closes after the application deadline.")
            )
        return data

    def validate_constraints(self, exclude=None):
        """The dates are checked with clear messages above."""


class SeatsForm(PlainTextForm, forms.ModelForm):
    class Meta:
        model = RoundSeats
        fields = ["municipality", "seats"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(is_active=True).order_by(
            "name"
        )


class QuestionForm(PlainTextForm, forms.ModelForm):
    class Meta:
        model = RoundQuestion
        fields = ["text_fi", "text_sv", "text_en"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text_fi"].required = True


class CourseSessionForm(PlainTextForm, forms.ModelForm):
    class Meta:
        model = RoundSession
        fields = ["title_fi", "title_sv", "title_en", "starts_at", "ends_at", "mode", "join_url"]
        widgets = {"starts_at": _local_moment(), "ends_at": _local_moment()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_fi"].required = True

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The session must end after it starts."))
        return data


SeatsFormSet = forms.inlineformset_factory(
    TrainingRound, RoundSeats, form=SeatsForm, extra=3, can_delete=True
)
QuestionFormSet = forms.inlineformset_factory(
    TrainingRound,
    RoundQuestion,
    form=QuestionForm,
    extra=2,
    max_num=MAX_OWN_QUESTIONS,
    validate_max=True,
    can_delete=True,
)
CourseSessionFormSet = forms.inlineformset_factory(
    TrainingRound, RoundSession, form=CourseSessionForm, extra=2, can_delete=True
)
