from django import forms
from django.utils.translation import gettext_lazy as _

from lampio.core.plain_text import PlainTextForm

LANGUAGES = [("fi", "Suomi"), ("sv", "Svenska"), ("en", "English"), ("se", "Sámegiella")]


class CaptionUploadForm(PlainTextForm, forms.Form):
    language = forms.ChoiceField(label=_("Language of the captions"), choices=LANGUAGES)
    file = forms.FileField(
        label=_("Caption file (WebVTT or SRT)"),
        error_messages={"required": _("Please choose a caption file.")},
    )
