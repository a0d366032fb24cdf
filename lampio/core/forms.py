from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SiteFeedback
from .plain_text import PlainTextForm


class SiteFeedbackForm(PlainTextForm, forms.Form):
    topic = forms.ChoiceField(
        label=_("What is your message about?"),
        choices=SiteFeedback.Topic.choices,
        widget=forms.RadioSelect,
        initial=SiteFeedback.Topic.HELP,
    )
    message = forms.CharField(
        label=_("Your message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Please write your message."),
            "max_length": _("Your message is too long. Please shorten it to 5,000 characters."),
        },
    )
    name = forms.CharField(label=_("Your name (optional)"), max_length=120, required=False)
    email = forms.EmailField(
        label=_("Email for our answer (optional)"),
        required=False,
        error_messages={
            "invalid": _("Check the email address. It should look like aino@example.fi.")
        },
    )
    phone = forms.CharField(
        label=_("Phone number for our answer (optional)"), max_length=40, required=False
    )
    page_url = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)

    def clean_message(self) -> str:
        message = self.cleaned_data["message"].replace("\x00", "").strip()
        if not message:
            raise forms.ValidationError(_("Please write your message."))
        return message

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        allowed = set("0123456789+ -()")
        if phone and (not set(phone) <= allowed or sum(ch.isdigit() for ch in phone) < 5):
            raise forms.ValidationError(
                _("Check the phone number. Use only numbers, for example 040 123 4567.")
            )
        return phone

    def clean_name(self) -> str:
        return self.cleaned_data["name"].replace("\x00", "").strip()

    def clean_page_url(self) -> str:
        value = self.cleaned_data["page_url"].replace("\x00", "")
        return value if value.startswith("/") and not value.startswith("//") else ""
