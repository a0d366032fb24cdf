"""The producer's wing (/studio/): thin pages over programme, media and feedback."""

from django.urls import path

from . import (
    feedback_views,
    offering_views,
    practice_views,
    recording_views,
    ticket_views,
    upload_views,
)

app_name = "studio"

urlpatterns = [
    path("", recording_views.studio_home, name="home"),
    path("good-practice/", practice_views.practice_list, name="practice_list"),
    path("good-practice/<slug:slug>/", practice_views.practice_article, name="practice_article"),
    path("offerings/new/", offering_views.offering_new, name="offering_new"),
    path("offerings/<slug:slug>/", offering_views.offering_edit, name="offering"),
    path("offerings/<slug:slug>/send/", offering_views.offering_send, name="offering_send"),
    path("offerings/<slug:slug>/images/new/", offering_views.image_new, name="image_new"),
    path(
        "offerings/<slug:slug>/images/<int:pk>/delete/",
        offering_views.image_delete,
        name="image_delete",
    ),
    path("offerings/<slug:slug>/showings/new/", offering_views.showing_edit, name="showing_new"),
    path("offerings/<slug:slug>/showings/<int:pk>/", offering_views.showing_edit, name="showing"),
    path("offerings/<slug:slug>/recording/", recording_views.recording, name="recording"),
    path("offerings/<slug:slug>/tickets/", ticket_views.offering_tickets, name="offering_tickets"),
    path(
        "offerings/<slug:slug>/tickets/<int:pk>/refund/",
        ticket_views.ticket_refund_view,
        name="ticket_refund",
    ),
    path(
        "offerings/<slug:slug>/feedback/",
        feedback_views.feedback_questions,
        name="feedback_questions",
    ),
    path("money/<slug:slug>/", ticket_views.statement, name="statement"),
    path("money/<slug:slug>/statement.csv", ticket_views.statement_csv, name="statement_csv"),
    path("uploads/", upload_views.create, name="upload_create"),
    path("uploads/<uuid:key>/", upload_views.upload, name="upload"),
]
