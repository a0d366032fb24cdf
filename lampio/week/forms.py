from django import forms
from django.utils.translation import gettext_lazy as _

from lampio.core.plain_text import PlainTextForm


class ReminderSettingsForm(PlainTextForm, forms.Form):
    day_before = forms.BooleanField(
        label=_("Remind me by email the day before"), required=False, initial=True
    )
    soon_before = forms.BooleanField(
        label=_("Remind me by email 30 minutes before it starts"), required=False, initial=True
    )


class RememberForm(PlainTextForm, forms.Form):
    """ "Muistuta minua"; a helper acting for someone may ask for a copy of the reminders."""

    copy_to_helper = forms.BooleanField(
        label=_("Send me a copy of the reminders too"), required=False
    )


class GroupViewersForm(PlainTextForm, forms.Form):
    viewers = forms.IntegerField(
        label=_("How many people"),
        min_value=2,
        max_value=500,
        error_messages={
            "required": _("Write how many people."),
            "invalid": _("Write the number of people, for example 12."),
        },
    )
