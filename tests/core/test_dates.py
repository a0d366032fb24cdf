from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from lampio.core.dates import format_day, format_weekday_heading, format_when

HELSINKI = ZoneInfo("Europe/Helsinki")
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=HELSINKI)  # a Tuesday


@pytest.mark.parametrize(
    ("language", "moment", "expected"),
    [
        ("fi", datetime(2026, 12, 3, 14, 0, tzinfo=HELSINKI), "torstaina 3.12. klo 14.00"),
        ("fi", datetime(2026, 12, 1, 9, 30, tzinfo=HELSINKI), "tänään klo 9.30"),
        ("fi", datetime(2026, 12, 2, 18, 0, tzinfo=HELSINKI), "huomenna klo 18.00"),
        ("sv", datetime(2026, 12, 3, 14, 0, tzinfo=HELSINKI), "torsdag 3.12 kl. 14.00"),
        ("sv", datetime(2026, 12, 1, 14, 0, tzinfo=HELSINKI), "i dag kl. 14.00"),
        ("en", datetime(2026, 12, 3, 14, 0, tzinfo=HELSINKI), "Thursday 3 December at 14:00"),
        ("en", datetime(2026, 12, 2, 14, 0, tzinfo=HELSINKI), "tomorrow at 14:00"),
    ],
)
def test_times_are_written_the_way_each_language_writes_them(language, moment, expected):
    with translation.override(language):
        assert format_when(moment, now=NOW) == expected


def test_utc_moments_are_shown_in_helsinki_time():
    moment = datetime(2026, 12, 3, 12, 0, tzinfo=ZoneInfo("UTC"))
    with translation.override("fi"):
        assert format_when(moment, now=NOW) == "torstaina 3.12. klo 14.00"


def test_day_headings_name_today_and_the_weekday():
    with translation.override("fi"):
        assert format_weekday_heading(date(2026, 12, 1), today=date(2026, 12, 1)) == (
            "Tänään, tiistai 1.12."
        )
        assert format_day(date(2026, 12, 6), today=date(2026, 12, 1)) == "sunnuntaina 6.12."
        assert format_weekday_heading(date(2026, 12, 6), today=date(2026, 12, 1)) == (
            "Sunnuntai 6.12."
        )
