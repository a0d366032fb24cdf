"""The open data API (/api/v1/): published programme only, fi/sv/en, filters, cursors,
ETags, CORS, a rate limit, 400 for bad parameters (fuzzed), and every answer valid against
the committed OpenAPI 3.1 schema, which must match the code's."""

import json
from datetime import timedelta
from pathlib import Path

import jsonschema
import pytest
from django.core.cache import cache
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lampio.api.api import api
from lampio.municipalities.models import Municipality
from tests.programme.factories import OfferingFactory, ShowingFactory

pytestmark = pytest.mark.django_db
SCHEMA_FILE = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.json"


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


def _schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text())


def _valid(response, component: str) -> dict:
    """The body, checked against the committed schema's component."""
    body = response.json()
    schema = _schema()
    jsonschema.validate(body, {"$ref": f"#/components/schemas/{component}", **schema})
    return body


def test_the_committed_schema_is_the_codes_schema():
    generated = json.loads(json.dumps(api.get_openapi_schema(), default=str))
    assert generated["openapi"].startswith("3.1")
    assert generated == _schema(), (
        "The API changed: review it and run `manage.py export_openapi_schema --api "
        "lampio.api.api.api --indent 2 --output docs/api/openapi.json`"
    )


@pytest.fixture
def programme():
    tampere = Municipality.objects.get(slug="tampere")
    local = OfferingFactory(
        status="published", title_fi="Tampereen laulu", title_sv="Tammerfors sång",
        title_en="Tampere song", is_nationwide=False, art_forms=["sing-along"],
        has_captions=True,
    )  # fmt: skip
    local.municipalities.set([tampere])
    paid = OfferingFactory(status="published", title_fi="Konsertti", price_cents=1200)
    draft = OfferingFactory(status="draft", title_fi="Luonnos")
    unlisted = OfferingFactory(status="published", title_fi="Kurssi", is_listed=False)
    start = timezone.now() + timedelta(days=1)
    for offering in (local, paid, draft, unlisted):
        ShowingFactory(offering=offering, starts_at=start)
    return {"local": local, "paid": paid}


def test_offerings_are_the_published_programme_in_the_asked_language(client, programme):
    body = _valid(client.get("/api/v1/offerings"), "OfferingPage")
    assert {item["slug"] for item in body["items"]} == {
        programme["local"].slug,
        programme["paid"].slug,
    }
    titles = {
        lang: {i["title"] for i in client.get(f"/api/v1/offerings?lang={lang}").json()["items"]}
        for lang in ("fi", "sv", "en")
    }
    assert "Tampereen laulu" in titles["fi"] and "Tammerfors sång" in titles["sv"]
    assert "Tampere song" in titles["en"]
    by_header = client.get("/api/v1/offerings", HTTP_ACCEPT_LANGUAGE="sv")
    assert "Tammerfors sång" in {i["title"] for i in by_header.json()["items"]}
    item = next(i for i in body["items"] if i["slug"] == programme["local"].slug)
    assert item["accessibility"] == ["captions"] and item["free"] is True
    assert not {"email", "status", "review_comment"} & set(item)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("municipality=tampere", {"local", "paid"}),  # the paid one is nationwide
        ("art_form=sing-along", {"local"}),
        ("feature=captions", {"local"}),
        ("free=false", {"paid"}),
        ("free=true", {"local"}),
        ("kind=recording", set()),
    ],
)
def test_the_programme_filters(client, programme, query, expected):
    body = _valid(client.get(f"/api/v1/offerings?{query}"), "OfferingPage")
    slugs = {programme[name].slug for name in expected}
    assert {item["slug"] for item in body["items"]} == slugs


def test_showings_by_date_range_and_cursor_pages_without_gaps_or_repeats(client):
    offering = OfferingFactory(status="published")
    start = timezone.now() + timedelta(days=1)
    made = [
        ShowingFactory(offering=offering, starts_at=start + timedelta(hours=n)) for n in range(7)
    ]
    seen, url = [], "/api/v1/showings?limit=3"
    while url:
        body = _valid(client.get(url), "ShowingPage")
        seen += [item["id"] for item in body["items"]]
        url = body["next"]
    assert seen == [showing.pk for showing in made]
    day = (start + timedelta(days=3)).date().isoformat()
    assert client.get(f"/api/v1/showings?starts_after={day}").json()["items"] == []


def test_one_offering_and_the_reference_lists(client, programme):
    _valid(client.get(f"/api/v1/offerings/{programme['local'].slug}"), "OfferingOut")
    assert client.get("/api/v1/offerings/luonnos-ei-ole").status_code == 404
    names = {item["slug"]: item["name"] for item in client.get("/api/v1/art-forms?lang=sv").json()}
    assert names["music"] == "Musik"
    assert any(m["slug"] == "tampere" for m in client.get("/api/v1/municipalities").json())
    assert {"fi", "none"} <= {s["slug"] for s in client.get("/api/v1/spoken-languages").json()}
    _valid(client.get("/api/v1/producers"), "ProducerPage")


def test_etag_cors_and_the_rate_limit(client, programme, settings):
    first = client.get("/api/v1/offerings", HTTP_ORIGIN="https://kirjasto.example.fi")
    assert first["Access-Control-Allow-Origin"] == "*"
    again = client.get("/api/v1/offerings", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    settings.API_RATE_LIMIT = "3/m"
    cache.clear()
    codes = [client.get("/api/v1/art-forms").status_code for _n in range(4)]
    assert codes == [200, 200, 200, 429]


@pytest.mark.parametrize(
    "query",
    [
        "starts_after=yesterday",
        "starts_after=2026-13-45",
        "limit=0",
        "limit=1000",
        "limit=x",
        "free=maybe",
        "kind=opera",
        "lang=de",
        "municipality=atlantis",
        "art_form=juggling",
        "feature=wings",
        "colour=red",
        "cursor=not-a-cursor",
        "starts_after=2027-01-02&starts_before=2027-01-01",
    ],
)
def test_bad_parameters_get_400_with_a_json_error(client, query):
    response = client.get(f"/api/v1/showings?{query}")
    assert response.status_code == 400, response.content
    body = _valid(response, "ErrorOut")
    assert body["error"] in {"invalid_parameters", "unknown_value"} and body["detail"]


PARAMETERS = [
    "municipality", "art_form", "feature", "language", "kind", "free", "limit", "cursor",
    "lang", "starts_after", "starts_before", "unknown",
]  # fmt: skip


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    path=st.sampled_from(["/api/v1/offerings", "/api/v1/showings", "/api/v1/producers",
                          "/api/v1/art-forms", "/api/v1/offerings/x"]),
    params=st.dictionaries(st.sampled_from(PARAMETERS), st.text(max_size=40), max_size=4),
)  # fmt: skip
def test_no_query_makes_a_500(client, path, params):
    cache.clear()
    response = client.get(path, params)
    assert response.status_code in {200, 400, 404}, (params, response.content)
    assert response["Content-Type"].startswith("application/json")
