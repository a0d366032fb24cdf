"""Why money did not move (RefusedError("tickets.<code>"))."""

from django.utils.translation import gettext_lazy as _

REFUSALS = {
    "balance_short": _("The balance is not enough for this. Top it up first."),
}
