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
