"""Limits on actions that make the platform send mail (django-ratelimit, counted in the
shared cache, so every process sees the same counts).

Anything that sends mail to an address a person typed (a helper request, an invitation) or
to the support team (the help form) counts against one budget per person and one per
network address: the platform must not be a way to send mail to anyone, in bulk.
"""

from django_ratelimit.core import is_ratelimited

from .refusals import RefusedError

MAIL_GROUP = "lampio-mail"
# Per person (or per address when not logged in), and per address whoever is logged in.
MAIL_RATES = (("user_or_ip", "5/10m"), ("user_or_ip", "20/d"), ("ip", "30/h"))


def rate_check(request, *, group: str, rates, refusal: str) -> None:
    """Count one attempt against each (key, rate) limit of `group`; RefusedError(refusal)
    when any is over. Every limit counts the attempt, so waiting out one does not reset the
    others."""
    limited = False
    for key, rate in rates:
        limited |= is_ratelimited(
            request, group=f"{group}:{key}:{rate}", key=key, rate=rate, increment=True
        )
    if limited:
        raise RefusedError(refusal)


def mail_rate_check(request) -> None:
    """Count one mail for this request's person and address; refuse when over a limit."""
    rate_check(request, group=MAIL_GROUP, rates=MAIL_RATES, refusal="core.too_many_mails")
