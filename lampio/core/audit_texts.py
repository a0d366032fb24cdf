"""What each audit code means, in a sentence for the people who read the log (the shape of
pretix's logdisplay). Every code written with `audit_record` must be here: it refuses
unknown codes, and the tests check that every text exists in fi, sv and en.

The placeholders are the event's people and target: %(actor)s did it, %(subject)s is whom it
concerned, %(target)s what it concerned; events' data adds its own (minutes, seconds,
language)."""

from collections import defaultdict

from django.utils.translation import gettext_lazy as _

AUDIT_TEXTS = {
    # accounts
    "accounts.account_created_by_helper": _("%(actor)s created an account for %(subject)s."),
    "accounts.account_deleted": _("An account was deleted."),
    "accounts.acting_started": _("%(actor)s started acting for %(subject)s."),
    "accounts.acting_stopped": _("%(actor)s stopped acting for %(subject)s."),
    "accounts.consents_updated_by_helper": _("%(actor)s changed the consents of %(subject)s."),
    "accounts.helper_confirmed": _("%(actor)s became a helper of %(subject)s."),
    "accounts.helper_invited": _("%(actor)s asked for a personal helper."),
    "accounts.helper_removed": _("%(actor)s removed a personal helper of %(subject)s."),
    "accounts.invitation_sent": _("%(actor)s sent an invitation to a new role."),
    "accounts.logged_in_with_helper_code": _(
        "%(actor)s logged in for %(subject)s with a code sent to the helper."
    ),
    "accounts.logged_out_everywhere": _("%(actor)s logged out on all devices."),
    "accounts.login_link_used": _("%(actor)s logged in with the link in the email."),
    "accounts.profile_updated_by_helper": _("%(actor)s changed the details of %(subject)s."),
    "accounts.role_granted": _("%(actor)s accepted an invitation and got a new role."),
    # programme
    "imports.source_added": _("%(actor)s added the event source %(target)s."),
    "imports.source_changed": _("%(actor)s changed the event source %(target)s."),
    "imports.run_requested": _("%(actor)s started an import from %(target)s."),
    "programme.offering_created": _("%(actor)s created the performance %(target)s."),
    "programme.producer_created": _("%(actor)s created the producer organisation %(target)s."),
    "programme.offering_changed": _("%(actor)s changed the performance %(target)s."),
    "programme.offering_submitted": _("%(actor)s sent the performance %(target)s for review."),
    "programme.offering_published_directly": _(
        "%(actor)s published the performance %(target)s (a verified producer)."
    ),
    "programme.offering_approved": _("%(actor)s approved and published %(target)s."),
    "programme.offering_returned": _("%(actor)s returned %(target)s to the producer."),
    "programme.changes_submitted": _(
        "%(actor)s proposed changes to the published %(target)s; they wait for review."
    ),
    "programme.changes_approved": _("%(actor)s approved the changes to %(target)s."),
    "programme.changes_returned": _("%(actor)s returned the changes to %(target)s."),
    "programme.showing_added": _("%(actor)s added the showing %(target)s."),
    "programme.showing_changed": _("%(actor)s changed the showing %(target)s."),
    "programme.showing_cancelled": _("%(actor)s cancelled the showing %(target)s."),
    "programme.image_added": _("%(actor)s added a picture to %(target)s."),
    "programme.image_removed": _("%(actor)s removed a picture from %(target)s."),
    # media
    "media.video_uploaded": _("%(actor)s uploaded the recording %(target)s."),
    "media.captions_added": _("%(actor)s added captions (%(language)s) to %(target)s."),
    "media.recording_attached": _("%(actor)s made %(target)s the recording of a broadcast."),
    # foyer moderation
    "foyer.message_hidden": _("%(actor)s hid a message by %(subject)s in the foyer of %(target)s."),
    "foyer.message_shown": _("%(actor)s showed a hidden message by %(subject)s again."),
    "foyer.person_muted": _(
        "%(actor)s paused the writing of %(subject)s for %(minutes)s minutes in the foyer of "
        "%(target)s."
    ),
    "foyer.person_removed": _("%(actor)s removed %(subject)s from the foyer of %(target)s."),
    "foyer.chat_closed": _("%(actor)s closed the chat in the foyer of %(target)s."),
    "foyer.chat_opened": _("%(actor)s opened the chat in the foyer of %(target)s."),
    "foyer.slow_mode_set": _(
        "%(actor)s set slow mode to %(seconds)s seconds in the foyer of %(target)s."
    ),
    "foyer.premiere_paused": _("%(actor)s paused the premiere %(target)s."),
    "foyer.premiere_resumed": _("%(actor)s resumed the premiere %(target)s."),
    # tickets
    "tickets.balance_topped_up_for": _(
        "%(actor)s topped up the balance of %(subject)s with %(amount)s."
    ),
    "tickets.ticket_bought_for": _("%(actor)s bought a ticket to %(target)s for %(subject)s."),
    "tickets.ticket_refunded": _("%(actor)s refunded the ticket of %(subject)s to %(target)s."),
    "tickets.vouchers_issued": _("%(actor)s issued %(count)s culture vouchers: %(target)s."),
    "tickets.sponsorship_made": _(
        "%(actor)s sponsored %(target)s for the residents of %(municipality)s."
    ),
    "tickets.sponsorship_ended": _("%(actor)s ended the sponsorship of %(target)s."),
    # week
    "week.reminder_set_for": _("%(actor)s set a reminder of %(target)s for %(subject)s."),
    "week.series_followed_for": _("%(actor)s set weekly reminders of %(target)s for %(subject)s."),
    # academy
    "academy.applicant_selected": _("%(actor)s selected %(subject)s for %(target)s."),
    "academy.applicant_reserve": _("%(actor)s made %(subject)s a reserve for %(target)s."),
    "academy.applicant_not_selected": _("%(actor)s did not select %(subject)s for %(target)s."),
    "academy.application_withdrawn": _("%(subject)s withdrew their application to %(target)s."),
    "academy.selection_confirmed": _(
        "%(actor)s confirmed the selection for %(target)s (%(selected)s selected)."
    ),
    "academy.attendance_recorded": _(
        "%(actor)s recorded attendance of %(session)s in %(target)s (%(present)s present)."
    ),
    "academy.attendance_from_foyer": _(
        "Attendance of %(session)s in %(target)s was read from its foyer (%(present)s present)."
    ),
    "academy.pilot_joined": _("%(actor)s added %(subject)s to the pilot performance %(target)s."),
    "academy.pilot_started": _("%(actor)s started the pilot performance %(target)s."),
    "academy.participant_completed": _("%(subject)s completed %(target)s."),
    "academy.producer_verified": _(
        "%(target)s became a verified producer when %(subject)s completed the academy."
    ),
    "academy.article_published": _("%(actor)s published the good-practice article %(target)s."),
    "academy.article_saved": _("%(actor)s saved the good-practice article %(target)s as a draft."),
    "academy.round_opened": _("%(actor)s opened the training round %(target)s."),
    "academy.round_changed": _("%(actor)s changed the training round %(target)s."),
    "academy.decisions_sent": _(
        "The decisions of %(target)s were sent to %(applicants)s applicants."
    ),
}


def audit_sentence(event) -> str:
    """The event in plain words, in the active language."""
    text = AUDIT_TEXTS.get(event.action)
    if text is None:
        return event.action
    # A detail missing from an older entry reads as a dash, never as the raw code.
    values = defaultdict(lambda: "–", {k: str(v) for k, v in (event.data or {}).items()})
    values.update(
        actor=str(event.actor) if event.actor_id else "–",
        subject=str(event.subject) if event.subject_id else "–",
        target=event.target_repr or "–",
    )
    try:
        return str(text) % values
    except (ValueError, TypeError):
        return str(text).split("%(", 1)[0].rstrip(" :") or event.action
