from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from .preferences import display_preferences


def work_tools_context(request) -> dict:
    """Whether the header links to the work tools (asked lazily: most pages are anonymous)."""
    from lampio.accounts.selectors import has_work_tools

    user = getattr(request, "user", None)
    return {"work_tools": SimpleLazyObject(lambda: user is not None and has_work_tools(user))}


def display_preferences_context(request) -> dict:
    current = request.get_full_path()
    return {
        "prefs": display_preferences(request),
        "support_email": settings.SUPPORT_EMAIL,
        "support_phone": settings.SUPPORT_PHONE,
        "support_phone_link": "".join(
            ch for ch in settings.SUPPORT_PHONE if ch.isdigit() or ch == "+"
        ),
        "support_hours": settings.SUPPORT_HOURS,
        "current_path": current,
        "language_links": [
            _language_link(current, code, name) for code, name in settings.LANGUAGES
        ],
    }


def _language_link(current: str, code: str, name: str) -> dict:
    url = translate_url(current, code)
    return {
        "code": code,
        "name": name,
        "url": url,
        # The switch remembers the choice (cookie, profile) on its way to the page.
        "choose_url": reverse("accounts:language", kwargs={"code": code})
        + "?"
        + urlencode({"next": url}),
        "active": code == get_language(),
    }
