"""Why a showing could not go to a programme (RefusedError("week.<code>"))."""

from django.utils.translation import gettext_lazy as _

REFUSALS = {
    "cancelled": _("This showing has been cancelled."),
    "past": _("This showing is already over."),
    "group_size": _("A group is between %(smallest)s and %(largest)s people."),
    "not_yet": _("You can tell how many watched once the showing has started."),
    "not_planned": _("Mark the showing as one the group watches first."),
    "no_text_messages": _("Reminders by text message are not in use."),
    "not_a_mobile_number": _(
        "That does not look like a mobile number. Write it as on your phone, for example "
        "040 123 4567."
    ),
    "too_many_codes": _("Several codes were sent just now. Please try again in a while."),
    "no_code": _("Ask for a code first."),
    "code_expired": _("The code is no longer valid. Ask for a new code."),
    "code_tries": _("The code was wrong too many times. Ask for a new code."),
    "code_wrong": _("The code was not right. Check the message and try again."),
}
