"""A senior's week: "Muistuta minua", Oma ohjelma, reminders once each at the right local
time, a helper's reminders, change notices with calendar SEQUENCE, and the calendar feed."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from lampio.accounts.models import HelperRelation
from lampio.core.models import AuditEvent
from lampio.programme.services import showing_cancel, showing_save
from lampio.week.models import ProgrammeEntry, ReminderSent
from lampio.week.reminders import day_before, reminders_send
from lampio.week.services import programme_add, reminder_settings_save
from tests.accounts.factories import UserFactory
from tests.programme.factories import OfferingFactory, ShowingFactory
from tests.support.tasks import run_ready_tasks

pytestmark = pytest.mark.django_db


HELSINKI = ZoneInfo("Europe/Helsinki")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def showing():
    offering = OfferingFactory(status="published", slug="tuolijumppa", title_fi="Tuolijumppa")
    return ShowingFactory(offering=offering, starts_at=timezone.now() + timedelta(days=2))


def test_a_visitor_logs_in_and_comes_back_to_the_same_showing(client, showing):
    page = client.get(showing.offering.get_absolute_url()).content.decode()
    assert f"/my-programme/remember/{showing.pk}/" in page
    response = client.get(f"/my-programme/remember/{showing.pk}/")
    assert response.status_code == 302
    assert f"next=/my-programme/remember/{showing.pk}/" in response["Location"]


def test_remind_me_adds_the_showing_once_and_it_can_be_removed(showing):
    aino = UserFactory(username="aino")
    client = _client(aino)
    assert client.get(f"/my-programme/remember/{showing.pk}/").status_code == 200
    for _tap in range(2):
        assert client.post(f"/my-programme/remember/{showing.pk}/").status_code == 302
    assert ProgrammeEntry.objects.filter(person=aino).count() == 1
    page = client.get("/my-programme/")
    assert "Tuolijumppa" in page.content.decode()
    client.post("/my-programme/", {"form": "remove", "showing": showing.pk})
    assert not ProgrammeEntry.objects.exists()


@pytest.mark.parametrize("when", ["cancelled", "past"])
def test_a_cancelled_or_past_showing_is_refused_and_nothing_saved(showing, when):
    if when == "cancelled":
        showing.is_cancelled = True
    else:
        showing.doors_open_at = timezone.now() - timedelta(hours=4)
        showing.starts_at = timezone.now() - timedelta(hours=3)
        showing.ends_at = timezone.now() - timedelta(hours=2)
    showing.save()
    response = _client(UserFactory()).post(f"/my-programme/remember/{showing.pk}/")
    assert response.status_code == 302
    assert not ProgrammeEntry.objects.exists()


def test_made_up_showings_are_not_found():
    client = _client(UserFactory())
    for pk in (999999, 0):
        assert client.get(f"/my-programme/remember/{pk}/").status_code == 404


# --- reminders -----------------------------------------------------------------------------


def _entry(showing, username="aino", **extra):
    person = UserFactory(username=username, email=f"{username}@example.fi", **extra)
    programme_add(person=person, showing=showing, actor=person)
    return person


def test_the_day_before_and_thirty_minutes_before_each_go_once(
    showing, django_capture_on_commit_callbacks
):
    _entry(showing, language="sv")
    start = showing.starts_at
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(now=start - timedelta(days=3)) == 0  # too early
        assert reminders_send(now=day_before(start) + timedelta(minutes=1)) == 1
        assert reminders_send(now=day_before(start) + timedelta(minutes=6)) == 0  # once
        assert reminders_send(now=start - timedelta(minutes=29)) == 1
        assert reminders_send(now=start - timedelta(minutes=24)) == 0
    assert [m.to for m in mail.outbox] == [["aino@example.fi"]] * 2
    tomorrow, soon = mail.outbox
    assert "I morgon" in tomorrow.subject  # her language
    link = re.search(r"http\S+/accounts/link/\S+/", soon.body).group(0)
    client = Client()
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.post("/" + path)
    assert response["Location"] == "/sv/programme/tuolijumppa/watch/"
    assert set(ReminderSent.objects.values_list("kind", flat=True)) == {"day_before", "soon"}


def test_the_day_before_keeps_the_local_time_across_the_change_to_summer_time():
    # Summer time starts on 28 March 2027 at 03.00: the day before 12.00 is 12.00, 23 hours.
    start = datetime(2027, 3, 28, 12, 0, tzinfo=HELSINKI)
    before = day_before(start)
    assert before.astimezone(HELSINKI).replace(tzinfo=None) == datetime(2027, 3, 27, 12, 0)
    assert start.astimezone(UTC) - before.astimezone(UTC) == timedelta(hours=23)


def test_only_the_reminders_chosen_and_none_after_removing_or_leaving(
    showing, django_capture_on_commit_callbacks
):
    aino = _entry(showing, "aino")
    reminder_settings_save(person=aino, day_before=False, soon_before=True)
    gone = _entry(showing, "poissa")
    ProgrammeEntry.objects.filter(person=gone).delete()
    left = _entry(showing, "lahtija")
    left.delete()
    start = showing.starts_at
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(now=day_before(start) + timedelta(minutes=1))
        reminders_send(now=start - timedelta(minutes=20))
    assert [(m.to, "alkaa" in m.body) for m in mail.outbox] == [(["aino@example.fi"], True)]


def test_a_helper_sets_a_reminder_for_her_mother_and_gets_a_copy(
    showing, django_capture_on_commit_callbacks
):
    mother = UserFactory(username="aiti", name="Äiti", email="aiti@example.fi")
    daughter = UserFactory(username="tytar", email="tytar@example.fi")
    HelperRelation.objects.create(
        person=mother, helper=daughter, helper_email=daughter.email, status="active"
    )
    client = _client(daughter)
    client.post(f"/accounts/helping/{mother.pk}/act/")
    client.post(f"/my-programme/remember/{showing.pk}/", {"copy_to_helper": "on"})
    entry = ProgrammeEntry.objects.get()
    assert (entry.person, entry.added_by, entry.copy_to_helper) == (mother, daughter, True)
    event = AuditEvent.objects.get(action="week.reminder_set_for")
    assert (event.actor, event.subject) == (daughter, mother)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(now=showing.starts_at - timedelta(minutes=10))
    copy = next(m for m in mail.outbox if m.to == ["tytar@example.fi"])
    assert "Äiti katsoo" in copy.body and "Tuolijumppa" in copy.body
    assert "/accounts/link/" not in copy.body  # the login link is only the mother's


# --- change notices and calendars -------------------------------------------------------


def test_a_moved_showing_gets_one_notice_to_each_and_a_higher_sequence(
    showing, django_capture_on_commit_callbacks
):
    from lampio.tickets.services import ticket_buy
    from tests.tickets.factories import top_up

    aino = _entry(showing, "aino")
    showing.offering.price_cents = 500
    showing.offering.save()
    buyer = UserFactory(username="ostaja", email="ostaja@example.fi")
    top_up(buyer, 500)
    ticket_buy(person=buyer, offering=showing.offering, showing=showing, idempotency_key="k")
    mail.outbox.clear()
    new_start = showing.starts_at + timedelta(days=1)
    producer = UserFactory(username="tuottaja")
    data = {"starts_at": new_start, "doors_open_before": timedelta(minutes=30)}
    with django_capture_on_commit_callbacks(execute=True):
        showing_save(offering=showing.offering, showing=showing, data=data, actor=producer)
    assert mail.outbox == []  # the notices are the worker's, not the producer's request's
    with django_capture_on_commit_callbacks(execute=True):
        run_ready_tasks()
    notices = sorted(m.to[0] for m in mail.outbox)
    assert notices == ["aino@example.fi", "ostaja@example.fi"]
    assert "siirtynyt" in mail.outbox[0].body
    showing.refresh_from_db()
    assert showing.sequence == 1
    ics = _client(aino).get(f"/programme/tuolijumppa/calendar/{showing.pk}.ics")
    assert b"SEQUENCE:1" in ics.content
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        showing_cancel(showing=showing, actor=producer)
    with django_capture_on_commit_callbacks(execute=True):
        run_ready_tasks()
    # One mail each: the programme's notice, and the ticket holder's refund that says so.
    assert sorted(m.to[0] for m in mail.outbox) == ["aino@example.fi", "ostaja@example.fi"]
    assert all("peruttu" in m.body for m in mail.outbox)


def test_the_calendar_feed_lives_at_a_secret_address_that_can_be_stopped(showing):
    aino = _entry(showing, "aino")
    client = _client(aino)
    page = client.post("/my-programme/", {"form": "feed"})
    url = page.context["feed_url"]
    path = "/" + url.split("://", 1)[1].split("/", 1)[1]
    feed = Client().get(path)
    assert feed.status_code == 200 and b"Tuolijumppa" in feed.content
    assert f"UID:showing-{showing.pk}@lampio".encode() in feed.content
    assert Client().get(path.replace(path[-10:-4], "xxxxxx")).status_code == 404
    assert Client().get("/calendar/forged.ics").status_code == 404
    client.post("/my-programme/", {"form": "feed_off"})
    assert Client().get(path).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_workers_send_each_reminder_once():
    import threading

    from django.db import close_old_connections, connection

    if connection.vendor != "postgresql":
        pytest.skip("two workers at once need PostgreSQL; SQLite has one writer at a time")
    offering = OfferingFactory(status="published")
    showing = ShowingFactory(offering=offering, starts_at=timezone.now() + timedelta(minutes=20))
    from lampio.week.models import PhoneNumber, ReminderSettings, TextMessage

    for n in range(30):
        person = _entry(showing, f"katsoja{n}")
        if n % 3 == 0:  # a third also by text message, on its own channel
            PhoneNumber.objects.create(
                person=person, number=f"+35840{n:07d}", verified_at=timezone.now()
            )
            ReminderSettings.objects.update_or_create(
                person=person, defaults={"by_text_message": True}
            )
    mail.outbox.clear()
    barrier = threading.Barrier(2)
    counts = []

    def worker():
        try:
            barrier.wait()
            counts.append(reminders_send())
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sum(counts) == 30
    assert ReminderSent.objects.filter(kind="soon", channel="email").count() == 30
    assert ReminderSent.objects.filter(kind="soon", channel="sms").count() == 10
    assert sorted(TextMessage.objects.values_list("to", flat=True)) == sorted(
        f"+35840{n:07d}" for n in range(0, 30, 3)
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        f"katsoja{n}@example.fi" for n in range(30)
    )


def test_the_reminder_round_sweeps_login_links_expired_over_a_day_ago(showing):
    from lampio.accounts.links import login_link_create, login_links_sweep
    from lampio.accounts.models import LoginLink

    aino = UserFactory(username="aino")
    login_link_create(user=aino, valid_for=timedelta(hours=-30))
    login_link_create(user=aino, valid_for=timedelta(hours=-2))  # expired, kept a day
    login_link_create(user=aino)
    assert login_links_sweep() == 1
    assert LoginLink.objects.count() == 2
