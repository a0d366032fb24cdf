"""Why an invitation or a helper action cannot be done (RefusedError("accounts.<code>"))."""

from django.utils.translation import gettext_lazy as _

REFUSALS = {
    # Invitations to a role
    "invitation_expired": _(
        "It has been used already, or more than 14 days have passed. Ask for a new invitation."
    ),
    "invitation_wrong_person": _(
        "This invitation was sent to %(email)s. Log in with that address to accept it."
    ),
    # Personal helpers
    "helper_self": _(
        "You cannot be your own helper. Write the address of the person who helps you."
    ),
    "helper_already": _("You have already asked this person to be your helper."),
    "helper_expired": _("This request has already been answered or removed."),
    "helper_wrong_person": _("This request was sent to another address. Log in with that address."),
    "not_helper": _("You are not this person's helper, or they have not accepted you yet."),
    "helper_code_too_late": _("Please log in again with a new code."),
    "last_helper": _(
        "%(name)s has no email address of their own, and you are the only one who receives "
        "their login codes. Add another helper for them, or their own email address, first: "
        "otherwise nobody could log in to their account."
    ),
    "people_depend_on_you": _(
        "You receive the login codes of %(names)s, who have no email address of their own. "
        "Add another helper for them, or their own email address, before deleting your "
        "account."
    ),
}
