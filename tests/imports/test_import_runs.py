"""Import runs against the recorded Linked Events pages: what becomes an offering and what is
refused with its reason, a second run that duplicates nothing, moves, cancellations and
deletions with the reminders' change notices, review, a failing API, and a bad record that
leaves nothing half-saved."""

import copy
from datetime import datetime, timedelta

import httpx
import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from lampio.accounts.models import CoordinatorAssignment
from lampio.imports import services
from lampio.imports.models import ImportedOffering, ImportedShowing, ImportRun
from lampio.imports.services import source_import
from lampio.programme.models import Offering, OfferingRevision, Showing
from lampio.week.models import ProgrammeEntry
from tests.accounts.factories import UserFactory
from tests.imports.conftest import recorded
from tests.support.tasks import run_ready_tasks

pytestmark = pytest.mark.django_db(transaction=True)

NO_WAIT = {"sleep": lambda seconds: None}


def _run(source, linked_events, **options):
    source.refresh_from_db()
    return source_import(source=source, client=linked_events.client(), **NO_WAIT, **options)


def _series():
    return Offering.objects.get(imported__event_id="helsinki:series1")


@pytest.fixture
def allowed(settings):
    settings.LIVE_STREAM_ORIGINS = ["https://stream.example.fi"]
    settings.IMPORT_IMAGE_ORIGINS = ["https://images.example.test"]


def test_a_first_run_makes_offerings_and_refuses_what_it_cannot_use(source, linked_events, allowed):
    coordinator = UserFactory(email="koordinaattori@example.fi", language="sv")
    CoordinatorAssignment.objects.create(user=coordinator, municipality=source.municipality)
    run = _run(source, linked_events)

    assert run.succeeded and run.finished_at
    assert run.counts == {
        "new": 3,
        "changed": 0,
        "unchanged": 1,  # deleted at the source before we ever saw it
        "cancelled": 0,
        "deleted": 0,
        "refused": 2,
    }
    assert run.refusals == [
        {
            "id": "helsinki:nameless",
            "code": "no_name",
            "reason": "no name in Finnish, Swedish or English",
        },
        {
            "id": "helsinki:backwards",
            "code": "ends_before_start",
            "reason": "ends before it starts",
        },
    ]
    series = _series()
    assert series.status == Offering.Status.IN_REVIEW and series.submitted_at
    assert series.producer == source.producer and series.kind == Offering.Kind.VENUE
    assert (series.title_fi, series.title_sv, series.title_en) == (
        "Tuolijumppa joka maanantai",
        "Stolgympa varje måndag",
        "Chair exercise every Monday",
    )
    assert series.summary_sv == "Rörelse sittande, för alla."
    # The HTML is cleaned by the sanitiser and turned into our paragraphs.
    assert series.description_fi == (
        "Tule mukaan!\n\nOhjaajana Liisa (https://liikunta.example.test/ohjaaja).\n\n"
        "• Ota vesipullo\n• Ei ennakkoilmoittautumista"
    )
    assert "script" not in series.description_fi and series.description_en == "Welcome!"
    assert series.venue == "Kallion kirjasto, Viides linja 11, 00530 Helsinki"
    assert [form.slug for form in series.art_forms.all()] == ["exercise"]
    assert sorted(series.spoken_languages.values_list("code", flat=True)) == ["fi", "sv"]
    assert list(series.municipalities.values_list("slug", flat=True)) == ["helsinki"]
    link = series.imported
    assert link.source == source and link.is_free is True
    # Linked, not copied: the one picture with a description, with its licence and credit.
    assert link.image_url == "https://images.example.test/1.jpg"
    assert link.image_alt_texts == {"fi": "Ihmisiä tuoleilla", "sv": "Människor på stolar"}
    assert (link.image_license, link.image_credit) == ("cc_by", "Kuvaaja Kaisa")
    assert link.map_url.startswith("https://www.openstreetmap.org/?mlat=60.18410&mlon=24.95070")
    assert link.venue_notes["fi"] == "Sali 2, hissi pääovelta"
    assert not series.images.exists()
    # The sub-event is the series' showing; the series itself has no time of its own.
    (showing,) = series.showings.all()
    assert showing.imported.event_id == "helsinki:agf3k2"
    assert showing.ends_at - showing.starts_at == timedelta(hours=1)
    # The series' own times span three weeks; a showing lasts as long as its sub-event.
    assert series.duration_minutes == 60
    cancelled = Offering.objects.get(imported__event_id="helsinki:cancelled1")
    assert cancelled.showings.get().is_cancelled
    # An allowed streaming origin: a live broadcast, offered where the source is.
    stream = Offering.objects.get(imported__event_id="turku:stream1")
    assert stream.kind == Offering.Kind.LIVE and stream.title_fi == "Allsång på nätet"
    assert stream.title_sv == "Allsång på nätet" and stream.title_en == ""
    assert stream.showings.get().stream_url == "https://stream.example.fi/live/allsang.m3u8"
    assert source.runs.get() == run
    # One mail for the run, not one per event, to the municipality's coordinator.
    (message,) = mail.outbox
    assert message.to == ["koordinaattori@example.fi"]
    assert "3 nya evenemang från Helsingin tapahtumat väntar på din granskning" in message.body


def test_a_second_run_duplicates_nothing_and_asks_only_for_changes(source, linked_events, allowed):
    first = _run(source, linked_events)
    requests_before = len(linked_events.requests)
    second = _run(source, linked_events)

    assert second.counts["new"] == 0 and second.counts["unchanged"] == 4
    assert Offering.objects.count() == 3 and Showing.objects.count() == 3
    assert ImportedOffering.objects.count() == 3 and ImportedShowing.objects.count() == 3
    asked = linked_events.requests[requests_before]
    since = datetime.fromisoformat(asked.url.params["last_modified_since"])
    assert since == first.started_at - services.OVERLAP
    assert asked.url.params["show_deleted"] == "true"
    assert asked.url.params["keyword"] == "yso:p2433"
    # The series is known now: it is not fetched again.
    assert not any(
        "helsinki:series1" in str(r.url) for r in linked_events.requests[requests_before:]
    )
    # --full reads everything again, still without duplicates.
    full = _run(source, linked_events, full=True)
    assert "last_modified_since" not in linked_events.requests[-1].url.params
    assert full.counts["new"] == 0 and Offering.objects.count() == 3


def _planned_by(showing, email: str):
    person = UserFactory(email=email, verified_email=True, language="sv")
    ProgrammeEntry.objects.create(person=person, showing=showing)
    return person


def test_moves_cancellations_and_deletions_reach_the_people_who_planned_to_come(
    source, linked_events, allowed
):
    source.is_trusted = True
    source.save()
    _run(source, linked_events)
    series = _series()
    assert series.status == Offering.Status.PUBLISHED
    showing = series.showings.get()
    _planned_by(showing, "aino@example.fi")
    run_ready_tasks()
    mail.outbox.clear()

    moved = recorded("events_page_1.json")
    event = moved["data"][0]
    old_start = event["start_time"]
    event["start_time"] = event["start_time"].replace("T10:00", "T12:00")
    event["end_time"] = event["end_time"].replace("T11:00", "T13:00")
    event["event_status"] = "EventRescheduled"
    event["last_modified_time"] = "2026-12-02T08:00:00Z"
    linked_events.pages = [moved]
    run = _run(source, linked_events)
    assert run.counts["changed"] == 1
    showing.refresh_from_db()
    assert showing.sequence == 1 and not showing.is_cancelled
    assert showing.starts_at.isoformat().startswith(old_start[:10])
    assert showing.starts_at.hour == 12
    run_ready_tasks()
    assert [message.to for message in mail.outbox] == [["aino@example.fi"]]
    mail.outbox.clear()

    cancelled = copy.deepcopy(moved)
    cancelled["data"][0]["event_status"] = "EventCancelled"
    cancelled["data"][0]["last_modified_time"] = "2026-12-02T09:00:00Z"
    linked_events.pages = [cancelled]
    assert _run(source, linked_events).counts["cancelled"] == 1
    showing.refresh_from_db()
    assert showing.is_cancelled and showing.sequence == 2
    run_ready_tasks()
    assert len(mail.outbox) == 1
    mail.outbox.clear()

    linked_events.pages = [
        {
            "data": [
                {"id": "helsinki:series1", "deleted": True, "last_modified_time": "2026-12-03"},
                {"id": "turku:stream1", "deleted": True, "last_modified_time": "2026-12-03"},
            ]
        }
    ]
    run = _run(source, linked_events)
    assert run.counts["deleted"] == 2
    # Read again within the overlap, the same deletions change nothing more.
    again = _run(source, linked_events)
    assert again.counts["deleted"] == 0 and again.counts["unchanged"] == 2
    assert _series().status == Offering.Status.ARCHIVED
    stream = Offering.objects.get(imported__event_id="turku:stream1")
    assert stream.status == Offering.Status.ARCHIVED and stream.showings.get().is_cancelled
    # Gone from the programme, the API and the feeds; the rest stays.
    published = Offering.objects.filter(status=Offering.Status.PUBLISHED)
    assert list(published.values_list("imported__event_id", flat=True)) == ["helsinki:cancelled1"]


def test_a_postponed_event_is_cancelled_until_its_new_time_comes(source, linked_events, allowed):
    _run(source, linked_events)
    page = recorded("events_page_1.json")
    page["data"] = page["data"][:1]
    page["data"][0].update(event_status="EventPostponed", last_modified_time="2026-12-02T01:00Z")
    linked_events.pages = [page]
    _run(source, linked_events)
    showing = _series().showings.get()
    assert showing.is_cancelled
    page["data"][0].update(
        event_status="EventRescheduled",
        start_time=page["data"][0]["start_time"].replace("-12-07", "-12-14"),
        end_time=page["data"][0]["end_time"].replace("-12-07", "-12-14"),
        last_modified_time="2026-12-03T01:00Z",
    )
    _run(source, linked_events)
    showing.refresh_from_db()
    assert not showing.is_cancelled and showing.starts_at.day == 14 and showing.sequence == 2


def test_changes_to_a_published_offering_of_an_untrusted_source_wait_for_review(
    source, linked_events, allowed
):
    _run(source, linked_events)
    series = _series()
    series.status = Offering.Status.PUBLISHED
    series.save()
    changed = recorded("event_series1.json")
    changed["name"]["fi"] = "Tuolijumppa ja laulu"
    changed["last_modified_time"] = "2026-12-02T10:00:00Z"
    linked_events.pages = [{"data": [changed]}]
    _run(source, linked_events)

    series.refresh_from_db()
    assert series.title_fi == "Tuolijumppa joka maanantai"
    assert OfferingRevision.objects.get(offering=series).changes == {
        "title_fi": "Tuolijumppa ja laulu"
    }
    # A trusted source's change goes straight in.
    source.is_trusted = True
    source.save()
    changed["name"]["fi"] = "Tuolijumppa ja lauluhetki"
    changed["last_modified_time"] = "2026-12-02T11:00:00Z"
    _run(source, linked_events)
    series.refresh_from_db()
    assert series.title_fi == "Tuolijumppa ja lauluhetki"


def test_an_online_event_on_an_unknown_stream_origin_is_refused(source, linked_events, settings):
    settings.LIVE_STREAM_ORIGINS = []
    run = _run(source, linked_events)
    assert {
        "id": "turku:stream1",
        "code": "stream_not_allowed",
        "reason": "an online event whose stream is not on an allowed streaming origin",
    } in run.refusals
    assert not Offering.objects.filter(imported__event_id="turku:stream1").exists()


def test_pictures_from_origins_not_allowed_are_left_out(source, linked_events, settings):
    settings.IMPORT_IMAGE_ORIGINS = []
    _run(source, linked_events)
    assert _series().imported.image_url == ""


def test_awkward_records_are_refused_and_the_run_goes_on(source, linked_events, allowed):
    year = timezone.now().year + 1
    awkward = [
        "not an object",
        {"name": {"fi": "Ei tunnistetta"}},
        {
            "id": "h:exhibition",
            "name": {"fi": "Näyttely"},
            "location": {"name": {"fi": "Museo"}},
            "start_time": f"{year}-01-01T10:00:00Z",
            "end_time": f"{year}-03-01T18:00:00Z",
        },
        {"id": "h:naive", "name": {"fi": "Ilman vyöhykettä"}, "start_time": f"{year}-01-01T10:00"},
        {
            "id": "h:nowhere",
            "name": {"fi": "Verkossa"},
            "start_time": f"{year}-01-01T10:00:00Z",
            "virtualevent_url": "https://video.example.test/watch",
        },
        {
            "id": "h:umbrella",
            "name": {"fi": "Festivaali"},
            "super_event_type": "umbrella",
            "start_time": f"{year}-01-01T10:00:00Z",
        },
        {"id": "h:nodate", "name": {"fi": "Joskus"}, "start_time": "huomenna"},
        {
            "id": "h:fine",
            "name": {"fi": "Laulu\u0000hetki\u202e"},
            "location": {"name": {"fi": "Talo"}},
            "start_time": f"{year}-01-02T10:00:00Z",
            "images": "not a list",
            "keywords": None,
            "offers": [{"is_free": False}],
            "description": {"fi": 12},
        },
    ]
    linked_events.pages = [{"data": awkward}]
    run = _run(source, linked_events)
    reasons = {refusal["id"]: refusal["reason"] for refusal in run.refusals}
    assert reasons == {
        "?": "no id",
        "h:exhibition": "lasts over 12 hours (an exhibition period, not a time)",
        "h:naive": "a start time without a time zone",
        "h:nowhere": "an online event whose stream is not on an allowed streaming origin",
        "h:umbrella": "an umbrella event (a festival): its events come one by one",
        "h:nodate": "no start time",
    }
    assert run.counts["refused"] == 7 and run.counts["new"] == 1
    fine = Offering.objects.get(imported__event_id="h:fine")
    assert fine.title_fi == "Lauluhetki"  # NUL and a bidirectional override taken out
    assert fine.duration_minutes == 60 and fine.imported.is_free is False
    assert [form.slug for form in fine.art_forms.all()] == ["music"]  # the source's default


def test_a_record_that_fails_to_save_leaves_nothing_half_saved(
    source, linked_events, allowed, monkeypatch
):
    real_create = ImportedShowing.objects.create

    def failing_for_the_stream(**fields):
        if fields["event_id"] == "turku:stream1":
            raise RuntimeError("disk full")
        return real_create(**fields)

    monkeypatch.setattr(ImportedShowing.objects, "create", failing_for_the_stream)
    run = _run(source, linked_events)
    assert {
        "id": "turku:stream1",
        "code": "not_saved",
        "reason": "could not be saved (RuntimeError)",
    } in run.refusals
    assert run.counts["new"] == 2
    # Neither the offering nor its showing of the failed record exists.
    assert not Offering.objects.filter(title_fi="Allsång på nätet").exists()
    assert Showing.objects.count() == 2


def test_a_failing_api_is_retried_and_a_dead_one_keeps_what_was_committed(
    source, linked_events, allowed
):
    linked_events.fail[1] = [httpx.Response(500), httpx.Response(200, text="{not json")]
    linked_events.fail[2] = [httpx.Response(503)] * 5
    waits = []
    source.refresh_from_db()
    run = source_import(source=source, client=linked_events.client(), sleep=waits.append)

    assert not run.succeeded and run.error == "https://api.example.test/v1/event/?page=2"
    assert waits == [1, 2, 1, 2, 4, 8]
    assert run.counts["new"] == 2  # page 1's events, committed
    source.refresh_from_db()
    assert source.modified_since is None and source.running_since is None
    # The next run reads from the same point again and completes the rest.
    again = _run(source, linked_events)
    assert again.succeeded and again.counts["new"] == 1
    assert "last_modified_since" not in linked_events.requests[-1].url.params


def test_two_runs_of_one_source_never_overlap(source, linked_events, allowed):
    source.running_since = timezone.now()
    source.save()
    assert _run(source, linked_events) is None
    source.running_since = timezone.now() - services.STALE_RUN - timedelta(minutes=1)
    source.save()
    assert _run(source, linked_events).succeeded


def test_the_command_and_the_scheduled_task_run_the_active_sources(
    source, linked_events, allowed, monkeypatch, capsys
):
    client = linked_events.client()
    monkeypatch.setattr(services.httpx, "Client", lambda **options: client)
    monkeypatch.setattr(services.time, "sleep", lambda seconds: None)
    call_command("import_events", "helsinki")
    out = capsys.readouterr().out
    assert "helsinki: new 3, changed 0, unchanged 1" in out
    assert "refused helsinki:nameless: no name in Finnish, Swedish or English" in out
    with pytest.raises(Exception, match="No such source"):
        call_command("import_events", "tampere")

    from lampio.imports.tasks import events_import_due

    assert events_import_due.call() == 1
    assert ImportRun.objects.count() == 2 and Offering.objects.count() == 3


def test_a_single_event_that_becomes_a_series_loses_its_own_time(source, linked_events, allowed):
    single = recorded("event_series1.json")
    single.update(super_event_type=None, end_time=single["start_time"].replace("T10", "T11"))
    linked_events.pages = [{"data": [single]}]
    _run(source, linked_events)
    (own,) = _series().showings.all()
    single.update(super_event_type="recurring", last_modified_time="2026-12-05T00:00:00Z")
    page = recorded("events_page_1.json")
    linked_events.pages = [{"data": [single, page["data"][0]]}]
    _run(source, linked_events)
    own.refresh_from_db()
    assert own.is_cancelled and not hasattr(own, "imported")
    coming = _series().showings.filter(is_cancelled=False)
    assert [s.imported.event_id for s in coming] == ["helsinki:agf3k2"]
