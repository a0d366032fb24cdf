from django.urls import path

from . import views

app_name = "week"

urlpatterns = [
    path("my-programme/", views.programme, name="programme"),
    path("my-programme/remember/<int:pk>/", views.remember, name="remember"),
    path("group/", views.group_week, name="group"),
    path("group/print/", views.group_print, name="group_print"),
]
