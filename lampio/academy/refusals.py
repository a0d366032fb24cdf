"""Why the academy will not do what was asked (RefusedError("academy.<code>"))."""

from django.utils.translation import gettext_lazy as _

REFUSALS = {
    "not_open_yet": _("Applications to this round open on %(when)s."),
    "deadline_passed": _(
        "The application period ended on %(when)s. "
        "Your draft is kept, but it can no longer be sent."
    ),
    "already_sent": _("Your application has already been sent. You can read or withdraw it."),
    "withdrawn": _("You withdrew this application. It can no longer be changed."),
    "incomplete": _("Before sending, please fill in: %(missing)s"),
    "too_late_to_withdraw": _(
        "The selection has closed, so the application can no longer be withdrawn."
    ),
    "not_selecting": _("Applications of this round are not being selected now."),
    "not_your_municipality": _("This application does not name a municipality you coordinate."),
    "seats_full": _(
        "All %(seats)s seats of %(municipality)s are taken. "
        "Free one first, or mark this one as reserve."
    ),
    "selected_elsewhere": _(
        "%(municipality)s has already selected this applicant; one person takes one seat."
    ),
    "confirmed": _(
        "The selection of %(municipality)s has been confirmed and can no longer be changed."
    ),
    "not_your_course": _("Only the round's trainers and participants can do this."),
    "not_completed": _("The certificate is given when the course is completed."),
    "survey_not_yet": _("The closing survey opens when your course is over."),
    "no_seats": _("%(municipality)s has no seats in this round."),
}
