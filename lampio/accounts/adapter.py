from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from lampio.core.tokens import username_new

from .links import login_link_create


class AccountAdapter(DefaultAccountAdapter):
    # Emails that log the person in with one click: the code email, and the answer to
    # signing up again with an address that already has an account (which would otherwise
    # be a dead end: the sign-up page waits for a code the email cannot hold).
    LINKED_MAILS = ("account/email/login_code", "account/email/account_already_exists")

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        address = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
        user = address.user if address is not None else None
        if (
            user is not None
            and template_prefix in self.LINKED_MAILS
            and not context.get("reauthentication")
        ):
            token = login_link_create(user=user)
            context["login_link"] = settings.SITE_URL + reverse(
                "accounts:login_link", kwargs={"token": token}
            )
        context.setdefault("site_url", settings.SITE_URL)
        # In the recipient's language when we know them, whatever the page was in.
        language = user.language if user is not None else translation.get_language()
        with translation.override(language):
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
