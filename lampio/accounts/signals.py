from django.utils import timezone

from .helpers import CHOOSE_ACCOUNT_SECONDS, CHOOSE_ACCOUNT_SESSION_KEY


def open_account_choice(sender, request, user, **kwargs) -> None:
    """Right after a login, a helper may continue as someone whose codes they receive."""
    if request is not None and hasattr(request, "session"):
        request.session[CHOOSE_ACCOUNT_SESSION_KEY] = (
            timezone.now().timestamp() + CHOOSE_ACCOUNT_SECONDS
        )
