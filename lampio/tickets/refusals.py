"""Why money did not move (RefusedError("tickets.<code>"))."""

from django.utils.translation import gettext_lazy as _

REFUSALS = {
    "not_for_sale": _("Tickets to this are not on sale."),
    "sold_out": _("This showing is sold out."),
    "top_ups_off": _("Topping up is not available yet. Please ask the support."),
    "top_up_amount": _("A top-up is between %(smallest)s and %(largest)s."),
    "balance_short": _("The balance is not enough for this. Top it up first."),
}
