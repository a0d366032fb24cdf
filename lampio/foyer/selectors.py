from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from .services import foyer_for_offering, foyer_for_showing


def foyer_for_plan(plan):
    """The foyer that goes with what the watch page plays."""
    if plan.showing is not None:
        return foyer_for_showing(plan.showing)
    return foyer_for_offering(plan.video.offering)


def foyer_texts() -> dict[str, str]:
    """Words the foyer's script shows, in the page's language."""
    return {
        "people_one": _("1 person in the foyer"),
        "people_many": _("%(count)s people in the foyer"),
        "table": _("Table %(number)s"),
        "table_free": _("Table %(number)s: %(free)s free seats"),
        "table_code": _("Table code for friends: %(code)s"),
        "you": _("you"),
        "opens_at": _("The foyer opens at %(time)s."),
        "closed": _("The foyer is closed."),
        "connecting": _("Connecting to the foyer…"),
        "reconnecting": _("The connection broke. Connecting again…"),
        "connected": _("You are in the foyer."),
        "new_messages": _("New messages below"),
        "announcement": _("Announcement"),
        "second": _("I want to ask this too"),
        "seconds_count": _("%(count)s others want to know"),
        "answered": _("Answered"),
        "answer": _("Mark as answered"),
        "hide": _("Hide"),
        "pin": _("Pin"),
        "mute": _("Mute for 10 minutes"),
        "remove": _("Remove from the foyer"),
        "report": _("Report"),
        "reported": _("Thank you. The hosts will look at it."),
        "pinned": _("Pinned message"),
        "chat_closed": _("The chat is closed for a moment."),
        "slow_mode": _("Slow mode: one message every %(seconds)s seconds."),
        "video_call": _("Video call at your table"),
        "removed": _("The host has removed you from this foyer."),
    }


def foyer_context(foyer) -> dict:
    return {
        "foyer": foyer,
        "foyer_socket": f"/ws/foyer/{foyer.pk}/",
        "foyer_texts": foyer_texts(),
        "jitsi_domain": settings.JITSI_DOMAIN,
        "video_token_url": reverse("foyer:video_token", kwargs={"foyer_id": foyer.pk})
        if settings.JITSI_DOMAIN
        else "",
    }
