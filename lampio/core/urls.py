from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("help/", views.help_page, name="help"),
    path("help/thanks/", views.help_thanks, name="help_thanks"),
    path("help/sound-and-picture/", views.help_playback, name="help_playback"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("preferences/", views.set_preference, name="preferences"),
]
