"""Why the foyer refused something, in words for the person (RefusedError("foyer.<code>"))."""

from django.utils.translation import gettext_lazy as _

REFUSALS = {
    "log_in": _("Please log in to write in the foyer. You can watch and read without it."),
    "closed": _("The foyer is closed now."),
    "own_question": _("This is your own question: the artist sees it already."),
    "chat_closed": _("The host has closed the chat for a moment."),
    "muted": _("The host has paused your writing until %(until)s."),
    "removed": _("The host has removed you from this foyer."),
    "blocked_link": _(
        "For everyone's safety, links are not passed on to others. Your message was not "
        "sent. You can tell about it in words."
    ),
    "blocked_email": _(
        "For everyone's safety, e-mail addresses are not passed on to others. Your "
        "message was not sent."
    ),
    "blocked_phone": _(
        "For everyone's safety, phone numbers are not passed on to others. Your message "
        "was not sent."
    ),
    "blocked_money": _(
        "For everyone's safety, messages about money or bank details are not passed on. "
        "Your message was not sent. If someone asks you for money, please report it."
    ),
    "slow_mode": _("Slow mode is on: you can write once every %(seconds)s seconds."),
    "too_fast": _("You are writing very fast. Please wait a moment."),
    "no_seat": _("Please wait a moment, we are finding you a seat."),
    "no_such_table": _("There is no table with that code. Please check the code."),
    "table_full": _("That table is full. Please choose another one."),
    "no_such_message": _("That message is no longer there."),
    "no_such_question": _("That question is no longer there."),
    "no_such_person": _("That person is not in this foyer."),
    "logged_out": _("You logged out on all your devices. Log in again to write in the foyer."),
    "not_host": _("Only the hosts can do that."),
    "invalid": _("The message could not be understood."),
    "malformed": _("The message could not be understood."),
    "unknown_type": _("The message could not be understood."),
    "too_large": _("The message is too long. Please write a shorter one."),
    "failed": _("Something went wrong. Please try again in a moment."),
}
