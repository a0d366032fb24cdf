"""Public pages for logged-in people come from the anonymous render with their own header
parts put in: the same header Django renders for them, a fresh CSRF token in every response
that Django accepts, the helper's banner, and Django itself whenever anything else could
differ (no CSRF cookie yet, a preferred language elsewhere, a session that is nobody's)."""

import re

import httpx
import pytest
from asgiref.sync import sync_to_async
from django.middleware.csrf import _get_new_csrf_string, _unmask_cipher_token
from django.test import Client

from lampio.accounts.helper_relations import ACTING_FOR_SESSION_KEY
from lampio.accounts.models import HelperRelation, ProducerMembership
from lampio.asgi import django_asgi_app
from lampio.core import personal_pages
from lampio.core.page_cache import PublicPageCache
from tests.accounts.factories import UserFactory
from tests.programme.factories import RecordingFactory
from tests.support.asgi import CountingApp

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def django_app(settings):
    settings.PAGE_CACHE_VERSION_CHECK_SECONDS = 0
    personal_pages._parts.clear()
    return CountingApp(django_asgi_app)


def _client(app) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://testserver",
        headers={"Accept-Encoding": "identity"},
    )


def _logged_in(user, **session_values) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    if session_values:
        session = client.session
        session.update(session_values)
        session.save()
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": _get_new_csrf_string()}


def _account_area(html: str) -> str:
    area = html.split("<!--account-area-->", 1)[1].split("<!--/account-area-->", 1)[0]
    return " ".join(TOKEN.sub("TOKEN", area).split())


@pytest.fixture
def world(transactional_db):
    RecordingFactory(title="Kevätkonsertti")
    aino = UserFactory(username="aino", name="Aino Virtanen", display_name="Aino, Tampere")
    return aino


async def test_a_logged_in_person_gets_the_cached_page_with_their_own_header(django_app, world):
    cookies = await sync_to_async(_logged_in)(world)
    async with _client(PublicPageCache(django_app)) as client:
        first = await client.get("/programme/", cookies=cookies)
        calls = django_app.calls
        second = await client.get("/programme/", cookies=cookies)
    assert django_app.calls == calls == 1  # the anonymous render, once
    for page in (first, second):
        assert page.status_code == 200
        assert "Kevätkonsertti" in page.text and "Aino, Tampere" in page.text
        assert "Kirjaudu sisään" not in _account_area(page.text)
        assert page.headers["cache-control"] == "private, no-cache"
        assert "Cookie" in page.headers["vary"]
    tokens = [TOKEN.search(page.text).group(1) for page in (first, second)]
    assert tokens[0] != tokens[1]  # masked afresh for every response
    assert {_unmask_cipher_token(token) for token in tokens} == {cookies["csrftoken"]}


async def test_the_header_is_the_one_django_renders_for_them(settings, django_app, world):
    await sync_to_async(ProducerMembership.objects.create)(
        user=world, producer=(await sync_to_async(RecordingFactory)()).producer
    )
    cookies = await sync_to_async(_logged_in)(world)
    async with _client(PublicPageCache(django_app)) as client:
        assembled = await client.get("/sv/programme/", cookies=cookies)
    settings.PAGE_CACHE_SECONDS = 0
    async with _client(PublicPageCache(django_app)) as client:
        rendered = await client.get("/sv/programme/", cookies=cookies)
    assert "Arbetsverktyg" in _account_area(rendered.text)
    assert _account_area(assembled.text) == _account_area(rendered.text)


async def test_a_helper_acting_for_someone_sees_the_banner(django_app, world):
    mother = await sync_to_async(UserFactory)(username="aiti", display_name="Äiti, Tampere")
    await sync_to_async(HelperRelation.objects.create)(
        person=mother, helper=world, helper_email=world.email, status="active"
    )
    cookies = await sync_to_async(_logged_in)(world, **{ACTING_FOR_SESSION_KEY: mother.pk})
    async with _client(PublicPageCache(django_app)) as client:
        page = await client.get("/programme/", cookies=cookies)
    assert "Äiti, Tampere" in page.text and 'class="acting-banner"' in page.text
    banner = page.text.split('class="acting-banner"', 1)[1]
    assert _unmask_cipher_token(TOKEN.search(banner).group(1)) == cookies["csrftoken"]


async def test_django_answers_when_anything_else_could_differ(django_app, world):
    cookies = await sync_to_async(_logged_in)(world)
    async with _client(PublicPageCache(django_app)) as client:
        only_session = {"sessionid": cookies["sessionid"]}
        no_csrf_cookie = await client.get("/programme/", cookies=only_session)
        assert django_app.calls == 1  # Django rendered it for them, and set the cookie
        assert "Aino, Tampere" in no_csrf_cookie.text and "csrftoken" in no_csrf_cookie.cookies
        world.language = "sv"
        await sync_to_async(world.save)()
        to_swedish = await client.get("/programme/", cookies=cookies)
        assert to_swedish.status_code == 302 and to_swedish.headers["location"] == "/sv/programme/"
        stranger = await client.get("/programme/", cookies={**cookies, "sessionid": "x" * 32})
        assert "Aino, Tampere" not in stranger.text and stranger.status_code == 200


async def test_pages_that_are_not_public_go_straight_to_django(django_app, world):
    cookies = await sync_to_async(_logged_in)(world)
    async with _client(PublicPageCache(django_app)) as client:
        page = await client.get("/accounts/me/", cookies=cookies)
    assert page.status_code == 200 and "Aino" in page.text
    assert django_app.calls == 1  # no anonymous render first
