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
    path("<slug:slug>/", views.round_page, name="round"),
    path("<slug:slug>/deadline.ics", views.round_deadline_ics, name="round_ics"),
    path("<slug:slug>/apply/", views.apply, name="apply"),
]
