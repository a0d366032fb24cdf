from django.urls import path

from lampio.media import studio_views
from lampio.programme import review_views

from . import manage_views

app_name = "manage"

urlpatterns = [
    path("", manage_views.manage_home, name="home"),
    path("invite/", manage_views.invite, name="invite"),
    path("producers/<slug:slug>/team/", manage_views.producer_team, name="producer_team"),
    path("audit/", manage_views.audit_log, name="audit"),
    path("review/", review_views.review_list, name="review_list"),
    path("review/<slug:slug>/", review_views.review, name="review"),
    path("captions-overdue/", studio_views.captions_overdue, name="captions_overdue"),
]
