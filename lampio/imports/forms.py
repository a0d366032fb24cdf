from django import forms
from django.utils.translation import gettext_lazy as _

from lampio.core.plain_text import PlainTextForm

from .models import EventSource


class EventSourceForm(PlainTextForm, forms.ModelForm):
    class Meta:
        model = EventSource
        fields = [
            "name",
            "base_url",
            "keyword",
            "publisher",
            "municipality",
            "producer",
            "default_art_form",
            "is_trusted",
            "is_active",
        ]
        help_texts = {
            "base_url": _(
                "The Linked Events API's address, e.g. https://api.hel.fi/linkedevents/v1/"
            ),
            "keyword": _("yso:p2433 is older people. Several keywords: separate with commas."),
            "publisher": _("Only this organisation's events (optional)."),
        }

    def clean_base_url(self) -> str:
        url = self.cleaned_data["base_url"].strip()
        if not url.startswith("https://"):
            raise forms.ValidationError(_("The address must begin with https://."))
        return url.rstrip("/") + "/"

    def clean_keyword(self) -> str:
        words = [word.strip() for word in self.cleaned_data["keyword"].split(",") if word.strip()]
        return ",".join(words)
