"""End to end with exact numbers: synthetic viewers send their events through the beacon
endpoint and answer the feedback card, the rollup runs, and the producer's and the
coordinator's dashboards, their tables and their CSV files show exactly what this test
computes itself."""

import csv
import io
import json
import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lampio.accounts.models import CoordinatorAssignment, GroupHost, ProducerMembership, User
from lampio.feedback.viewing_tokens import viewing_token_for
from lampio.insights.rollup import recent_days_rollup
from lampio.municipalities.models import Municipality
from tests.accounts.factories import UserFactory
from tests.programme.factories import OfferingFactory, ProducerFactory, ShowingFactory
from tests.programme.factories import helsinki as helsinki_seeded

pytestmark = pytest.mark.django_db


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


def beacon(client: Client, batch: dict):
    return client.post(
        "/beacon",
        data=json.dumps(batch),
        content_type="application/json",
        HTTP_ORIGIN="http://testserver",
        HTTP_USER_AGENT="Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X)",
    )


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))


def table_rows(html: str, key: str) -> list[list[str]]:
    """The cells of the dashboard table whose heading id is t-<key>, as text."""
    from html.parser import HTMLParser

    class Cells(HTMLParser):
        def __init__(self):
            super().__init__()
            self.inside = False
            self.depth = 0
            self.in_table = False
            self.rows, self.cell = [], None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "section" and attrs.get("aria-labelledby") == f"t-{key}":
                self.inside = True
            elif self.inside and tag == "table":
                self.in_table = True
            elif self.in_table and tag == "tr":
                self.rows.append([])
            elif self.in_table and tag in ("td", "th"):
                self.cell = ""

        def handle_endtag(self, tag):
            if self.in_table and tag in ("td", "th") and self.cell is not None:
                self.rows[-1].append(" ".join(self.cell.split()))
                self.cell = None
            elif self.in_table and tag == "table":
                self.in_table = self.inside = False

        def handle_data(self, data):
            if self.cell is not None:
                self.cell += data

    parser = Cells()
    parser.feed(html)
    return parser.rows


@pytest.fixture
def season():
    helsinki = helsinki_seeded()
    turku = Municipality.objects.get(slug="turku")
    producer = ProducerFactory(slug="kvartetti")
    producer_user = person("tuottaja")
    ProducerMembership.objects.create(user=producer_user, producer=producer)
    coordinator = person("koordinaattori")
    CoordinatorAssignment.objects.create(user=coordinator, municipality=helsinki)
    now = timezone.now().replace(microsecond=0)
    offering = OfferingFactory(slug="iltakonsertti", producer=producer, duration_minutes=10)
    showing = ShowingFactory(
        offering=offering,
        starts_at=now - timedelta(minutes=30),
        ends_at=now - timedelta(minutes=20),
        doors_open_at=now - timedelta(minutes=40),
        stream_url="https://stream.example.fi/live.m3u8",
    )
    consent = now - timedelta(days=10)
    viewers = []
    # Seven residents of Helsinki and two of Turku who allow viewing statistics, three people
    # who do not: (key, municipality, birth band, consent, heartbeats, reached the end).
    plan = [
        ("h1", helsinki, "1940-1949", True, 20, True),
        ("h2", helsinki, "1940-1949", True, 20, True),
        ("h3", helsinki, "1950-1959", True, 10, False),
        ("h4", helsinki, "1950-1959", True, 4, False),
        ("h5", helsinki, "-1939", True, 20, True),
        ("h6", helsinki, "1940-1949", True, 6, False),
        ("h7", helsinki, "1950-1959", True, 16, False),
        ("t1", turku, "1950-1959", True, 20, True),
        ("t2", turku, "1960-", True, 2, False),
        ("a1", helsinki, "1940-1949", False, 12, False),
        ("a2", turku, "1940-1949", False, 20, True),
        ("a3", None, "", False, 8, False),
    ]
    for key, municipality, band, consents, heartbeats, completes in plan:
        user = person(
            key,
            home_municipality=municipality,
            birth_year_band=band,
            analytics_consent_at=consent if consents else None,
        )
        viewers.append((user, heartbeats, completes))
    return {
        "helsinki": helsinki,
        "producer": producer_user,
        "coordinator": coordinator,
        "offering": offering,
        "showing": showing,
        "viewers": viewers,
        "plan": plan,
    }


def watch(client: Client, season, heartbeats: int, completes: bool, foyer_messages: int):
    """One viewer's page: play at the start, a heartbeat every 30 s (30 s played each),
    and the end; sent in batches of five as the player does, the first batch twice."""
    showing, offering = season["showing"], season["offering"]
    start = showing.starts_at.timestamp() * 1000
    events = [{"seq": 0, "kind": "play", "t": start, "position": 0}]
    for beat in range(1, heartbeats + 1):
        events.append(
            {
                "seq": beat,
                "kind": "heartbeat",
                "t": start + beat * 30_000,
                "position": beat * 30,
                "value": 30,
            }
        )
    seq = heartbeats + 1
    if completes:
        events.append(
            {
                "seq": seq,
                "kind": "complete",
                "t": start + heartbeats * 30_000 + 100,
                "position": 600,
                "value": 0,
            }
        )
        seq += 1
    if foyer_messages:
        events.append({"seq": seq, "kind": "foyer_join", "t": start + 60_000 * 11})
        events.append(
            {
                "seq": seq + 1,
                "kind": "foyer_messages",
                "t": start + 60_000 * 12,
                "value": foyer_messages,
            }
        )
    session = str(uuid.uuid4())
    batches = [events[i : i + 5] for i in range(0, len(events), 5)]
    for index, part in enumerate(batches):
        batch = {
            "session": session,
            "token": viewing_token_for(
                session=session, offering_id=offering.pk, showing_id=showing.pk
            ),
            "offering": offering.pk,
            "showing": showing.pk,
            "events": part,
        }
        response = beacon(client, batch)
        assert response.status_code == 202, response.content
        assert response.json() == {"stored": len(part), "duplicates": 0}
        if index == 0:
            again = beacon(client, batch)
            assert again.json() == {"stored": 0, "duplicates": len(part)}


def test_dashboards_tables_and_csv_show_exactly_the_numbers_sent(season):
    offering, showing = season["offering"], season["showing"]
    for index, (user, heartbeats, completes) in enumerate(season["viewers"]):
        client = Client(REMOTE_ADDR=f"192.0.2.{index + 1}")  # each viewer at home
        client.force_login(user)
        watch(client, season, heartbeats, completes, foyer_messages=index + 1 if index < 6 else 0)
    # Feedback: six people answer, one of them twice (the second answer counts).
    answers = {
        "h1": {
            "rating": "5",
            "watch_again": "yes",
            "mood_before": "2",
            "mood_after": "4",
            "comment": "Ihana ilta!",
        },
        "h2": {"rating": "5", "watch_again": "yes", "mood_before": "3", "mood_after": "4"},
        "h3": {"rating": "4", "watch_again": "yes", "mood_before": "3", "mood_after": "3"},
        "h4": {"rating": "3", "watch_again": "no", "mood_before": "4", "mood_after": "5"},
        "h5": {"rating": "4", "watch_again": "yes", "mood_before": "1", "mood_after": "3"},
        "t1": {"rating": "5", "watch_again": "yes"},
    }
    users = {user.username: user for user, _h, _c in season["viewers"]}
    card = f"/programme/{offering.slug}/showings/{showing.pk}/feedback/"
    for key, data in answers.items():
        client = Client()
        client.force_login(users[key])
        if key == "h4":
            client.post(card, {"rating": "1"})
        response = client.post(card, data)
        assert response.status_code == 302, response.content

    recent_days_rollup()

    plan = season["plan"]
    viewers = len(plan)
    played = sum(30 * heartbeats for *_rest, heartbeats, _c in plan)
    average_minutes = f"{played / 60 / viewers:.1f}".replace(".", ",")
    reached_end = sum(1 for *_rest, completes in plan if completes)
    # The minute curve: each viewer is present in the minutes of their play and heartbeats.
    start = showing.starts_at
    minutes: dict = {}
    for key, *_m, heartbeats, completes in plan:
        moments = [start + timedelta(seconds=30 * beat) for beat in range(heartbeats + 1)]
        if completes:
            moments.append(start + timedelta(seconds=30 * heartbeats, milliseconds=100))
        for moment in moments:
            minutes.setdefault(moment.replace(second=0, microsecond=0), set()).add(key)
    peak = max(len(keys) for keys in minutes.values())
    foyer_messages = sum(range(1, 7))

    def shown(n):
        return "< 5" if 0 < n < 5 else str(n)

    producer = Client()
    producer.force_login(season["producer"])
    page = producer.get(f"/insights/offerings/{offering.slug}/")
    assert page.status_code == 200
    html = page.content.decode()
    summary = table_rows(html, "summary")
    expected_summary = [
        ["Katsojia", str(viewers)],
        ["Keskimääräinen katseluaika (minuuttia)", average_minutes],
        ["Katsoi loppuun", str(reached_end)],
        ["Ihmisiä lämpiössä", "6"],
        ["Viestejä lämpiössä", str(foyer_messages)],
        ["Aplodeja ja muita reaktioita", "0"],
    ]
    assert summary[1:] == expected_summary
    summary_csv = csv_rows(producer.get(f"/insights/offerings/{offering.slug}/summary.csv"))
    assert summary_csv[1:] == expected_summary

    showings = table_rows(html, "showings")
    assert showings[1][1:] == [str(viewers), str(peak), average_minutes]

    minute_rows = [
        [f"{timezone.localtime(m):%H.%M}", shown(len(k))] for m, k in sorted(minutes.items())
    ]
    assert table_rows(html, "minutes")[1:] == minute_rows
    assert (
        csv_rows(producer.get(f"/insights/offerings/{offering.slug}/minutes.csv"))[1:]
        == minute_rows
    )

    # Drop-off: of a 10-minute performance, who got at least as far as each tenth.
    furthest = {
        key: (600 if completes else 30 * heartbeats) for key, *_m, heartbeats, completes in plan
    }
    drop = []
    for tenth in range(11):
        still = sum(1 for p in furthest.values() if p >= 60 * tenth) if tenth else viewers
        # A share of a small group is not a count: it says so in words.
        percent = "liian pieni joukko" if 0 < still < 5 else f"{round(100 * still / viewers)} %"
        drop.append([f"{tenth * 10} %", shown(still), percent])
    assert table_rows(html, "drop_off")[1:] == drop

    smileys = table_rows(html, "smileys")[1:]
    assert smileys == [
        ["😄 Erittäin hyvä", "< 5"],
        ["🙂 Hyvä", "< 5"],
        ["😐 Siltä väliltä", "< 5"],
        ["🙁 Ei hyvä", "0"],
        ["😞 Huono", "0"],
    ]
    assert csv_rows(producer.get(f"/insights/offerings/{offering.slug}/smileys.csv"))[1:] == smileys
    # Five said yes and one no: showing the five would give the one away (6 answered).
    assert table_rows(html, "watch_again")[1:] == [
        ["Kyllä", "piilotettu", "liian pieni joukko"],
        ["Ei", "< 5", "liian pieni joukko"],
    ]
    both = [(2, 4), (3, 4), (3, 3), (4, 5), (1, 3)]
    before = f"{sum(b for b, _a in both) / 5:.1f}".replace(".", ",")
    after = f"{sum(a for _b, a in both) / 5:.1f}".replace(".", ",")
    change = f"{sum(a - b for b, a in both) / 5:.2f}".replace(".", ",")
    assert table_rows(html, "mood")[1:] == [
        ["Ennen", before, "5"],
        ["Jälkeen", after, "5"],
        ["Muutos (hyvinvointimittari)", change, "5"],
    ]
    # Where viewers live: only those who allow statistics are counted by municipality.
    assert table_rows(html, "municipalities")[1:] == [
        ["Helsinki", "7"],
        ["Turku", "< 5"],
        ["Ei kerrottu", "< 5"],
    ]
    assert "Ihana ilta!" in html
    assert "h1" not in html.split('id="comments-title"')[1]

    coordinator = Client()
    coordinator.force_login(season["coordinator"])
    report = coordinator.get("/insights/municipalities/helsinki/")
    assert report.status_code == 200
    report_html = report.content.decode()
    this_month = timezone.localtime(showing.starts_at).date()
    bands = {"-1939": 1, "1940-1949": 3, "1950-1959": 3}
    month_row = [
        f"{this_month:%m/%Y}",
        shown(bands["-1939"]),
        shown(bands["1940-1949"]),
        shown(bands["1950-1959"]),
        "0",
        "0",
        "7",
    ]
    assert month_row in table_rows(report_html, "months")
    months_csv = csv_rows(coordinator.get("/insights/municipalities/helsinki/months.csv"))
    assert month_row in months_csv
    assert table_rows(report_html, "top_offerings")[1:] == [[offering.title, "7"]]
    wellbeing = table_rows(report_html, "wellbeing")[1:]
    assert wellbeing[0] == ["Keskimääräinen muutos (−4 … +4)", change]
    assert wellbeing[2] == ["Molempiin vastanneita", "5"]

    home = producer.get("/insights/").content.decode()
    assert table_rows(home, "offerings")[1:] == [[offering.title, str(viewers), "4,3"]]

    teosto = csv_rows(producer.get("/insights/teosto.csv"))
    assert len(set(teosto[0])) == len(teosto[0]), "every column has a name of its own"
    assert teosto[0][:2] == ["Esityskerran numero", "Esitys"]
    assert teosto[1][0] == str(showing.pk)
    assert teosto[1][4:] == [str(viewers), str(peak), "0.00", "0", "0.00"]


def test_group_host_feedback_counts_the_group(season):
    host = person("ohjaaja")
    GroupHost.objects.create(
        user=host, place="Palvelutalo Koivikko", municipality=season["helsinki"]
    )
    client = Client()
    client.force_login(host)
    offering, showing = season["offering"], season["showing"]
    card = f"/programme/{offering.slug}/showings/{showing.pk}/feedback/"
    assert "Kuinka monta" in client.get(card).content.decode()
    client.post(card, {"rating": "5", "group_size": "14"})
    client.post(card, {"rating": "4", "group_size": "12"})
    producer = Client()
    producer.force_login(season["producer"])
    html = producer.get(f"/insights/offerings/{offering.slug}/").content.decode()
    assert table_rows(html, "groups")[1:] == [
        ["Ryhmien vastauksia", "1"],
        ["Ihmisiä ryhmissä", "12"],
        ["Vastauksia kaikkiaan", "< 5"],
    ]


def test_csv_files_do_not_run_formulas_from_titles(season):
    offering = season["offering"]
    offering.title = offering.title_fi = '=HYPERLINK("https://evil.example")'
    offering.save()
    producer = Client()
    producer.force_login(season["producer"])
    rows = csv_rows(producer.get("/insights/teosto.csv"))
    assert rows[1][1] == "'" + offering.title
