from django.urls import path

from lampio.feedback import studio_views as feedback_studio
from lampio.programme import studio_views as programme_studio

from . import studio_views

app_name = "studio"

urlpatterns = [
    path("", studio_views.studio_home, name="home"),
    path("offerings/new/", programme_studio.offering_new, name="offering_new"),
    path("offerings/<slug:slug>/", programme_studio.offering_edit, name="offering"),
    path("offerings/<slug:slug>/send/", programme_studio.offering_send, name="offering_send"),
    path("offerings/<slug:slug>/images/new/", programme_studio.image_new, name="image_new"),
    path(
        "offerings/<slug:slug>/images/<int:pk>/delete/",
        programme_studio.image_delete,
        name="image_delete",
    ),
    path("offerings/<slug:slug>/showings/new/", programme_studio.showing_edit, name="showing_new"),
    path("offerings/<slug:slug>/showings/<int:pk>/", programme_studio.showing_edit, name="showing"),
    path("offerings/<slug:slug>/recording/", studio_views.recording, name="recording"),
    path(
        "offerings/<slug:slug>/feedback/",
        feedback_studio.feedback_questions,
        name="feedback_questions",
    ),
]
