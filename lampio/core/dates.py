"""Dates and times written the way each language writes them ("tiistaina 3.12. klo 14.00")."""

from datetime import date, datetime

from django.utils import dateformat, timezone
from django.utils.translation import ngettext, pgettext

_WEEKDAYS_ON = (
    lambda: pgettext("on weekday", "Monday"),
    lambda: pgettext("on weekday", "Tuesday"),
    lambda: pgettext("on weekday", "Wednesday"),
    lambda: pgettext("on weekday", "Thursday"),
    lambda: pgettext("on weekday", "Friday"),
    lambda: pgettext("on weekday", "Saturday"),
    lambda: pgettext("on weekday", "Sunday"),
)


_WEEKDAYS = (
    lambda: pgettext("weekday", "Monday"),
    lambda: pgettext("weekday", "Tuesday"),
    lambda: pgettext("weekday", "Wednesday"),
    lambda: pgettext("weekday", "Thursday"),
    lambda: pgettext("weekday", "Friday"),
    lambda: pgettext("weekday", "Saturday"),
    lambda: pgettext("weekday", "Sunday"),
)


def weekday_on(day: date) -> str:
    """The weekday in the form that answers "when?" (Finnish essive: "tiistaina")."""
    return _WEEKDAYS_ON[day.weekday()]()


def format_time(moment: datetime) -> str:
    return dateformat.format(timezone.localtime(moment), pgettext("time of day format", "H:i"))


def format_date(day: date) -> str:
    return dateformat.format(day, pgettext("day and month format", "j F"))


def format_day(day: date, today: date | None = None) -> str:
    """ "tänään", "huomenna" or "tiistaina 3.12."."""
    today = today or timezone.localdate()
    delta = (day - today).days
    if delta == 0:
        return pgettext("relative day", "today")
    if delta == 1:
        return pgettext("relative day", "tomorrow")
    return pgettext("weekday and date", "{weekday} {date}").format(
        weekday=weekday_on(day), date=format_date(day)
    )


def format_when(moment: datetime, now: datetime | None = None) -> str:
    """ "tänään klo 14.00", "huomenna klo 9.30" or "tiistaina 3.12. klo 14.00"."""
    local = timezone.localtime(moment)
    today = timezone.localdate(now) if now else timezone.localdate()
    return pgettext("day and time", "{day} at {time}").format(
        day=format_day(local.date(), today), time=format_time(local)
    )


def format_weekday_heading(day: date, today: date | None = None) -> str:
    """A day heading: "Tänään, tiistai 1.12." or "Sunnuntai 6.12."."""
    today = today or timezone.localdate()
    full = pgettext("weekday and date", "{weekday} {date}").format(
        weekday=_WEEKDAYS[day.weekday()](), date=format_date(day)
    )
    if (day - today).days in (0, 1):
        return pgettext("relative day heading", "{relative}, {full}").format(
            relative=format_day(day, today).capitalize(), full=full
        )
    return full[:1].upper() + full[1:]


def format_length(seconds: float | None) -> str:
    """A video's length in words: "40 seconds" under a minute (never "0 min"), otherwise
    whole minutes, rounded up."""
    seconds = round(seconds or 0)
    if seconds < 60:
        return ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}
    minutes = -(-seconds // 60)
    return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
