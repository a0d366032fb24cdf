from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lampio.academy.models import TrainingRound
from lampio.core.plain_text import PlainTextForm
from lampio.municipalities.models import Municipality
from lampio.programme.models import Producer

from .models import Invitation, User
from .services import default_display_name


def clean_person_name(value: str, message) -> str:
    """A name with its spaces tidied; a name of only spaces is no name."""
    name = " ".join(value.split())
    if not name:
        raise forms.ValidationError(message)
    return name


def email_field(label) -> forms.EmailField:
    """An email address field with Lämpiö's plain error messages."""
    return forms.EmailField(
        label=label,
        max_length=254,
        error_messages={
            "required": _("Please write an email address."),
            "invalid": _("Check the email address. It should look like aino@example.fi."),
        },
    )


def municipality_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Home municipality"),
        queryset=Municipality.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label=_("Somewhere else in Finland"),
    )


class ProfileSignupForm(PlainTextForm, forms.Form):
    """What sign-up asks besides the email address: only what Lämpiö needs."""

    field_order = [
        "name",
        "display_name",
        "home_municipality",
        "email",
        "language",
        "birth_year_band",
        "statistics_consent",
    ]

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        error_messages={"required": _("Please write your name.")},
    )
    display_name = forms.CharField(
        label=_("Name shown to others in the foyer (optional)"),
        max_length=60,
        required=False,
        help_text=_(
            "If you leave this empty, we use your first name and home town, like “Aino, Tampere”."
        ),
    )
    home_municipality = municipality_field()
    language = forms.ChoiceField(
        label=_("Language"), choices=User.Language.choices, initial=User.Language.FI
    )
    birth_year_band = forms.ChoiceField(
        label=_("Birth year (optional)"),
        choices=[("", _("I do not want to say")), *User.BirthYearBand.choices],
        required=False,
    )
    statistics_consent = forms.BooleanField(
        label=_("My birth year may be used in anonymous statistics."),
        required=False,
    )

    def clean_name(self) -> str:
        return clean_person_name(self.cleaned_data["name"], _("Please write your name."))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("birth_year_band") and not cleaned.get("statistics_consent"):
            self.add_error(
                "statistics_consent",
                _("Tick this box if we may use your birth year, or choose “I do not want to say”."),
            )
        return cleaned

    def signup(self, request, user: User) -> None:
        data = self.cleaned_data
        user.name = data["name"]
        user.first_name = data["name"].split()[0]
        user.home_municipality = data.get("home_municipality")
        user.display_name = data.get("display_name") or default_display_name(
            name=data["name"], municipality=user.home_municipality
        )
        user.language = data["language"]
        user.birth_year_band = data.get("birth_year_band", "")
        user.statistics_consent_at = timezone.now() if user.birth_year_band else None
        user.save()


class ProfileForm(PlainTextForm, forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        error_messages={"required": _("Please write your name.")},
    )
    display_name = forms.CharField(
        label=_("Name shown to others in the foyer"), max_length=60, required=False
    )
    home_municipality = municipality_field()
    language = forms.ChoiceField(label=_("Language"), choices=User.Language.choices)

    def clean_name(self) -> str:
        return clean_person_name(self.cleaned_data["name"], _("Please write your name."))


class ConsentForm(PlainTextForm, forms.Form):
    analytics = forms.BooleanField(
        label=_("Lämpiö may record what I watch, to improve the programme."),
        required=False,
    )
    statistics = forms.BooleanField(
        label=_("My birth year may be used in anonymous statistics."),
        required=False,
    )


class DeleteAccountForm(PlainTextForm, forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, delete my account and my personal data."),
        error_messages={"required": _("Tick the box if you want to delete your account.")},
    )


class InvitationForm(PlainTextForm, forms.Form):
    """An admin's invitation to a role."""

    email = email_field(_("Email address"))
    role = forms.ChoiceField(
        label=_("Role"), choices=Invitation.Role.choices, widget=forms.RadioSelect
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality (for a coordinator)"),
        queryset=Municipality.objects.filter(is_active=True).order_by("name"),
        required=False,
    )
    producer = forms.ModelChoiceField(
        label=_("Producer (for a producer)"),
        queryset=Producer.objects.order_by("name"),
        required=False,
    )
    new_producer_name = forms.CharField(
        label=_("Or a new producer organisation: its name"),
        help_text=_("The organisation is made when you send the invitation."),
        max_length=150,
        required=False,
    )
    new_producer_home = forms.ModelChoiceField(
        label=_("The new organisation's home municipality"),
        queryset=Municipality.objects.filter(is_active=True).order_by("name"),
        required=False,
    )
    training_round = forms.ModelChoiceField(
        label=_("Training round (for a trainer)"),
        queryset=TrainingRound.objects.order_by("-applications_close_at"),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role == Invitation.Role.TRAINER and not cleaned.get("training_round"):
            self.add_error("training_round", _("Choose the round the trainer will teach."))
        new_name = cleaned.get("new_producer_name", "").strip()
        if role == Invitation.Role.COORDINATOR and not cleaned.get("municipality"):
            self.add_error("municipality", _("Choose the municipality the coordinator works for."))
        if role == Invitation.Role.PRODUCER:
            if cleaned.get("producer") and new_name:
                self.add_error(
                    "new_producer_name",
                    _("Choose an existing producer or write a new one's name, not both."),
                )
            elif not cleaned.get("producer") and not new_name:
                self.add_error(
                    "producer",
                    _("Choose the producer the person works for, or write a new one's name."),
                )
        return cleaned


class ColleagueInvitationForm(PlainTextForm, forms.Form):
    email = email_field(_("Your colleague's email address"))


class HelperInviteForm(PlainTextForm, forms.Form):
    email = email_field(_("Your helper's email address"))


class HelpedPersonForm(ProfileForm):
    """A helper creates an account for someone who has no email address."""

    name = forms.CharField(
        label=_("Their name"),
        max_length=150,
        error_messages={"required": _("Please write their name.")},
    )
    display_name = forms.CharField(
        label=_("Name shown to others in the foyer (optional)"), max_length=60, required=False
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=User.Language.choices, initial=User.Language.FI
    )

    def clean_name(self) -> str:
        return clean_person_name(self.cleaned_data["name"], _("Please write their name."))
