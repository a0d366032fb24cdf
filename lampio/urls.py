from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from lampio.api.api import api
from lampio.core import views as core_views
from lampio.feedback import views as feedback_views
from lampio.media import views as media_views
from lampio.tickets import views as tickets_views
from lampio.week.views import feed as week_feed

admin.site.site_header = _("Lämpiö administration")
admin.site.site_title = _("Lämpiö administration")
admin.site.index_title = _("Administration")
# The admin has no login of its own: staff log in like everyone else, through allauth, so the
# second factor (TOTP) and the failed-login limits apply; a visitor is sent there.
admin.site.login = secure_admin_login(admin.site.login)

handler403 = "lampio.core.views.permission_denied"
handler404 = "lampio.core.views.page_not_found"
handler500 = "lampio.core.views.server_error"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("beacon", feedback_views.beacon, name="beacon"),
    path("beacon/token", feedback_views.beacon_token, name="beacon_token"),
    # The feed has no language prefix: a calendar application subscribes to one address.
    path("calendar/<str:token>.ics", week_feed, name="week_feed"),
    # The open data API has no language prefix either: ?lang= or Accept-Language.
    path("api/v1/", api.urls),
    path(
        "payments/callback/<slug:provider>/",
        tickets_views.payment_callback,
        name="payment_callback",
    ),
]

urlpatterns += i18n_patterns(
    path("", include("lampio.programme.urls")),
    path("", include("lampio.media.urls")),
    path("", include("lampio.foyer.urls")),
    path("", include("lampio.core.urls")),
    path("", include("lampio.feedback.urls")),
    path("insights/", include("lampio.insights.urls")),
    path("academy/", include("lampio.academy.urls")),
    path("", include("lampio.tickets.urls")),
    path("", include("lampio.week.urls")),
    path("", include("lampio.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("manage/", include("lampio.manage.urls")),
    path("studio/", include("lampio.studio.urls")),
    path(settings.ADMIN_PATH, admin.site.urls),
    prefix_default_language=False,
)

# A paid offering's media, through a signed token (media/signing.py), with any storage.
urlpatterns += [
    re_path(
        r"^media/t/(?P<token>[\w:-]+)/(?P<path>.+)$",
        media_views.media_file_signed,
        name="media_signed",
    )
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(
            r"^media/(?P<path>.*)$",
            media_views.media_file,
            name="media",
        )
    ]
