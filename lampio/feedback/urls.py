from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("programme/<slug:slug>/feedback/", views.feedback_card, name="card"),
    path(
        "programme/<slug:slug>/showings/<int:showing_id>/feedback/",
        views.feedback_card,
        name="showing_card",
    ),
    path("programme/<slug:slug>/feedback/card/", views.feedback_card_snippet, name="snippet"),
    path(
        "programme/<slug:slug>/showings/<int:showing_id>/feedback/card/",
        views.feedback_card_snippet,
        name="showing_snippet",
    ),
    path("programme/<slug:slug>/feedback/mood/", views.mood_before, name="mood"),
    path(
        "programme/<slug:slug>/showings/<int:showing_id>/feedback/mood/",
        views.mood_before,
        name="showing_mood",
    ),
    path("accounts/me/watched/", views.watched, name="watched"),
]
