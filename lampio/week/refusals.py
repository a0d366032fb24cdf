"""Why a showing could not go to a programme (RefusedError("week.<code>"))."""

from django.utils.translation import gettext_lazy as _

REFUSALS = {
    "cancelled": _("This showing has been cancelled."),
    "past": _("This showing is already over."),
    "group_size": _("A group is between %(smallest)s and %(largest)s people."),
    "not_yet": _("You can tell how many watched once the showing has started."),
    "not_planned": _("Mark the showing as one the group watches first."),
}
