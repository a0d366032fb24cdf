from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lampio.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        # allauth's authenticator model has no verbose name, so the admin would say
        # "Authenticators" in every language. Only the labels change: no migration follows.
        from allauth.mfa.models import Authenticator

        Authenticator._meta.verbose_name = _("two-factor method")
        Authenticator._meta.verbose_name_plural = _("two-factor methods")

        from django.contrib.auth.signals import user_logged_out

        from . import personal_pages

        user_logged_out.connect(
            lambda sender, request, **kwargs: personal_pages.forget(
                getattr(getattr(request, "session", None), "session_key", None) or ""
            ),
            weak=False,
            dispatch_uid="lampio_personal_pages_logged_out",
        )
