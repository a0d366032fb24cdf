from decimal import Decimal

from django import template
from django.utils.formats import number_format

from lampio.tickets.payments import euros as euros_text

register = template.Library()


@register.filter
def euros(cents) -> str:
    return euros_text(int(cents or 0))


@register.filter
def euros_signed(cents) -> str:
    return euros_text(int(cents or 0), signed=True)


@register.filter
def vat_percent(basis_points) -> str:
    """1400 → "14", 2550 → "25,5" (in English "25.5"): the language's decimal mark."""
    percent = Decimal(int(basis_points or 0)) / 100
    return number_format(percent.normalize() if percent % 1 else percent.quantize(Decimal(1)))
