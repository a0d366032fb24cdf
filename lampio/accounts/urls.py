from django.urls import path

from . import manage_views, views

app_name = "accounts"

urlpatterns = [
    path("accounts/me/", views.profile, name="profile"),
    path("accounts/me/data.json", views.my_data, name="my_data"),
    path("accounts/me/delete/", views.delete_account, name="delete"),
    path("accounts/me/logout-everywhere/", views.logout_everywhere, name="logout_everywhere"),
    path("accounts/link/<str:token>/", views.login_link, name="login_link"),
    path("accounts/invitation/<str:token>/", manage_views.invitation, name="invitation"),
    path("privacy/", views.privacy, name="privacy"),
]
