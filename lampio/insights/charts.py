"""Server-drawn SVG charts: the geometry of a table's last column. Each chart sits next to its
table, which carries the same numbers for screen readers and for copying."""

from dataclasses import dataclass

from .figures import Figure
from .reports import Table

WIDTH = 640
BAR_HEIGHT = 28
LABEL_WIDTH = 220
LINE_HEIGHT = 220


@dataclass(frozen=True)
class Bar:
    y: int
    label: str
    width: int
    text: str
    text_x: int


def _value(cell) -> float | None:
    if isinstance(cell, Figure):
        return cell.value
    return cell if isinstance(cell, int | float) else None


def chart_for(table: Table) -> dict | None:
    if not table.chart or not table.rows:
        return None
    values = [_value(row[-1]) for row in table.rows]
    largest = max((v for v in values if v is not None), default=0) or 1
    if table.chart == "line":
        return _line(table, values, largest)
    span = WIDTH - LABEL_WIDTH - 60
    bars = []
    for index, (row, value) in enumerate(zip(table.rows, values, strict=True)):
        width = round(span * value / largest) if value else 0
        bars.append(
            Bar(
                y=index * (BAR_HEIGHT + 8),
                label=str(row[0])[:28],
                width=width,
                text=str(row[-1]),
                text_x=LABEL_WIDTH + width + 6,
            )
        )
    return {
        "kind": "bars",
        "width": WIDTH,
        "height": len(bars) * (BAR_HEIGHT + 8),
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "bars": bars,
    }


def _line(table: Table, values, largest) -> dict:
    count = len(values)
    step = (WIDTH - 60) / max(count - 1, 1)
    points = []
    for index, value in enumerate(values):
        if value is None:
            continue  # a hidden small number has no value to draw; the line joins its neighbours
        x = 40 + index * step
        y = LINE_HEIGHT - 20 - (LINE_HEIGHT - 40) * value / largest
        points.append(f"{x:.1f},{y:.1f}")
    return {
        "kind": "line",
        "width": WIDTH,
        "height": LINE_HEIGHT,
        "points": " ".join(points),
        "largest": Figure(largest, str(round(largest))),
        "first": str(table.rows[0][0]),
        "last": str(table.rows[-1][0]),
    }
