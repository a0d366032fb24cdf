"""Lämpiö's entrance around allauth's login-by-code views: the audience never meets a
password form, a code that ran out is explained with a new code one tap away, and the tries
left are said before the last one. The paths are allauth's own, answered here first."""

from urllib.parse import urlencode

from allauth.account.internal.flows.login_by_code import LoginCodeVerificationProcess
from allauth.account.stages import LoginByCodeStage, LoginStageController
from allauth.account.views import ConfirmLoginCodeView, LoginView, RequestLoginCodeView
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lampio.core.redirects import safe_next_url

# The address the last code was sent to in this browser, to offer a new code in one tap.
CODE_EMAIL_SESSION_KEY = "lampio_code_email"


def _with_next(url: str, request: HttpRequest) -> str:
    candidate = request.GET.get("next") or request.POST.get("next") or ""
    next_url = safe_next_url(request, candidate, fallback="") if candidate else ""
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def login_entry(request: HttpRequest) -> HttpResponse:
    """`/accounts/login/`: allauth sends people here from many places. The audience logs in
    with a code; only staff (`?staff=1`, or on their way to the admin) get the password form,
    whose POST also arrives here."""
    next_url = request.GET.get("next", "")
    to_admin = next_url.startswith(f"/{settings.ADMIN_PATH}")
    if request.method == "POST" or "staff" in request.GET or to_admin:
        return LoginView.as_view()(request)
    return HttpResponseRedirect(_with_next(reverse("account_request_login_code"), request))


class LoginCodeRequestView(RequestLoginCodeView):
    def get_initial(self) -> dict:
        initial = super().get_initial()
        email = self.request.session.get(CODE_EMAIL_SESSION_KEY)
        if email:
            initial["email"] = email
        return initial

    def form_valid(self, form) -> HttpResponse:
        self.request.session[CODE_EMAIL_SESSION_KEY] = form.cleaned_data.get("email", "")
        return super().form_valid(form)


class LoginCodeConfirmView(ConfirmLoginCodeView):
    def form_invalid(self, form) -> HttpResponse:
        """A wrong code: say so and how many tries are left, on the page got again (a POST
        answered with a page would make the browser's Back ask to resend the form)."""
        response = super().form_invalid(form)
        failed = self._process.state.get("failed_attempts", 0)
        left = self._process.max_attempts - failed
        if response.status_code == 200 and left > 0:
            wrong = " ".join(str(error) for error in form.errors.get("code", []))
            tries = ngettext(
                "You can try once more. Then ask for a new code.",
                "You can try %(count)d more times.",
                left,
            ) % {"count": left}
            messages.error(self.request, f"{wrong} {tries}".strip())
            return HttpResponseRedirect(self.request.get_full_path())
        return response


def _code_is_waiting(request: HttpRequest) -> bool:
    stage = LoginStageController.enter(request, LoginByCodeStage.key)
    return stage is not None and LoginCodeVerificationProcess.resume(stage) is not None


def login_code_confirm(request: HttpRequest) -> HttpResponse:
    """A page left open past the code's 15 minutes: say so, and offer a new code for the
    same address with one tap (the request page is filled in)."""
    if not _code_is_waiting(request):
        if request.session.get(CODE_EMAIL_SESSION_KEY):
            messages.warning(
                request,
                _("The code is no longer valid: codes work for 15 minutes. Press the button "
                  "and we send you a new one."),
            )  # fmt: skip
        return HttpResponseRedirect(_with_next(reverse("account_request_login_code"), request))
    return LoginCodeConfirmView.as_view()(request)
