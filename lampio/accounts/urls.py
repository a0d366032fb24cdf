from django.urls import path

from . import helper_views, invitation_views, login_views, views

app_name = "accounts"

urlpatterns = [
    # allauth's own paths, answered here first (see login_views).
    path("accounts/login/", login_views.login_entry, name="login_entry"),
    path("accounts/login/code/", login_views.LoginCodeRequestView.as_view(), name="login_code"),
    path("accounts/login/code/confirm/", login_views.login_code_confirm, name="login_code_confirm"),
    path("language/<str:code>/", views.language_choose, name="language"),
    path("accounts/me/", views.profile, name="profile"),
    path("accounts/me/data.json", views.my_data, name="my_data"),
    path("accounts/me/delete/", views.delete_account, name="delete"),
    path("accounts/me/logout-everywhere/", views.logout_everywhere, name="logout_everywhere"),
    path("accounts/link/<str:token>/", views.login_link, name="login_link"),
    path("accounts/invitation/<str:token>/", invitation_views.invitation, name="invitation"),
    path("accounts/me/helpers/", helper_views.helpers_page, name="helpers"),
    path(
        "accounts/me/helpers/<int:relation_id>/remove/",
        helper_views.helper_remove,
        name="helper_remove",
    ),
    path("accounts/helper/<str:token>/", helper_views.helper_confirm, name="helper_confirm"),
    path("accounts/helping/new/", helper_views.helped_person_new, name="helped_person_new"),
    path("accounts/helping/<int:person_id>/act/", helper_views.acting_start, name="acting_start"),
    path("accounts/helping/stop/", helper_views.acting_stop, name="acting_stop"),
    path("accounts/who/", helper_views.choose_account, name="choose_account"),
    path("privacy/", views.privacy, name="privacy"),
]
