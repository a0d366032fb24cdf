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
    by_text_message = forms.BooleanField(
        label=_("Send the same reminders to my mobile phone as text messages"), required=False
    )
    weekly_digest = forms.BooleanField(
        label=_("Every Sunday, email me a few picks for the coming week"), required=False
    )

    def __init__(self, *args, phone_verified: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not phone_verified:
            del self.fields["by_text_message"]


class PhoneNumberForm(PlainTextForm, forms.Form):
    number = forms.CharField(
        label=_("Mobile number"),
        max_length=30,
        help_text=_("We send a code to it. For example 040 123 4567."),
        error_messages={"required": _("Write your mobile number.")},
    )


class PhoneCodeForm(PlainTextForm, forms.Form):
    code = forms.CharField(
        label=_("The code in the text message"),
        max_length=12,
        error_messages={"required": _("Write the six digits of the code.")},
    )


class RememberForm(PlainTextForm, forms.Form):
    """ "Muistuta minua"; a helper acting for someone may ask for a copy of the reminders."""

    copy_to_helper = forms.BooleanField(
        label=_("Send me a copy of the reminders too"), required=False
    )
    every_week = forms.BooleanField(
        label=_("Remind me of every showing of this series, every week"), required=False
    )

    def __init__(self, *args, helper: bool = False, series: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not helper:
            del self.fields["copy_to_helper"]
        if not series:
            del self.fields["every_week"]


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
