"""Why something about an imported event cannot be done (RefusedError("imports.<code>"))."""

from django.utils.translation import gettext_lazy as _

REFUSALS = {
    "read_only": _(
        "This event comes from %(source)s. Change its times, pictures and texts there; "
        "the changes arrive here by themselves."
    ),
    "running": _("An import of this source is under way. Try again in a moment."),
}
