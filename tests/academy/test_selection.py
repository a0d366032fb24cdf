"""Municipalities select within their own seats; one person takes one seat; coordinators see
only the applications that name their municipality."""

import threading

import pytest
from django.db import close_old_connections, connection
from django.test import Client

from lampio.academy.models import Application, Assessment, RoundSeats
from lampio.academy.services import application_assess, selection_confirm
from lampio.accounts.models import CoordinatorAssignment
from lampio.core.models import AuditEvent
from lampio.core.refusals import RefusedError
from lampio.municipalities.models import Municipality
from tests.accounts.factories import UserFactory

from .factories import sent_application, training_round

pytestmark = pytest.mark.django_db


def coordinator(slug: str, username: str | None = None):
    user = UserFactory(username=username or f"koord-{slug}")
    CoordinatorAssignment.objects.create(
        user=user, municipality=Municipality.objects.get(slug=slug)
    )
    return user


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_municipality_selects_no_more_than_its_seats():
    round_ = training_round(phase="selecting", seats={"turku": 1})
    turku = Municipality.objects.get(slug="turku")
    kaisa = coordinator("turku")
    first = sent_application(round_, UserFactory(username="eka"), ["turku"])
    second = sent_application(round_, UserFactory(username="toka"), ["turku"])
    application_assess(application=first, municipality=turku, mark="selected", actor=kaisa)
    with pytest.raises(RefusedError) as refused:
        application_assess(application=second, municipality=turku, mark="selected", actor=kaisa)
    assert refused.value.code == "academy.seats_full"
    assert "1" in refused.value.message and "Turku" in refused.value.message
    application_assess(application=second, municipality=turku, mark="reserve", actor=kaisa)
    # Freeing the seat lets the reserve in.
    application_assess(application=first, municipality=turku, mark="not_selected", actor=kaisa)
    application_assess(application=second, municipality=turku, mark="selected", actor=kaisa)
    assert list(
        Application.objects.filter(selected_for=turku).values_list("applicant__username", flat=True)
    ) == ["toka"]
    assert (
        AuditEvent.objects.filter(
            action__startswith="academy.applicant_", municipality=turku
        ).count()
        == 4
    )


def test_an_application_naming_two_municipalities_takes_one_seat_from_the_first():
    round_ = training_round(phase="selecting")
    helsinki, turku = (Municipality.objects.get(slug=s) for s in ("helsinki", "turku"))
    both = sent_application(round_, UserFactory(username="molemmat"), ["helsinki", "turku"])
    application_assess(
        application=both, municipality=turku, mark="selected", actor=coordinator("turku")
    )
    with pytest.raises(RefusedError) as refused:
        application_assess(
            application=both, municipality=helsinki, mark="selected", actor=coordinator("helsinki")
        )
    assert refused.value.code == "academy.selected_elsewhere"
    both.refresh_from_db()
    assert both.selected_for == turku


def test_a_coordinator_decides_and_reads_only_for_their_own_municipality():
    round_ = training_round(phase="selecting")
    helsinki_only = sent_application(round_, UserFactory(username="stadi"), ["helsinki"])
    turku_only = sent_application(round_, UserFactory(username="turkulainen"), ["turku"])
    kaisa = coordinator("turku")
    with pytest.raises(RefusedError):
        application_assess(
            application=helsinki_only,
            municipality=Municipality.objects.get(slug="helsinki"),
            mark="selected",
            actor=kaisa,
        )
    client = _client(kaisa)
    listing = client.get("/manage/academy/syksy/").content.decode()
    assert "Turkulainen" in listing and "Stadi" not in listing
    assert client.get(f"/manage/academy/syksy/applications/{helsinki_only.pk}/").status_code == 404
    page = client.get(f"/manage/academy/syksy/applications/{turku_only.pk}/")
    assert page.status_code == 200
    # Posting a decision for a municipality the coordinator does not hold is not possible.
    helsinki = Municipality.objects.get(slug="helsinki")
    response = client.post(
        f"/manage/academy/syksy/applications/{turku_only.pk}/",
        {"municipality": helsinki.pk, "mark": "selected"},
    )
    assert response.status_code == 404
    response = client.post(
        f"/manage/academy/syksy/applications/{turku_only.pk}/",
        {
            "municipality": Municipality.objects.get(slug="turku").pk,
            "mark": "selected",
            "score": "4",
            "note": "Vahva hakemus.",
        },
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get(application=turku_only)
    assert (assessment.mark, assessment.score, assessment.note) == ("selected", 4, "Vahva hakemus.")
    # Helsinki's coordinator does not read Turku's private note.
    helsinki_page = _client(coordinator("helsinki")).get("/manage/academy/syksy/").content.decode()
    assert "Turkulainen" not in helsinki_page and "Vahva hakemus" not in helsinki_page
    # Drafts are the applicant's own: no coordinator sees them.
    draft = sent_application(round_, UserFactory(username="luonnos"), ["turku"])
    draft.status = Application.Status.DRAFT
    draft.save()
    assert "Luonnos" not in client.get("/manage/academy/syksy/").content.decode()


def test_nothing_is_selected_before_the_deadline_or_after_confirmation():
    round_ = training_round(phase="open")
    turku = Municipality.objects.get(slug="turku")
    kaisa = coordinator("turku")
    early = sent_application(round_, UserFactory(username="aikainen"), ["turku"])
    with pytest.raises(RefusedError) as refused:
        application_assess(application=early, municipality=turku, mark="selected", actor=kaisa)
    assert refused.value.code == "academy.not_selecting"
    round_ = training_round(slug="kevat", phase="selecting")
    application = sent_application(round_, UserFactory(username="vahvistettu"), ["turku"])
    selection_confirm(training_round=round_, municipality=turku, actor=kaisa)
    assert RoundSeats.objects.get(training_round=round_, municipality=turku).confirmed_by == kaisa
    with pytest.raises(RefusedError) as refused:
        application_assess(
            application=application, municipality=turku, mark="selected", actor=kaisa
        )
    assert refused.value.code == "academy.confirmed"


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_deciding_at_once_cannot_exceed_the_seats():
    """Row locks on PostgreSQL (SQLite runs one writer at a time): ten rounds of two
    coordinators selecting two different applicants for the one seat left at once."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite has one writer at a time")
    for attempt in range(10):
        round_ = training_round(slug=f"kilpa-{attempt}", phase="selecting", seats={"turku": 1})
        turku = Municipality.objects.get(slug="turku")
        people = [coordinator("turku", f"k{attempt}-{n}") for n in range(2)]
        applications = [
            sent_application(round_, UserFactory(username=f"h{attempt}-{n}"), ["turku"])
            for n in range(2)
        ]
        barrier = threading.Barrier(2)
        outcomes = []

        def decide(actor, application, barrier=barrier, turku=turku, outcomes=outcomes):
            try:
                barrier.wait()
                application_assess(
                    application=application, municipality=turku, mark="selected", actor=actor
                )
                outcomes.append("selected")
            except RefusedError as refusal:
                outcomes.append(refusal.code)
            finally:
                close_old_connections()
                connection.close()

        threads = [
            threading.Thread(target=decide, args=pair)
            for pair in zip(people, applications, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert sorted(outcomes) == ["academy.seats_full", "selected"], outcomes
        assert Application.objects.filter(training_round=round_, selected_for=turku).count() == 1
