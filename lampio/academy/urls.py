from django.urls import path

from . import views

app_name = "academy"

urlpatterns = [
    path("", views.academy_home, name="home"),
    path("applications/", views.my_applications, name="my_applications"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path(
        "applications/<int:pk>/withdraw/",
        views.application_withdraw_view,
        name="application_withdraw",
    ),
    path("materials/<int:pk>/file/", views.material_file, name="material_file"),
    path("materials/<int:pk>/", views.material_text, name="material_text"),
    path("certificates/<int:pk>/", views.certificate, name="certificate"),
    path(
        "certificates/<int:pk>/certificate.pdf", views.certificate_pdf_view, name="certificate_pdf"
    ),
    path("<slug:slug>/", views.round_page, name="round"),
    path("<slug:slug>/course/", views.course, name="course"),
    path("<slug:slug>/course/pilot/", views.pilot_start_view, name="pilot_start"),
    path("<slug:slug>/course/survey/", views.survey, name="survey"),
    path(
        "<slug:slug>/course/sessions/<int:pk>/watch/",
        views.session_watch,
        name="session_watch",
    ),
    path("<slug:slug>/deadline.ics", views.round_deadline_ics, name="round_ics"),
    path("<slug:slug>/apply/", views.apply, name="apply"),
]
