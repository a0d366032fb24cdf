"""Why a step of the review workflow is not possible now (RefusedError("programme.<code>"))."""

from django.utils.translation import gettext_lazy as _

REFUSALS = {
    "already_sent": _("This performance has already been sent."),
    "incomplete": _("Before it can be sent: %(missing)s"),
    "not_in_review": _("This performance is not waiting for a decision."),
    "comment_needed": _("Tell the producer what to change."),
}
