from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods

from .forms import SiteFeedbackForm
from .page_cache import public_page
from .preferences import (
    CONTRAST_COOKIE,
    CONTRASTS,
    COOKIE_AGE,
    TEXT_SIZE_COOKIE,
    TEXT_SIZES,
)
from .rate_limits import mail_rate_check
from .redirects import safe_next_url
from .refusals import RefusedError
from .services import site_feedback_submit


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_http_methods(["GET", "POST"])
def help_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = SiteFeedbackForm(request.POST)
        if form.is_valid():
            try:
                mail_rate_check(request)
            except RefusedError as refusal:
                form.add_error(None, refusal.message)
            else:
                site_feedback_submit(language=get_language(), **form.cleaned_data)
                return HttpResponseRedirect(reverse("core:help_thanks"))
    else:
        referer_path = request.GET.get("from", "")
        form = SiteFeedbackForm(initial={"page_url": referer_path})
    return render(request, "core/help.html", {"form": form})


@public_page
def help_playback(request: HttpRequest) -> HttpResponse:
    """Self-help for the two commonest troubles, reachable from every player."""
    return render(request, "core/help_playback.html")


@public_page
def help_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "core/help_thanks.html")


@public_page
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@require_GET
def set_preference(request: HttpRequest) -> HttpResponse:
    """Remember text size or contrast in a cookie and go back to the page the person was on.

    A plain link (not a form) so that cached public pages need no CSRF token and the
    control works without JavaScript.
    """
    next_url = safe_next_url(
        request, request.GET.get("next", ""), fallback=reverse("programme:home")
    )
    response = HttpResponseRedirect(next_url)
    options = {
        "max_age": COOKIE_AGE,
        "samesite": "Lax",
        "secure": not settings.DEBUG,
        "httponly": False,  # the page's script updates it without a reload
    }
    text_size = request.GET.get("text")
    if text_size in TEXT_SIZES:
        response.set_cookie(TEXT_SIZE_COOKIE, text_size, **options)
    contrast = request.GET.get("contrast")
    if contrast in CONTRASTS:
        response.set_cookie(CONTRAST_COOKIE, contrast, **options)
    return response


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
