from django.urls import path

from . import views

app_name = "foyer"

urlpatterns = [
    path("foyer/<int:foyer_id>/video/", views.video_token_view, name="video_token"),
]
