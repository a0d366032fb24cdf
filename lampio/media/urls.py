from django.urls import path

from . import views

app_name = "media"

urlpatterns = [
    path("programme/<slug:slug>/watch/", views.watch, name="watch"),
    path("programme/showings/<int:pk>/status/", views.showing_status, name="showing_status"),
]
