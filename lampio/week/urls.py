from django.urls import path

from . import views

app_name = "week"

urlpatterns = [
    path("my-programme/", views.programme, name="programme"),
    path("my-programme/remember/<int:pk>/", views.remember, name="remember"),
    path("my-programme/phone/", views.phone, name="phone"),
    path("my-programme/add/<str:token>/", views.add_from_digest, name="add"),
    path("group/", views.group_week, name="group"),
    path("group/print/", views.group_print, name="group_print"),
    path("group/tv/<int:pk>/", views.group_tv, name="group_tv"),
    path("group/print.pdf", views.group_print, {"as_pdf": True}, name="group_print_pdf"),
    path("my-programme/print/", views.programme_print, name="programme_print"),
    path(
        "my-programme/print.pdf",
        views.programme_print,
        {"as_pdf": True},
        name="programme_print_pdf",
    ),
]
