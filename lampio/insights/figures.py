"""Small numbers protect people: a count of fewer than five people is never shown, nor
anything computed from so few (an average, a share). Tables, charts and CSV files all take
their text from here, so the rule holds everywhere."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

SMALLEST_GROUP = 5
SUPPRESSED = "< 5"


@dataclass(frozen=True)
class Figure:
    """A number as reports show it. `value` is None when it is hidden."""

    value: float | None
    text: str

    def __str__(self) -> str:
        return self.text

    @property
    def hidden(self) -> bool:
        return self.value is None


def people(count: int) -> Figure:
    if 0 < count < SMALLEST_GROUP:
        return Figure(None, SUPPRESSED)
    return Figure(count, str(count))


def measured(value: float | None, *, among: int, digits: int = 1, unit: str = "") -> Figure:
    """A figure computed from `among` people: hidden when they are fewer than five."""
    if among < SMALLEST_GROUP:
        return Figure(None, SUPPRESSED if among else "–")
    if value is None:
        return Figure(None, "–")
    text = f"{value:.{digits}f}".replace(".", ",") if digits else str(round(value))
    return Figure(value, f"{text}{unit}")


def share(count: int, *, among: int) -> Figure:
    """A percentage of `among` people (both must be large enough to show)."""
    if among < SMALLEST_GROUP or 0 < count < SMALLEST_GROUP:
        return Figure(None, SUPPRESSED if among else "–")
    return Figure(100 * count / among, f"{round(100 * count / among)} %")


def plain(value) -> Figure:
    """A count that is not of people (minutes, euros): shown as it is."""
    return Figure(value, str(value))


NOT_KNOWN = _("Not told")
