"""Small numbers protect people: a count of fewer than five people is never shown, nor
anything computed from so few (an average, a share), nor anything that would give such a
number back by subtraction (see `partition`). Tables, charts and CSV files all take their
text from here, so the rule holds everywhere."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

SMALLEST_GROUP = 5
SUPPRESSED = "< 5"
# A number hidden only because it would give a small group away by subtraction.
HIDDEN = _("hidden")
# An average or a share of fewer than five people: "< 5" is the rule for counts, and would
# read as a value here.
TOO_FEW = _("too small a group")


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


def partition(counts: list[int]) -> list[Figure]:
    """Counts of people that add up to a total shown elsewhere (viewers by municipality, by
    age, by answer). Hiding only the small cells is not enough: the total minus the shown
    cells would give a lone hidden one back. So when anything is hidden, the smallest shown
    cells are hidden too, until at least two cells are hidden and together they hold at
    least SMALLEST_GROUP people (secondary suppression)."""
    small = {index for index, count in enumerate(counts) if 0 < count < SMALLEST_GROUP}
    hidden = set(small)
    if hidden:
        shown_smallest_first = sorted(
            (index for index in range(len(counts)) if index not in hidden),
            key=lambda index: counts[index],
        )
        for index in shown_smallest_first:
            enough = len(hidden) >= 2 and sum(counts[i] for i in hidden) >= SMALLEST_GROUP
            if enough:
                break
            hidden.add(index)
    return [
        Figure(None, SUPPRESSED)
        if index in small
        else Figure(None, str(HIDDEN))
        if index in hidden
        else people(count)
        for index, count in enumerate(counts)
    ]


def hidden_or(count: Figure, derived: Figure) -> Figure:
    """A figure derived from a count (its share) is hidden whenever the count is."""
    return Figure(None, str(TOO_FEW)) if count.hidden else derived


def measured(value: float | None, *, among: int, digits: int = 1, unit: str = "") -> Figure:
    """A figure computed from `among` people: hidden when they are fewer than five."""
    if among < SMALLEST_GROUP:
        return Figure(None, str(TOO_FEW) if among else "–")
    if value is None:
        return Figure(None, "–")
    text = f"{value:.{digits}f}".replace(".", ",") if digits else str(round(value))
    return Figure(value, f"{text}{unit}")


def share(count: int, *, among: int) -> Figure:
    """A percentage of `among` people (both must be large enough to show)."""
    if among < SMALLEST_GROUP or 0 < count < SMALLEST_GROUP:
        return Figure(None, str(TOO_FEW) if among else "–")
    return Figure(100 * count / among, f"{round(100 * count / among)} %")


def plain(value) -> Figure:
    """A count that is not of people (minutes, euros): shown as it is."""
    return Figure(value, str(value))


NOT_KNOWN = _("Not told")
