from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from .preferences import display_preferences


def display_preferences_context(request) -> dict:
    current = request.get_full_path()
    return {
        "prefs": display_preferences(request),
        "support_email": settings.SUPPORT_EMAIL,
        "current_path": current,
        "language_links": [
            {
                "code": code,
                "name": name,
                "url": translate_url(current, code),
                "active": code == get_language(),
            }
            for code, name in settings.LANGUAGES
        ],
    }
