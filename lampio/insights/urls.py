from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("", views.home, name="home"),
    path("offerings/<slug:slug>/", views.offering_dashboard, name="offering"),
    path("offerings/<slug:slug>/<slug:table>.csv", views.offering_csv, name="offering_csv"),
    path("municipalities/<slug:slug>/", views.municipality_dashboard, name="municipality"),
    path(
        "municipalities/<slug:slug>/<slug:table>.csv",
        views.municipality_csv,
        name="municipality_csv",
    ),
    path("teosto.csv", views.teosto_csv, name="teosto"),
]
