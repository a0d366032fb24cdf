"""CSV downloads that spreadsheet programs open safely."""

import csv

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(cell) -> str:
    """Text that a spreadsheet would run as a formula (a title beginning with "=", also when
    the cell is an object such as an offering) is quoted; numbers stay as they are."""
    text = str(cell)
    if not isinstance(cell, int | float) and text[:1] in FORMULA_STARTS:
        return "'" + text
    return text


def csv_response(rows: list[list], filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # spreadsheet programs then read the letters ä and ö right
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])
    return response
