from django import template

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
    """1400 → "14", 2550 → "25,5"."""
    whole, hundredths = divmod(int(basis_points or 0), 100)
    return f"{whole},{hundredths:02d}".rstrip("0").rstrip(",") if hundredths else str(whole)
