"""The public page cache in front of Django, exercised through the real ASGI application."""

import asyncio

import httpx
import pytest
from asgiref.sync import sync_to_async

from lampio.asgi import django_asgi_app
from lampio.core.page_cache import PublicPageCache
from tests.programme.factories import RecordingFactory
from tests.support.asgi import CountingApp

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


@pytest.fixture
def django_app(settings):
    settings.PAGE_CACHE_VERSION_CHECK_SECONDS = 0
    return CountingApp(django_asgi_app)


@pytest.fixture
def client(django_app):
    transport = httpx.ASGITransport(app=PublicPageCache(django_app))
    return httpx.AsyncClient(
        transport=transport,
        base_url="http://testserver",
        headers={"Accept-Encoding": "identity"},
    )


@pytest.fixture
def recording(transactional_db):
    return RecordingFactory(title="Vanha nimi")


async def test_second_visit_is_answered_from_memory_with_the_same_headers(
    client, django_app, recording
):
    first = await client.get("/programme/")
    second = await client.get("/programme/")
    assert django_app.calls == 1
    assert second.status_code == 200
    assert second.text == first.text and "Vanha nimi" in second.text
    assert second.headers["content-security-policy"] == first.headers["content-security-policy"]
    assert "x-lampio-public-page" not in first.headers
    assert "x-lampio-public-page" not in second.headers


async def test_a_change_to_the_programme_reaches_the_next_visitor(client, recording):
    assert "Vanha nimi" in (await client.get("/")).text

    def rename():
        recording.title = recording.title_fi = "Uusi nimi"
        recording.save()

    await sync_to_async(rename)()
    html = (await client.get("/")).text
    assert "Uusi nimi" in html and "Vanha nimi" not in html


async def test_languages_text_sizes_and_compression_are_kept_apart(client, django_app, recording):
    finnish = await client.get("/")
    swedish = await client.get("/sv/")
    client.cookies.set("lampio_text", "xlarge")
    large = await client.get("/")
    client.cookies.clear()
    gzipped = await client.get("/", headers={"Accept-Encoding": "gzip"})
    assert django_app.calls == 4
    assert '<html lang="fi"' in finnish.text and '<html lang="sv"' in swedish.text
    assert 'class="text-xlarge' in large.text
    assert gzipped.headers["content-encoding"] == "gzip"
    assert "content-encoding" not in finnish.headers


async def test_visitors_with_a_session_and_other_methods_always_reach_django(
    client, django_app, recording
):
    await client.get("/")
    for name, value in (("sessionid", "abc"), ("messages", "notice")):
        client.cookies.clear()
        client.cookies.set(name, value)
        await client.get("/")
    client.cookies.clear()
    await client.head("/")
    assert django_app.calls == 4


async def test_errors_and_pages_that_are_not_public_are_not_cached(client, django_app, recording):
    for _ in range(2):
        assert (await client.get("/programme/ei-ole/")).status_code == 404
        assert (await client.get("/help/")).status_code == 200
    assert django_app.calls == 4


async def test_a_cached_page_is_never_served_to_a_host_the_site_does_not_answer_to(
    client, django_app, recording
):
    assert (await client.get("/")).status_code == 200
    assert (await client.get("/")).status_code == 200
    assert django_app.calls == 1  # the second visit came from the cache
    foreign = await client.get("/", headers={"Host": "evil.example.org"})
    assert foreign.status_code == 400
    assert django_app.calls == 2


async def test_a_crowd_after_a_change_gets_one_render_and_the_previous_page_meanwhile(
    client, django_app, recording
):
    first = await client.get("/programme/")
    assert "Vanha nimi" in first.text and django_app.calls == 1

    def rename():
        recording.title = recording.title_fi = "Uusi nimi"
        recording.save()

    await sync_to_async(rename)()
    crowd = await asyncio.gather(*(client.get("/programme/") for _ in range(20)))
    assert django_app.calls == 2  # one render for twenty visitors
    assert all(page.status_code == 200 for page in crowd)
    texts = {"Uusi nimi" in page.text for page in crowd}
    assert True in texts  # the visitor who rendered it sees the change at once
    after = await client.get("/programme/")
    assert "Uusi nimi" in after.text and django_app.calls == 2


async def test_a_cold_crowd_waits_for_one_render(client, django_app, recording):
    crowd = await asyncio.gather(*(client.get("/programme/") for _ in range(20)))
    assert django_app.calls == 1
    assert {page.status_code for page in crowd} == {200}
    assert len({page.text for page in crowd}) == 1
