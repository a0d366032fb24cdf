"""Whatever a browser sends to the public pages, the answer is a normal page, never a 500."""

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.programme.factories import OfferingFactory

pytestmark = pytest.mark.django_db

PARAM_NAMES = ["q", "art", "kind", "feature", "lang", "city", "page", "from"]
NASTY = [
    "' OR 1=1 --",
    "'; DROP TABLE programme_offering; --",
    "%",
    "_",
    "\\",
    "\x00",
    "a\x00b",
    "\ud800",
    "😀" * 50,
    "ä" * 5000,
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "-1",
    "99999999999999999999999",
    "NaN",
    "konsertti & tanssi | !laulu",
    '"unclosed',
    ":*",
    "(((",
]

params = st.dictionaries(
    st.sampled_from(PARAM_NAMES),
    st.one_of(st.sampled_from(NASTY), st.text(max_size=300)),
    max_size=5,
)


def encode(values: dict[str, str]) -> str:
    return urlencode(
        {k: v.encode("utf-8", "surrogatepass") for k, v in values.items()}, doseq=False
    )


@pytest.fixture
def some_offerings(db):
    OfferingFactory(title="Konsertti", has_captions=True)
    OfferingFactory(title="Kuorolaulua")


@pytest.mark.parametrize("path", ["/programme/", "/day/", "/", "/help/"])
@pytest.mark.parametrize("value", NASTY)
def test_known_nasty_values_give_a_normal_page(client, some_offerings, path, value):
    for name in PARAM_NAMES:
        response = client.get(f"{path}?{encode({name: value})}")
        assert response.status_code == 200, (name, value)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=params)
def test_any_catalogue_query_gives_a_normal_page(client, some_offerings, values):
    response = client.get(f"/programme/?{encode(values)}")
    assert response.status_code == 200
    assert b"<h1>" in response.content


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=params)
def test_any_day_query_gives_a_normal_page(client, some_offerings, values):
    assert client.get(f"/day/?{encode(values)}").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/programme/ei-ole-olemassa/",
        "/programme/%E2%82%AC/",
        "/programme/ei-ole/calendar.ics",
        "/producers/ei-ole/",
        "/day/2026-13-45/",
        "/day/1900-01-01/",
        "/day/9999-12-31/",
        "/en/programme/nope/",
        "/sv/producers/nope/",
    ],
)
def test_unknown_ids_and_slugs_give_the_translated_not_found_page(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b'class="help-link"' in response.content


def test_unknown_filter_values_are_dropped_with_a_plain_notice(client, some_offerings):
    response = client.get("/programme/?art=no-such-art&feature=captions")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Osoitteessa oli valintoja, joita emme ymmärtäneet" in html
    assert "Konsertti" in html and "Kuorolaulua" not in html


def test_preference_link_never_redirects_to_another_site(client):
    response = client.get("/preferences/?text=large&next=https://evil.example/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    response = client.get("/preferences/?text=giant&contrast=high&next=/programme/")
    assert response["Location"] == "/programme/"
    assert "lampio_text" not in response.cookies
    assert response.cookies["lampio_contrast"].value == "high"
