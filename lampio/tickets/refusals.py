"""Why money did not move (RefusedError("tickets.<code>"))."""

from django.utils.translation import gettext_lazy as _

REFUSALS = {
    "not_for_sale": _("Tickets to this are not on sale."),
    "sold_out": _("This showing is sold out."),
    "top_ups_off": _("Topping up is not available yet. Please ask the support."),
    "top_up_amount": _("A top-up is between %(smallest)s and %(largest)s."),
    "balance_short": _("The balance is not enough for this. Top it up first."),
    "no_group_tickets": _("Group tickets to this are not on sale."),
    "sponsorship_used_up": _(
        "The municipality's offer has been used up. You can still buy a ticket."
    ),
    "sponsorship_limit": _("Give a budget in euros or a number of tickets."),
    "sponsorship_not_here": _("This performance is not offered in that municipality."),
    "voucher_unknown": _("There is no culture voucher with this code. Check the code."),
    "voucher_used": _("This culture voucher has already been used."),
    "voucher_expired": _("This culture voucher is no longer valid."),
    "voucher_value": _("A voucher is worth between 1 and 100 euros."),
    "voucher_count": _("A batch has between 1 and %(largest)s codes."),
    "voucher_valid_until": _("The last day of validity is in the past."),
    "provider_down": _(
        "The payment service did not answer. Nothing was charged. Please try again in a moment."
    ),
    "too_many_tries": _("Too many tries. Please wait a while and try again."),
}
