from django.urls import path

from . import upload_views, views

app_name = "media"

urlpatterns = [
    path("programme/<slug:slug>/watch/", views.watch, name="watch"),
    path("programme/showings/<int:pk>/status/", views.showing_status, name="showing_status"),
    path("studio/uploads/", upload_views.create, name="upload_create"),
    path("studio/uploads/<uuid:key>/", upload_views.upload, name="upload"),
]
