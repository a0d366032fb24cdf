from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from lampio.core.plain_text import PlainTextForm


class TopUpForm(PlainTextForm, forms.Form):
    amount = forms.DecimalField(
        label=_("How much (euros)"),
        min_value=Decimal("0.01"),
        max_digits=9,
        decimal_places=2,
        localize=True,
        error_messages={
            "required": _("Write how many euros."),
            "invalid": _("Write the amount in euros, for example 20 or 20,50."),
        },
    )

    def amount_cents(self) -> int:
        return int((self.cleaned_data["amount"] * 100).to_integral_value())


class BuyForm(PlainTextForm, forms.Form):
    """The confirmation page's one button. Its key makes a double tap one purchase."""

    key = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput)


class VoucherForm(PlainTextForm, forms.Form):
    code = forms.CharField(
        label=_("Culture voucher code"),
        max_length=30,
        help_text=_("The code on the voucher, for example ACDE-FGHJ-KMNP."),
        error_messages={"required": _("Write the code on the voucher.")},
    )


def _cents(euros_value) -> int | None:
    return None if euros_value is None else int((euros_value * 100).to_integral_value())


class VoucherBatchForm(PlainTextForm, forms.Form):
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=None, empty_label=None)
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        help_text=_("For example: Spring 2027, senior centres."),
    )
    value = forms.DecimalField(
        label=_("Value of one voucher (euros)"),
        min_value=Decimal("1"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        localize=True,
        initial=10,
    )
    count = forms.IntegerField(label=_("Number of codes"), min_value=1, max_value=2000, initial=100)
    valid_until = forms.DateField(
        label=_("Valid until"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date.")},
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities

    def value_cents(self) -> int:
        return _cents(self.cleaned_data["value"])


class SponsorshipForm(PlainTextForm, forms.Form):
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=None, empty_label=None)
    showing = forms.ModelChoiceField(
        label=_("Showing"),
        queryset=None,
        required=False,
        empty_label=_("Every showing and the recording"),
    )
    budget = forms.DecimalField(
        label=_("Budget (euros)"),
        required=False,
        min_value=Decimal("1"),
        max_value=Decimal("100000"),
        max_digits=8,
        decimal_places=2,
        localize=True,
    )
    max_tickets = forms.IntegerField(
        label=_("Tickets at most"), required=False, min_value=1, max_value=100_000
    )

    def __init__(self, *args, municipalities, showings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.fields["showing"].queryset = showings

    def clean(self):
        data = super().clean()
        if data.get("budget") is None and data.get("max_tickets") is None and not self.errors:
            raise forms.ValidationError(_("Give a budget in euros or a number of tickets."))
        return data

    def budget_cents(self) -> int | None:
        return _cents(self.cleaned_data.get("budget"))
