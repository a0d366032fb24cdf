"""Municipalities' money and producers' money: sponsorship for residents, culture vouchers,
group tickets for care homes, the monthly statement and the Teosto report from real sales."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from lampio.accounts.models import CoordinatorAssignment, GroupHost, ProducerMembership
from lampio.core.models import AuditEvent
from lampio.municipalities.models import Municipality
from lampio.programme.models import Offering
from lampio.programme.seed import ensure_reference_data
from lampio.tickets.ledger import balance_account, ledger_check, sponsorship_account
from lampio.tickets.models import Sponsorship, Ticket, Voucher
from lampio.tickets.services import ticket_buy, ticket_refund
from lampio.tickets.statements import producer_statement
from lampio.tickets.vouchers import code_normal, voucher_batch_issue
from tests.accounts.factories import UserFactory
from tests.programme.factories import OfferingFactory, ProducerFactory, ShowingFactory

from .factories import top_up

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def towns():
    ensure_reference_data()
    return Municipality.objects.get(slug="helsinki"), Municipality.objects.get(slug="oulu")


def _coordinator(username, municipality):
    person = UserFactory(username=username)
    CoordinatorAssignment.objects.create(user=person, municipality=municipality)
    return person


@pytest.fixture
def concert():
    offering = OfferingFactory(
        kind=Offering.Kind.LIVE,
        status="published",
        price_cents=1000,
        slug="konsertti",
        is_nationwide=True,
    )
    return offering, ShowingFactory(offering=offering)


def _buy(client, offering, showing, **extra):
    page = client.get(f"/tickets/buy/{offering.slug}/", {"showing": showing.pk, **extra})
    form = {"key": page.context["form"].initial["key"], "showing": showing.pk, **extra}
    return page, client.post(f"/tickets/buy/{offering.slug}/", form)


# --- sponsorship ---------------------------------------------------------------------------


def test_a_coordinator_sponsors_and_residents_get_the_ticket_free(towns, concert):
    helsinki, oulu = towns
    offering, showing = concert
    coordinator = _coordinator("koordinaattori", helsinki)
    response = _client(coordinator).post(
        f"/manage/sponsorships/new/{offering.slug}/",
        {"municipality": helsinki.pk, "showing": "", "budget": "", "max_tickets": "2"},
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="tickets.sponsorship_made").exists()
    residents = [UserFactory(username=f"asukas{n}", home_municipality=helsinki) for n in range(3)]
    page, bought = _buy(_client(residents[0]), offering, showing)
    assert "Helsinki" in page.content.decode() and page.context["balance_after"] == 0
    assert bought.status_code == 302
    ticket = Ticket.objects.get(person=residents[0])
    assert ticket.sponsorship is not None and ticket.price_cents == 1000
    assert balance_account(residents[0]).balance_cents == 0  # she paid nothing
    assert sponsorship_account(helsinki).balance_cents == -1000  # Helsinki did
    _buy(_client(residents[1]), offering, showing)
    # The third resident: the two sponsored tickets are gone, she is offered the normal price.
    top_up(residents[2], 1000)
    page, _bought = _buy(_client(residents[2]), offering, showing)
    assert page.context["sponsorship"] is None
    assert balance_account(residents[2]).balance_cents == 0
    # Someone from Oulu pays as usual.
    outsider = UserFactory(username="oululainen", home_municipality=oulu)
    assert (
        _client(outsider)
        .get(f"/tickets/buy/{offering.slug}/?showing={showing.pk}")
        .context["balance_short"]
    )
    sponsorship = Sponsorship.objects.get()
    assert (sponsorship.used_tickets, sponsorship.used_cents) == (2, 2000)
    ticket_refund(ticket=ticket, actor=None)
    sponsorship.refresh_from_db()
    assert (sponsorship.used_tickets, sponsorship.used_cents) == (1, 1000)
    assert sponsorship_account(helsinki).balance_cents == -1000
    assert ledger_check().sound


def test_only_coordinators_of_that_municipality_sponsor_and_end(towns, concert):
    helsinki, oulu = towns
    offering, _showing = concert
    oulu_coordinator = _coordinator("oulu", oulu)
    form = {"municipality": helsinki.pk, "budget": "100", "max_tickets": ""}
    response = _client(oulu_coordinator).post(f"/manage/sponsorships/new/{offering.slug}/", form)
    assert response.status_code == 200 and response.context["form"].errors["municipality"]
    producer = UserFactory(username="tuottaja")
    ProducerMembership.objects.create(user=producer, producer=offering.producer)
    assert _client(producer).get("/manage/sponsorships/").status_code in (302, 403)
    assert not Sponsorship.objects.exists()
    sponsorship = Sponsorship.objects.create(
        municipality=helsinki, offering=offering, max_tickets=5
    )
    assert (
        _client(oulu_coordinator).post(f"/manage/sponsorships/{sponsorship.pk}/end/").status_code
        == 404
    )
    sponsorship.refresh_from_db()
    assert sponsorship.is_active


@pytest.mark.parametrize(
    "limits", [{"budget": "", "max_tickets": ""}, {"budget": "-5"}, {"max_tickets": "0"}]
)
def test_a_sponsorship_needs_a_sensible_limit(towns, concert, limits):
    helsinki, _oulu = towns
    offering, _showing = concert
    coordinator = _coordinator("koordinaattori", helsinki)
    form = {"municipality": helsinki.pk, "budget": "", "max_tickets": "", **limits}
    response = _client(coordinator).post(f"/manage/sponsorships/new/{offering.slug}/", form)
    assert response.status_code == 200
    assert not Sponsorship.objects.exists()


# --- culture vouchers ----------------------------------------------------------------------


def _batch(municipality, count=3, value_cents=1000, valid_days=30):
    return voucher_batch_issue(
        municipality=municipality,
        name="Kevät",
        value_cents=value_cents,
        count=count,
        valid_until=timezone.localdate() + timedelta(days=valid_days),
        actor=None,
    )


def test_a_coordinator_issues_vouchers_and_prints_the_unused(towns):
    helsinki, oulu = towns
    coordinator = _coordinator("koordinaattori", helsinki)
    client = _client(coordinator)
    valid_until = (timezone.localdate() + timedelta(days=90)).isoformat()
    response = client.post(
        "/manage/vouchers/",
        {"municipality": helsinki.pk, "name": "Kevät 2027", "value": "10", "count": "500",
         "valid_until": valid_until},
    )  # fmt: skip
    assert response.status_code == 302
    codes = list(Voucher.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 500
    batch = Voucher.objects.first().batch
    sheet = client.get(f"/manage/vouchers/{batch.pk}/sheet/").content.decode()
    assert sum(code in sheet for code in codes) == 500
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(f"/manage/vouchers/{batch.pk}/codes.csv").content.decode("utf-8-sig")
            )
        )
    )
    assert len(rows) == 501
    other = _coordinator("oulu", oulu)
    for path in ("", "sheet/", "codes.csv"):
        assert _client(other).get(f"/manage/vouchers/{batch.pk}/{path}").status_code == 404


@pytest.mark.parametrize(
    "field,value", [("value", "0"), ("value", "1000"), ("count", "0"), ("count", "100000")]
)
def test_absurd_voucher_batches_are_refused(towns, field, value):
    helsinki, _oulu = towns
    coordinator = _coordinator("koordinaattori", helsinki)
    valid_until = (timezone.localdate() + timedelta(days=9)).isoformat()
    form = {"municipality": helsinki.pk, "name": "X", "value": "10", "count": "5",
            "valid_until": valid_until, field: value}  # fmt: skip
    response = _client(coordinator).post("/manage/vouchers/", form)
    assert response.status_code == 200 and response.context["form"].errors
    assert not Voucher.objects.exists()


def test_a_voucher_adds_to_the_balance_once(towns):
    helsinki, _oulu = towns
    cache.clear()
    batch = _batch(helsinki)
    code = batch.vouchers.first().code
    aino = UserFactory(username="aino")
    client = _client(aino)
    typed = code.lower().replace("-", " ")  # as people type it
    assert code_normal(typed) == code
    assert client.post("/balance/", {"code": typed}).status_code == 302
    assert balance_account(aino).balance_cents == 1000
    again = client.post("/balance/", {"code": code})
    assert "jo käytetty" in again.context["voucher_form"].errors["code"][0]
    eero = UserFactory(username="eero")
    assert _client(eero).post("/balance/", {"code": code}).status_code == 200
    assert balance_account(eero).balance_cents == 0
    assert balance_account(aino).balance_cents == 1000
    assert sponsorship_account(helsinki).balance_cents == -1000
    assert ledger_check().sound


def test_an_expired_or_made_up_code_is_refused(towns):
    helsinki, _oulu = towns
    cache.clear()
    expired = _batch(helsinki)
    expired.valid_until = timezone.localdate() - timedelta(days=1)
    expired.save()
    client = _client(UserFactory(username="aino"))
    for code in (expired.vouchers.first().code, "AAAA-AAAA-AAAA", "<script>", "x" * 29):
        response = client.post("/balance/", {"code": code})
        assert response.status_code == 200 and response.context["voucher_form"].errors
    assert not Voucher.objects.filter(redeemed_at__isnull=False).exists()


def test_guessing_codes_is_rate_limited(towns):
    helsinki, _oulu = towns
    cache.clear()
    batch = _batch(helsinki)
    client = _client(UserFactory(username="arvaaja"))
    for n in range(10):
        client.post("/balance/", {"code": f"AAAA-AAAA-AA{n:02d}"})
    real = batch.vouchers.first().code
    response = client.post("/balance/", {"code": real})  # right code, but too many tries
    assert "liian monta" in response.context["voucher_form"].errors["code"][0].lower()
    assert not Voucher.objects.filter(redeemed_at__isnull=False).exists()


# --- group tickets -------------------------------------------------------------------------


def test_a_group_host_buys_one_group_ticket_at_the_group_price(concert):
    offering, showing = concert
    offering.group_price_cents = 3000
    offering.save()
    host = UserFactory(username="ohjaaja")
    GroupHost.objects.create(user=host, place="Palvelutalo Koivukoti")
    top_up(host, 3000)
    page, bought = _buy(_client(host), offering, showing, group="1")
    assert page.context["price"] == 3000 and bought.status_code == 302
    ticket = Ticket.objects.get(person=host)
    assert ticket.is_group and ticket.price_cents == 3000
    someone = UserFactory(username="joku")
    top_up(someone, 3000)
    page, refused = _buy(_client(someone), offering, showing, group="1")
    assert page.context["not_on_sale"]
    assert not Ticket.objects.filter(person=someone).exists()


# --- producers' money ----------------------------------------------------------------------


def test_the_monthly_statement_counts_sales_refunds_vat_and_the_fee(settings, concert):
    settings.PLATFORM_FEE_BASIS_POINTS = 500
    offering, showing = concert
    buyers = [UserFactory(username=f"ostaja{n}") for n in range(3)]
    tickets = []
    for buyer in buyers:
        top_up(buyer, 1000)
        tickets.append(
            ticket_buy(person=buyer, offering=offering, showing=showing, idempotency_key="k")
        )
    assert tickets[0].fee_cents == 44  # 5 % of 8,77 € (10,00 € less 1,23 € VAT)
    ticket_refund(ticket=tickets[0], actor=None)
    total = producer_statement(offering.producer, timezone.localdate()).total
    assert (total.sold, total.sold_cents, total.refunded, total.refunded_cents) == (
        3,
        3000,
        1,
        1000,
    )
    assert total.vat_cents == 2 * 123
    assert total.fee_cents == 2 * 44
    assert total.earned_cents == 2000 - 246 - 88
    member = UserFactory(username="tuottaja")
    ProducerMembership.objects.create(user=member, producer=offering.producer)
    client = _client(member)
    page = client.get(f"/studio/money/{offering.producer.slug}/")
    assert "16,66 €" in page.content.decode()
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(f"/studio/money/{offering.producer.slug}/statement.csv").content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert rows[-1][-1] == "16.66"
    stranger = UserFactory(username="vieras")
    ProducerMembership.objects.create(user=stranger, producer=ProducerFactory())
    assert _client(stranger).get(f"/studio/money/{offering.producer.slug}/").status_code == 404
    assert ledger_check().sound


def test_the_teosto_report_reads_real_sales(concert):
    offering, showing = concert
    from lampio.insights.teosto import teosto_rows
    from lampio.programme.models import ArtForm

    ensure_reference_data()
    offering.art_forms.add(ArtForm.objects.get(slug="music"))
    showing.stream_url = "https://stream.example/live.m3u8"
    showing.save()
    for n in range(2):
        buyer = UserFactory(username=f"ostaja{n}")
        top_up(buyer, 1000)
        ticket_buy(person=buyer, offering=offering, showing=showing, idempotency_key="k")
    day = timezone.localtime(showing.starts_at)
    rows = teosto_rows(
        Offering.objects.all(), start=day - timedelta(days=1), end=day + timedelta(days=1)
    )
    assert rows[0][-2:] == [2, "17.54"]  # two tickets, 2 × (10,00 € − 1,23 € VAT)


def _race(work, people) -> list[str]:
    """Run `work(person)` for each person at the same moment in its own thread."""
    import threading

    from django.db import close_old_connections, connection

    from lampio.core.refusals import RefusedError

    barrier = threading.Barrier(len(people))
    outcomes = []

    def run(person):
        try:
            barrier.wait()
            work(person)
            outcomes.append("ok")
        except RefusedError as refusal:
            outcomes.append(refusal.code)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return sorted(outcomes)


@pytest.mark.django_db(transaction=True)
def test_two_residents_taking_the_last_sponsored_ticket_and_two_using_one_voucher():
    from django.db import connection

    from lampio.tickets.selectors import sponsorship_for
    from lampio.tickets.vouchers import voucher_redeem

    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite has one writer at a time")
    ensure_reference_data()
    helsinki = Municipality.objects.get(slug="helsinki")
    for attempt in range(10):
        offering = OfferingFactory(status="published", price_cents=1000, is_nationwide=True)
        showing = ShowingFactory(offering=offering)
        Sponsorship.objects.create(municipality=helsinki, offering=offering, max_tickets=1)
        residents = [
            UserFactory(username=f"r{attempt}-{n}", home_municipality=helsinki) for n in range(2)
        ]

        def take(person, offering=offering, showing=showing):
            ticket_buy(
                person=person,
                offering=offering,
                showing=showing,
                idempotency_key="k",
                sponsorship=sponsorship_for(person, offering, showing),
            )

        assert _race(take, residents) == ["ok", "tickets.sponsorship_used_up"]
        assert Ticket.objects.filter(offering=offering).count() == 1
        code = _batch(helsinki, count=1).vouchers.get().code
        people = [UserFactory(username=f"v{attempt}-{n}") for n in range(2)]
        outcomes = _race(
            lambda person, code=code: voucher_redeem(person=person, code=code, actor=person),
            people,
        )
        assert outcomes == ["ok", "tickets.voucher_used"]
        assert sorted(balance_account(p).balance_cents for p in people) == [0, 1000]
    assert ledger_check().sound
