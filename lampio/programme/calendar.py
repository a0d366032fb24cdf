"""iCalendar (.ics) files so a senior's own calendar reminds them of a showing."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from lampio.core.mail import one_line

from .models import Offering, Showing

REMIND_BEFORE = timedelta(minutes=30)


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request else settings.SITE_URL + path


def offering_ics(request, offering: Offering, showings: list[Showing]) -> bytes:
    # A line break in a title (older data, an import) must not break the file for everyone.
    return showings_ics(request, showings, name=one_line(offering.title))


def showings_ics(request, showings: list[Showing], *, name: str) -> bytes:
    """Calendar events of these showings (of any offerings)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Lämpiö//lampio//FI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for showing in showings:
        offering = showing.offering
        title = one_line(offering.title)
        url = _absolute(request, offering.get_absolute_url())
        event = Event()
        event.add("uid", f"showing-{showing.pk}@lampio")
        # A moved or cancelled showing keeps its UID with a higher SEQUENCE: calendars update.
        event.add("sequence", showing.sequence)
        if showing.is_cancelled:
            event.add("status", "CANCELLED")
        event.add("dtstamp", timezone.now())
        # Local time with its VTIMEZONE (added below), so a calendar shows 14.00 as 14.00
        # across the change to summer time.
        event.add("dtstart", timezone.localtime(showing.starts_at))
        event.add("dtend", timezone.localtime(showing.ends_at))
        event.add("summary", title)
        event.add("description", f"{offering.summary}\n\n{url}")
        event.add("url", url)
        event.add("location", one_line(offering.venue) or url)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", _("%(title)s starts soon") % {"title": title})
        alarm.add("trigger", -REMIND_BEFORE)
        event.add_component(alarm)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
