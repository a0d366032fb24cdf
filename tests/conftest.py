import time

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty page cache, also when the cache is Redis."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _one_rate_window(monkeypatch):
    """django-ratelimit counts in fixed windows (a minute, an hour): a test that posts past a
    limit on a busy machine could straddle a window's edge, where counting starts afresh, and
    see more pass than the limit allows. Each test runs in one window of its own."""
    window = int(time.time()) + 24 * 3600
    monkeypatch.setattr("django_ratelimit.core._get_window", lambda value, period: window)


@pytest.fixture(autouse=True)
def _fresh_foyer_state():
    """A foyer's shared state, media owners and who has work tools are kept per process: a
    test's foyer, recording or person may reuse an earlier test's id (SQLite after a
    rollback), so each test starts without them."""
    from lampio.accounts.selectors import _work_tools_seen
    from lampio.foyer.local import shared
    from lampio.media.access import media_forget

    shared.clear()
    media_forget()
    _work_tools_seen.clear()
    yield
    shared.clear()
    media_forget()
    _work_tools_seen.clear()


@pytest.fixture
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def demo_season(db):
    from lampio.demo.season import load_demo_season

    return load_demo_season()
