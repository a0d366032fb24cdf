"""Why a showing could not go to a programme (RefusedError("week.<code>"))."""

from django.utils.translation import gettext_lazy as _

REFUSALS = {
    "cancelled": _("This showing has been cancelled."),
    "past": _("This showing is already over."),
}
