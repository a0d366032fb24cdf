"""The language a person chose follows them: a page asked for without a language prefix
(Finnish, the default) opens in the language of their profile when they are logged in, or
of their earlier choice on this device (the language cookie). Everything else stays: a page
under /sv/ or /en/ is that language, and choosing Suomi in the switch makes Finnish the
choice."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation

OTHER_LANGUAGES = {code for code, _ in settings.LANGUAGES} - {settings.LANGUAGE_CODE}
# The switch itself, files, sockets and the admin are not pages to carry over.
NOT_PAGES = (
    "/language/",
    "/static/",
    "/media/",
    "/ws/",
    "/healthz",
    f"/{settings.ADMIN_PATH}",
)


def language_of_path(path: str) -> str:
    prefix = path.split("/", 2)[1] if path.startswith("/") else ""
    return prefix if prefix in OTHER_LANGUAGES else settings.LANGUAGE_CODE


def path_in_language(path: str, language: str) -> str:
    """The same page in another language ("/programme/x/" → "/sv/programme/x/"); a path
    that is not a translated page comes back as it was."""
    with translation.override(language_of_path(path)):
        return translate_url(path, language)


class PreferredLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        target = self._preferred_path(request)
        if target is not None:
            return HttpResponseRedirect(target)
        return self.get_response(request)

    @staticmethod
    def _preferred_path(request) -> str | None:
        if request.method not in ("GET", "HEAD") or request.path.startswith(NOT_PAGES):
            return None
        first = request.path.split("/", 2)[1]
        if first in OTHER_LANGUAGES:
            return None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            preferred = user.language
        else:
            preferred = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if preferred not in OTHER_LANGUAGES:
            return None
        path = path_in_language(request.path, preferred)
        if path == request.path:
            return None  # not a translated page (the beacon, a file): leave it
        query = request.META.get("QUERY_STRING", "")
        return f"{path}?{query}" if query else path
