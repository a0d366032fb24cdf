"""Display preferences (text size, contrast) remembered in cookies, without logging in."""

from dataclasses import dataclass

from django.http import HttpRequest

TEXT_SIZE_COOKIE = "lampio_text"
CONTRAST_COOKIE = "lampio_contrast"
TEXT_SIZES = ("normal", "large", "xlarge")
CONTRASTS = ("normal", "high")
COOKIE_AGE = 60 * 60 * 24 * 365 * 2


@dataclass(frozen=True)
class DisplayPreferences:
    text_size: str = "normal"
    contrast: str = "normal"

    @property
    def html_classes(self) -> str:
        return f"text-{self.text_size} contrast-{self.contrast}"


def display_preferences(request: HttpRequest) -> DisplayPreferences:
    cached = getattr(request, "_display_preferences", None)
    if cached is not None:
        return cached
    text_size = request.COOKIES.get(TEXT_SIZE_COOKIE, "normal")
    contrast = request.COOKIES.get(CONTRAST_COOKIE, "normal")
    prefs = DisplayPreferences(
        text_size=text_size if text_size in TEXT_SIZES else "normal",
        contrast=contrast if contrast in CONTRASTS else "normal",
    )
    request._display_preferences = prefs
    return prefs
