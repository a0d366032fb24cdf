"""The coordinator's and admin's wing (/manage/): thin pages over accounts, programme and media."""

from django.urls import path

from . import review_views, views

app_name = "manage"

urlpatterns = [
    path("", views.manage_home, name="home"),
    path("invite/", views.invite, name="invite"),
    path("producers/<slug:slug>/team/", views.producer_team, name="producer_team"),
    path("audit/", views.audit_log, name="audit"),
    path("review/", review_views.review_list, name="review_list"),
    path("review/<slug:slug>/", review_views.review, name="review"),
    path("captions-overdue/", views.captions_overdue, name="captions_overdue"),
]
