"""The academy's list pages run as many queries for five people as for forty."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lampio.academy.models import RoundTrainer
from lampio.municipalities.models import Municipality
from tests.accounts.factories import UserFactory

from .factories import sent_application, training_round

pytestmark = pytest.mark.django_db


def _queries(client: Client, path: str) -> int:
    client.get(path)  # the first request warms the per-process caches (sessions, roles)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


def _round_with(people: int, slug: str):
    round_ = training_round(slug=slug, phase="selecting", seats={"helsinki": 100, "turku": 100})
    helsinki = Municipality.objects.get(slug="helsinki")
    for n in range(people):
        application = sent_application(
            round_, UserFactory(username=f"{slug}-{n}"), ["helsinki", "turku"]
        )
        application.selected_for = helsinki
        application.save()
    return round_


def test_the_selection_list_and_the_course_page_do_not_grow_with_the_people():
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)
    counts = {}
    for people, slug in ((5, "pieni"), (40, "iso")):
        round_ = _round_with(people, slug)
        RoundTrainer.objects.create(training_round=round_, user=admin)
        counts[people] = [
            _queries(client, f"/manage/academy/{slug}/"),
            _queries(client, f"/manage/academy/{slug}/course/"),
            _queries(client, "/academy/"),
        ]
    assert counts[5] == counts[40], counts
