from datetime import date

from django.urls import path, register_converter

from . import views


class IsoDateConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str):
        return date.fromisoformat(value)

    def to_url(self, value) -> str:
        return value.isoformat()


register_converter(IsoDateConverter, "isodate")

app_name = "programme"

urlpatterns = [
    path("", views.home, name="home"),
    path("programme/", views.catalogue, name="catalogue"),
    path("programme/<slug:slug>/", views.offering, name="offering"),
    path("programme/<slug:slug>/calendar.ics", views.offering_calendar, name="offering_ics"),
    path(
        "programme/<slug:slug>/calendar/<int:showing_id>.ics",
        views.offering_calendar,
        name="showing_ics",
    ),
    path("art-forms/", views.art_forms, name="art_forms"),
    path("embed/week/", views.embed_week, name="embed_week"),
    # Public calendar feeds to subscribe to (issue #17): phone calendars follow them.
    path("feeds/captions.ics", views.calendar_feed, {"kind": "captions"}, name="feed_captions"),
    path(
        "feeds/municipality/<slug:slug>.ics",
        views.calendar_feed,
        {"kind": "municipality"},
        name="feed_municipality",
    ),
    path(
        "feeds/art-form/<slug:slug>.ics",
        views.calendar_feed,
        {"kind": "art_form"},
        name="feed_art_form",
    ),
    path("day/", views.day, name="today"),
    path("day/<isodate:day>/", views.day, name="day"),
    path("producers/<slug:slug>/", views.producer, name="producer"),
]
