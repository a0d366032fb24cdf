import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lampio.core.language import path_in_language
from lampio.core.page_cache import public_page
from lampio.core.redirects import safe_next_url
from lampio.core.refusals import RefusedError

from . import services
from .forms import ConsentForm, DeleteAccountForm, ProfileForm
from .helper_relations import accounts_reachable_with_code
from .links import login_link_find, login_link_use
from .selectors import email_addresses, user_data_export


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    # A helper acting for someone sees and changes that person's details.
    user = request.acting_for or request.user
    profile_form = ProfileForm(
        initial={
            "name": user.name,
            "display_name": user.display_name,
            "home_municipality": user.home_municipality,
            "language": user.language,
        }
    )
    consent_form = ConsentForm(
        initial={
            "analytics": bool(user.analytics_consent_at),
            "statistics": bool(user.statistics_consent_at),
        }
    )
    if request.method == "POST" and request.POST.get("form") == "profile":
        profile_form = ProfileForm(request.POST)
        if profile_form.is_valid():
            services.user_profile_update(user=user, actor=request.user, **profile_form.cleaned_data)
            messages.success(request, _("Your details were saved."))
            return HttpResponseRedirect(reverse("accounts:profile"))
    elif request.method == "POST" and request.POST.get("form") == "consents":
        consent_form = ConsentForm(request.POST)
        if consent_form.is_valid():
            services.user_consents_update(
                user=user, actor=request.user, **consent_form.cleaned_data
            )
            messages.success(request, _("Your choices were saved."))
            return HttpResponseRedirect(reverse("accounts:profile"))
    return render(
        request,
        "accounts/profile.html",
        {
            "profile_form": profile_form,
            "consent_form": consent_form,
            "emails": email_addresses(user),
            "subject": user,
        },
    )


@require_http_methods(["GET", "POST"])
def login_link(request: HttpRequest, token: str) -> HttpResponse:
    """The one-click link from the login email (see lampio.accounts.links)."""
    if request.method == "POST":
        link = login_link_use(token=token)
        if link is not None:
            user = link.user
            login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
            if accounts_reachable_with_code(user):
                return HttpResponseRedirect(reverse("accounts:choose_account"))
            messages.success(request, _("You are logged in. Welcome!"))
            return HttpResponseRedirect(link.next_path or reverse("accounts:profile"))
    elif login_link_find(token) is not None:
        return render(request, "accounts/login_link.html", {"token": token})
    return render(request, "accounts/login_link_expired.html", status=410)


@login_required
@require_POST
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    services.user_logout_everywhere(user=request.user)
    logout(request)
    messages.success(request, _("You are now logged out on all your devices."))
    return HttpResponseRedirect(reverse("programme:home"))


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    data = user_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="lampio-my-data.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        try:
            services.user_delete(user=user)
        except RefusedError as refusal:
            form.add_error(None, refusal.message)
        else:
            logout(request)
            messages.success(request, _("Your account and your personal data were deleted."))
            return HttpResponseRedirect(reverse("programme:home"))
    return render(request, "accounts/delete.html", {"form": form})


@public_page
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/privacy.html")


def language_choose(request: HttpRequest, code: str) -> HttpResponse:
    """The language switch: remember the choice (a cookie, and the profile when logged in)
    and go to the same page in that language."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    candidate = request.GET.get("next") or "/"
    next_url = safe_next_url(request, candidate, fallback="/")
    if request.user.is_authenticated:
        services.user_language_set(user=request.user, language=code)
    response = HttpResponseRedirect(path_in_language(next_url, code))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        samesite="Lax",
    )
    return response
