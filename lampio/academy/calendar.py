"""The call's deadline as an iCalendar file, so an applicant's calendar reminds them."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from lampio.core.mail import one_line

from .models import TrainingRound


def deadline_ics(request, training_round: TrainingRound) -> bytes:
    url = request.build_absolute_uri(training_round.get_absolute_url())
    name = one_line(training_round.name)
    calendar = Calendar()
    calendar.add("prodid", "-//Lämpiö//lampio//FI")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"academy-round-{training_round.pk}-deadline@lampio")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", training_round.applications_close_at - timedelta(minutes=30))
    event.add("dtend", training_round.applications_close_at)
    event.add("summary", _("Application deadline: %(name)s") % {"name": name})
    event.add("description", url)
    event.add("url", url)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _("The application period of %(name)s ends tomorrow") % {"name": name})
    alarm.add("trigger", -timedelta(days=1))
    event.add_component(alarm)
    calendar.add_component(event)
    return calendar.to_ical()
