from django import template

from lampio.tickets.payments import euros as euros_text

register = template.Library()


@register.filter
def euros(cents) -> str:
    return euros_text(int(cents or 0))


@register.filter
def euros_signed(cents) -> str:
    return euros_text(int(cents or 0), signed=True)
