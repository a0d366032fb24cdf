from django.urls import path

from . import studio_views

app_name = "studio"

urlpatterns = [
    path("", studio_views.studio_home, name="home"),
    path("offerings/<slug:slug>/recording/", studio_views.recording, name="recording"),
]
