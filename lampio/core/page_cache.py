"""A whole-page cache for the public programme pages, which every anonymous visitor sees alike.

The key holds everything a page depends on: language, path and query, the display preferences,
today's date (pages say "tänään") and a programme version that every change to programme data
bumps after commit. Logged-in visitors, other methods and responses that set cookies bypass it.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from .preferences import display_preferences

VERSION_KEY = "programme:version"


def programme_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, timeout=None)
    return version


def programme_changed() -> None:
    """Invalidate every cached public page once the current transaction commits."""

    def bump() -> None:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, 2, timeout=None)

    transaction.on_commit(bump)


def _page_key(request: HttpRequest) -> str:
    prefs = display_preferences(request)
    raw = "\n".join(
        [
            get_language() or "",
            request.path,
            request.META.get("QUERY_STRING", ""),
            prefs.text_size,
            prefs.contrast,
            timezone.localdate().isoformat(),
            str(programme_version()),
        ]
    )
    return "page:" + hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def cached_public_page(view):
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        seconds = settings.PAGE_CACHE_SECONDS
        if seconds <= 0 or request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        key = _page_key(request)
        stored = cache.get(key)
        if stored is not None:
            content, content_type = stored
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200 and not response.cookies and not response.streaming:
            cache.set(key, (response.content, response["Content-Type"]), seconds)
        return response

    return wrapper
