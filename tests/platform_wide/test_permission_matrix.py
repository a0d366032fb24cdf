"""Every role against every protected page and action: allowed or denied, on the server."""

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from lampio.academy.models import RoundTrainer
from lampio.accounts.models import (
    CoordinatorAssignment,
    GroupHost,
    Invitation,
    ProducerMembership,
    User,
)
from lampio.accounts.scoping import Scope
from lampio.core.audit import audit_record
from lampio.core.audit_texts import audit_sentence
from lampio.imports.models import EventSource
from lampio.municipalities.models import Municipality
from lampio.programme.models import ArtForm
from tests.academy.factories import sent_application, training_round
from tests.accounts.factories import UserFactory
from tests.programme.factories import OfferingFactory, ProducerFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "audience",
    "group_host",
    "producer_a",
    "producer_b",
    "coordinator",
    "trainer",
    "admin",
]


@pytest.fixture
def world():
    tampere = Municipality.objects.get(slug="tampere")
    oulu = Municipality.objects.get(slug="oulu")
    producer_a = ProducerFactory(slug="a", home_municipality=tampere)
    producer_b = ProducerFactory(slug="b", home_municipality=oulu)

    def person(key: str, **extra) -> User:
        user = UserFactory(
            username=key,
            name=key,
            display_name=key,
            email=f"{key}@example.fi",
            **extra,
            verified_email=True,
        )
        return user

    users = {
        "audience": person("audience"),
        "group_host": person("group_host"),
        "producer_a": person("producer_a"),
        "producer_b": person("producer_b"),
        "coordinator": person("coordinator"),
        "trainer": person("trainer"),
        "admin": person("admin", is_superuser=True, is_staff=True),
    }
    GroupHost.objects.create(
        user=users["group_host"], place="Palvelutalo Koivikko", municipality=tampere
    )
    ProducerMembership.objects.create(user=users["producer_a"], producer=producer_a)
    ProducerMembership.objects.create(user=users["producer_b"], producer=producer_b)
    CoordinatorAssignment.objects.create(user=users["coordinator"], municipality=tampere)
    show_a = OfferingFactory(
        slug="a-show", producer=producer_a, is_nationwide=False, status="in_review"
    )
    show_a.municipalities.set([tampere])
    academy_round = training_round(
        slug="kierros", phase="selecting", seats={"tampere": 2, "oulu": 1}
    )
    RoundTrainer.objects.create(training_round=academy_round, user=users["trainer"])
    other_round = training_round(slug="toinen", phase="selecting")
    applications = {
        "tampere": sent_application(academy_round, users["audience"], ["tampere"]),
        "oulu": sent_application(academy_round, users["group_host"], ["oulu"]),
    }
    return {
        "users": users,
        "tampere": tampere,
        "oulu": oulu,
        "a": producer_a,
        "b": producer_b,
        "applications": applications,
        "other_round": other_round,
    }


def actions(world) -> dict:
    """action -> (method, path, data, roles allowed)"""
    paid_a = OfferingFactory(
        slug="paid-show", producer=world["a"], is_nationwide=False, status="published",
        price_cents=1000,
    )  # fmt: skip
    paid_a.municipalities.set([world["tampere"]])
    EventSource.objects.create(
        slug="tampere-events",
        name="Tampereen tapahtumat",
        base_url="https://events.example.test/v1/",
        municipality=world["tampere"],
        producer=world["a"],
        default_art_form=ArtForm.objects.get(slug="music"),
    )
    tampere = world["tampere"].pk
    tampere_application = world["applications"]["tampere"].pk
    oulu_application = world["applications"]["oulu"].pk
    return {
        "academy selection": ("get", "/manage/academy/", None, {"coordinator", "admin"}),
        "a round's applications": (
            "get",
            "/manage/academy/kierros/",
            None,
            {"coordinator", "admin"},
        ),
        "an application naming Tampere": (
            "get",
            f"/manage/academy/kierros/applications/{tampere_application}/",
            None,
            {"coordinator", "admin"},
        ),
        "an application naming Oulu": (
            "get",
            f"/manage/academy/kierros/applications/{oulu_application}/",
            None,
            {"admin"},
        ),
        "select for Oulu": (
            "post",
            f"/manage/academy/kierros/applications/{oulu_application}/",
            {"municipality": world["oulu"].pk, "mark": "reserve"},
            {"admin"},
        ),
        "confirm Oulu's selection": (
            "post",
            "/manage/academy/kierros/confirm/oulu/",
            {"confirm": "1"},
            {"admin"},
        ),
        "apply to the academy": (
            "get",
            "/academy/kierros/apply/",
            None,
            set(ROLES) - {"anonymous"},
        ),
        "the course of the round": (
            "get",
            "/manage/academy/kierros/course/",
            None,
            {"trainer", "admin"},
        ),
        "the course of another round": (
            "get",
            "/manage/academy/toinen/course/",
            None,
            {"admin"},
        ),
        "the round report": ("get", "/manage/academy/kierros/report/", None, {"admin"}),
        "open a round": ("get", "/manage/academy/new/", None, {"admin"}),
        "good-practice articles to write": (
            "get",
            "/manage/academy/articles/new/",
            None,
            {"trainer", "admin"},
        ),
        "good practice in the studio": (
            "get",
            "/studio/good-practice/",
            None,
            {"producer_a", "producer_b", "trainer", "admin"},
        ),
        "the audience's own application": (
            "get",
            f"/academy/applications/{tampere_application}/",
            None,
            {"audience"},
        ),
        "my page": ("get", "/accounts/me/", None, set(ROLES) - {"anonymous"}),
        "my data": ("get", "/accounts/me/data.json", None, set(ROLES) - {"anonymous"}),
        "work tools": (
            "get",
            "/manage/",
            None,
            {"producer_a", "producer_b", "coordinator", "trainer", "admin"},
        ),
        "invitation form": ("get", "/manage/invite/", None, {"admin"}),
        "invite a coordinator": (
            "post",
            "/manage/invite/",
            {"email": "new@example.fi", "role": "coordinator", "municipality": tampere},
            {"admin"},
        ),
        "team of A": ("get", "/manage/producers/a/team/", None, {"producer_a", "admin"}),
        "invite into A": (
            "post",
            "/manage/producers/a/team/",
            {"email": "colleague@example.fi"},
            {"producer_a", "admin"},
        ),
        "audit log": ("get", "/manage/audit/", None, {"coordinator", "admin"}),
        "studio": ("get", "/studio/", None, {"producer_a", "producer_b", "admin"}),
        "new performance": (
            "get",
            "/studio/offerings/new/",
            None,
            {"producer_a", "producer_b", "admin"},
        ),
        "edit A's performance": (
            "get",
            "/studio/offerings/a-show/",
            None,
            {"producer_a", "admin"},
        ),
        "add a showing to A's": (
            "post",
            "/studio/offerings/a-show/showings/new/",
            {"day": "2031-05-01", "time": "14:00", "doors_open_minutes": "30"},
            {"producer_a", "admin"},
        ),
        # A trainer's queue holds only their round's pilots (the scoping layer).
        "review queue": ("get", "/manage/review/", None, {"coordinator", "trainer", "admin"}),
        "return A's performance": (
            "post",
            "/manage/review/a-show/",
            {"decision": "return", "comment": "Lisää kuva."},
            {"coordinator", "admin"},
        ),
        "administration": ("get", f"/{settings.ADMIN_PATH}", None, {"admin"}),
        "what I have watched": ("get", "/accounts/me/watched/", None, set(ROLES) - {"anonymous"}),
        "insights": (
            "get",
            "/insights/",
            None,
            {"producer_a", "producer_b", "coordinator", "admin"},
        ),
        "A's insights": ("get", "/insights/offerings/a-show/", None, {"producer_a", "admin"}),
        "A's insights as CSV": (
            "get",
            "/insights/offerings/a-show/summary.csv",
            None,
            {"producer_a", "admin"},
        ),
        "Tampere's report": (
            "get",
            "/insights/municipalities/tampere/",
            None,
            {"coordinator", "admin"},
        ),
        "Tampere's report as CSV": (
            "get",
            "/insights/municipalities/tampere/months.csv",
            None,
            {"coordinator", "admin"},
        ),
        "Oulu's report": ("get", "/insights/municipalities/oulu/", None, {"admin"}),
        "the national report": ("get", "/insights/municipalities/all/", None, {"admin"}),
        "Teosto report": (
            "get",
            "/insights/teosto.csv",
            None,
            {"producer_a", "producer_b", "admin"},
        ),
        # Paid culture: prices by the producer, sponsorship and vouchers by coordinators,
        # statements to the producer and admins.
        "set the price of A's paid show": (
            "post",
            "/studio/offerings/paid-show/",
            {
                "title_fi": "Maksullinen",
                "summary_fi": "Lyhyesti",
                "kind": "live",
                "duration_minutes": "60",
                "municipalities": tampere,
                "price": "9,00",
                "vat_basis_points": "1400",
            },
            {"producer_a", "admin"},
        ),  # fmt: skip
        "A's tickets": (
            "get",
            "/studio/offerings/paid-show/tickets/",
            None,
            {"producer_a", "admin"},
        ),
        "A's statement": ("get", "/studio/money/a/", None, {"producer_a", "admin"}),
        "A's statement as CSV": (
            "get",
            "/studio/money/a/statement.csv",
            None,
            {"producer_a", "admin"},
        ),
        "sponsorships": ("get", "/manage/sponsorships/", None, {"coordinator", "admin"}),
        "sponsor A's paid show for Tampere": (
            "post",
            "/manage/sponsorships/new/paid-show/",
            {"municipality": tampere, "max_tickets": "5"},
            {"coordinator", "admin"},
        ),
        "culture vouchers": ("get", "/manage/vouchers/", None, {"coordinator", "admin"}),
        "issue Tampere's culture vouchers": (
            "post",
            "/manage/vouchers/",
            {
                "municipality": tampere,
                "name": "Kevät",
                "value": "10",
                "count": "3",
                "valid_until": "2031-06-30",
            },
            {"coordinator", "admin"},
        ),  # fmt: skip
        "event sources": ("get", "/manage/imports/", None, {"admin"}),
        "an event source and its runs": (
            "get",
            "/manage/imports/tampere-events/",
            None,
            {"admin"},
        ),
        "start an import": ("post", "/manage/imports/tampere-events/run/", None, {"admin"}),
        "my tickets": ("get", "/tickets/", None, set(ROLES) - {"anonymous"}),
        "balance": ("get", "/balance/", None, set(ROLES) - {"anonymous"}),
        "my programme": ("get", "/my-programme/", None, set(ROLES) - {"anonymous"}),
        "our group's week": ("get", "/group/", None, {"group_host"}),
        "our group's week to print": ("get", "/group/print/", None, {"group_host"}),
        "our group's week as a PDF": ("get", "/group/print.pdf", None, {"group_host"}),
        "my programme to print": (
            "get",
            "/my-programme/print.pdf",
            None,
            set(ROLES) - {"anonymous"},
        ),
    }


def outcome(response) -> str:
    if response.status_code == 200:
        return "allow"
    if response.status_code == 302 and "login" not in response["Location"]:
        return "allow"
    # 404: another organisation's offering is not even shown to exist.
    assert response.status_code in (302, 403, 404), response.status_code
    return "deny"


def test_every_role_against_every_protected_action(world):
    mismatches = []
    for action, (method, path, data, allowed) in actions(world).items():
        for role in ROLES:
            client = Client()
            if role != "anonymous":
                client.force_login(world["users"][role])
            response = (
                getattr(client, method)(path, data) if data else getattr(client, method)(path)
            )
            expected = "allow" if role in allowed else "deny"
            if outcome(response) != expected:
                mismatches.append(
                    f"{role} {action}: expected {expected}, got {response.status_code}"
                )
    assert mismatches == []
    # The allowed invitations were really sent, the denied ones were not.
    assert Invitation.objects.filter(role="coordinator").count() == 1
    assert Invitation.objects.filter(role="producer", producer=world["a"]).count() == 2
    assert world["a"].offerings.get(slug="a-show").showings.count() == 2  # producer_a, admin
    assert world["a"].offerings.get(slug="a-show").status == "returned"
    assert world["a"].offerings.get(slug="paid-show").price_cents == 900
    from lampio.tickets.models import Sponsorship, VoucherBatch

    assert Sponsorship.objects.count() == 2  # the coordinator's and the admin's
    assert VoucherBatch.objects.count() == 2
    from lampio.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="imports.run_requested").count() == 1


def test_denied_pages_say_so_in_plain_words(world):
    client = Client()
    client.force_login(world["users"]["audience"])
    response = client.get("/manage/")
    assert response.status_code == 403
    assert "Tämä sivu ei ole sinua varten" in response.content.decode()


def test_producers_change_only_their_own_offerings(world):
    own = OfferingFactory(producer=world["a"])
    OfferingFactory(producer=world["b"])
    show_a = world["a"].offerings.get(slug="a-show")
    assert set(Scope.of(world["users"]["producer_a"]).offerings_editable()) == {own, show_a}
    assert Scope.of(world["users"]["audience"]).offerings_editable().count() == 0
    assert Scope.of(world["users"]["admin"]).offerings_editable().count() == 3


def test_coordinators_decide_only_on_their_municipalities(world):
    in_tampere = OfferingFactory(is_nationwide=False)
    in_tampere.municipalities.set([world["tampere"]])
    in_oulu = OfferingFactory(is_nationwide=False)
    in_oulu.municipalities.set([world["oulu"]])
    OfferingFactory(is_nationwide=True)
    scope = Scope.of(world["users"]["coordinator"])
    show_a = world["a"].offerings.get(slug="a-show")
    assert set(scope.offerings_reviewable()) == {in_tampere, show_a}
    assert list(scope.producers_reviewable()) == [world["a"]]
    assert list(scope.municipalities()) == [world["tampere"]]


def test_coordinators_see_only_their_municipalities_in_the_audit_log(world):
    event = audit_record(
        action="accounts.role_granted", municipality=world["tampere"], data={"n": "tampere-event"}
    )
    audit_record(
        action="accounts.role_granted", municipality=world["oulu"], data={"n": "oulu-event"}
    )
    with translation.override("fi"):
        sentence = escape(audit_sentence(event))  # the page shows plain words, not the code
    client = Client()
    client.force_login(world["users"]["coordinator"])
    html = client.get("/manage/audit/").content.decode()
    assert html.count(sentence) == 1 and "accounts.role_granted" not in html
    assert "Tampere" in html and "Oulu</td>" not in html
    admin = Client()
    admin.force_login(world["users"]["admin"])
    assert admin.get("/manage/audit/").content.decode().count(sentence) == 2
