from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lampio.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from allauth.account.signals import email_confirmed
        from django.contrib.auth.signals import user_logged_in

        from .signals import open_account_choice, send_welcome_email

        user_logged_in.connect(open_account_choice, dispatch_uid="lampio_open_account_choice")
        email_confirmed.connect(send_welcome_email, dispatch_uid="lampio_welcome_email")
