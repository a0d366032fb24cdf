"""The coordinator's and admin's wing (/manage/): thin pages over accounts, programme and media."""

from django.urls import path

from . import academy_views, import_views, money_views, review_views, views

app_name = "manage"

urlpatterns = [
    path("", views.manage_home, name="home"),
    path("invite/", views.invite, name="invite"),
    path("producers/<slug:slug>/team/", views.producer_team, name="producer_team"),
    path("audit/", views.audit_log, name="audit"),
    path("review/", review_views.review_list, name="review_list"),
    path("review/<slug:slug>/", review_views.review, name="review"),
    path("captions-overdue/", views.captions_overdue, name="captions_overdue"),
    path("sponsorships/", money_views.sponsorships, name="sponsorships"),
    path("sponsorships/new/<slug:slug>/", money_views.sponsorship_new, name="sponsorship_new"),
    path("sponsorships/<int:pk>/end/", money_views.sponsorship_stop, name="sponsorship_end"),
    path("vouchers/", money_views.vouchers, name="vouchers"),
    path("vouchers/<int:pk>/", money_views.voucher_batch, name="voucher_batch"),
    path("vouchers/<int:pk>/sheet/", money_views.voucher_sheet, name="voucher_sheet"),
    path("vouchers/<int:pk>/codes.csv", money_views.voucher_csv, name="voucher_csv"),
    path("imports/", import_views.import_sources, name="import_sources"),
    path("imports/<slug:slug>/", import_views.import_source, name="import_source"),
    path("imports/<slug:slug>/run/", import_views.import_run, name="import_run"),
    path("academy/", academy_views.academy_rounds, name="academy_rounds"),
    path("academy/new/", academy_views.academy_round_edit, name="academy_round_new"),
    path("academy/articles/", academy_views.academy_articles, name="academy_articles"),
    path("academy/articles/new/", academy_views.academy_article, name="academy_article_new"),
    path("academy/articles/<slug:slug>/", academy_views.academy_article, name="academy_article"),
    path("academy/<slug:slug>/", academy_views.academy_round, name="academy_round"),
    path("academy/<slug:slug>/report/", academy_views.academy_report, name="academy_report"),
    path("academy/<slug:slug>/edit/", academy_views.academy_round_edit, name="academy_round_edit"),
    path(
        "academy/<slug:slug>/report/<slug:table>.csv",
        academy_views.academy_report_csv,
        name="academy_report_csv",
    ),
    path(
        "academy/<slug:slug>/applications/<int:pk>/",
        academy_views.academy_application,
        name="academy_application",
    ),
    path("academy/<slug:slug>/course/", academy_views.academy_course, name="academy_course"),
    path(
        "academy/<slug:slug>/course/sessions/<int:pk>/",
        academy_views.academy_session,
        name="academy_session",
    ),
    path(
        "academy/<slug:slug>/confirm/<slug:municipality>/",
        academy_views.academy_confirm,
        name="academy_confirm",
    ),
]
