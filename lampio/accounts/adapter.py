from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.urls import reverse

from lampio.core.tokens import username_new

from .links import login_link_create


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        if template_prefix == "account/email/login_code" and not context.get("reauthentication"):
            address = EmailAddress.objects.filter(email__iexact=email).select_related("user")
            user = address.first().user if address.exists() else None
            if user is not None:
                token = login_link_create(user=user)
                context["login_link"] = settings.SITE_URL + reverse(
                    "accounts:login_link", kwargs={"token": token}
                )
        context.setdefault("site_url", settings.SITE_URL)
        super().send_mail(template_prefix, email, context)

    def get_login_redirect_url(self, request) -> str:
        # A helper whose address receives someone's codes chooses who is logging in.
        from .helper_relations import accounts_reachable_with_code

        if request.user.is_authenticated and accounts_reachable_with_code(request.user):
            return reverse("accounts:choose_account")
        return super().get_login_redirect_url(request)

    def populate_username(self, request, user) -> None:
        # The audience never sees or types a username; allauth still needs a unique one.
        from allauth.account.utils import user_username

        if not user_username(user):
            user_username(user, username_new())


def user_display(user) -> str:
    """How allauth names the person in its messages ("Logged in as …"): never the internal
    username."""
    return user.name_shown
