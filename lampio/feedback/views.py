from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.core import is_ratelimited

from lampio.accounts.selectors import is_group_host
from lampio.core.redirects import safe_next_url
from lampio.core.refusals import RefusedError, refusal_text

from .forms import FEELING, FeedbackForm
from .selectors import feedback_target, viewing_target, watched_by
from .services import (
    FeedbackAnswer,
    feedback_rating_set,
    feedback_submit,
    mood_before_note,
    viewing_events_record,
)
from .telemetry import MAX_BATCH_BYTES, batch_parse, device_of
from .viewing_tokens import viewing_token_check, viewing_token_issue


def _same_origin(request: HttpRequest) -> bool:
    origin = request.headers.get("Origin")
    if origin:
        parts = urlsplit(origin)
        return parts.scheme == request.scheme and parts.netloc == request.get_host()
    return request.headers.get("Sec-Fetch-Site") == "same-origin"


def _over_limit(request: HttpRequest, group: str, key, rate: str) -> bool:
    return is_ratelimited(request, group=group, key=key, rate=rate, increment=True)


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


@never_cache
@require_GET
def beacon_token(request: HttpRequest) -> JsonResponse:
    """A viewing session for the player that asks (see viewing_tokens)."""
    if not _same_origin(request):
        return JsonResponse(
            {"error": _("Viewing data is accepted from Lämpiö's own pages only.")}, status=403
        )
    if _over_limit(request, "beacon-token", "ip", settings.VIEWING_TOKENS_PER_ADDRESS):
        return JsonResponse({"error": refusal_text("feedback.beacon_too_often")}, status=429)
    offering_id = _int_or_none(request.GET.get("offering"))
    showing_id = _int_or_none(request.GET.get("showing"))
    if offering_id is None or viewing_target(offering_id, showing_id) is None:
        return JsonResponse({"error": refusal_text("feedback.beacon_unknown_offering")}, status=404)
    viewing = viewing_token_issue(offering_id=offering_id, showing_id=showing_id)
    return JsonResponse({"session": viewing.session, "token": viewing.token})


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


# The beacon API cannot send a CSRF header. The endpoint only counts; it accepts nothing from
# another site (the browser's Origin header says where the page came from).
@csrf_exempt
@require_POST
def beacon(request: HttpRequest) -> JsonResponse:
    if not _same_origin(request):
        return JsonResponse(
            {"error": _("Viewing data is accepted from Lämpiö's own pages only.")}, status=403
        )
    now = timezone.now()
    try:
        if _declared_length(request) > MAX_BATCH_BYTES:
            raise RefusedError("feedback.beacon_too_large")  # before the body is read
        if _over_limit(request, "beacon", "ip", settings.BEACON_BATCHES_PER_ADDRESS):
            raise RefusedError("feedback.beacon_too_often")
        batch = batch_parse(request.body, now=now)
        viewing_token_check(
            token=batch.token,
            session=batch.session,
            offering_id=batch.offering,
            showing_id=batch.showing,
        )
        session_key = str(batch.session)
        if _over_limit(request, "beacon-session", lambda *_: session_key, "20/m"):
            raise RefusedError("feedback.beacon_too_often")
        result = viewing_events_record(
            batch=batch,
            user=request.user,
            device=device_of(request.headers.get("User-Agent", "")),
            now=now,
        )
    except RefusedError as refusal:
        status = {"feedback.beacon_too_large": 413, "feedback.beacon_too_often": 429}.get(
            refusal.code, 400
        )
        return JsonResponse({"error": refusal.message}, status=status)
    return JsonResponse({"stored": result.stored, "duplicates": result.duplicates}, status=202)


def _form_for(request, target, data=None):
    group_host = is_group_host(request.user)
    return FeedbackForm(
        data,
        questions=target.questions,
        group_host=group_host,
        initial=FeedbackForm.initial_from(target.feedback),
    )


@never_cache
@login_required
def feedback_card(request: HttpRequest, slug: str, showing_id: int | None = None):
    """The whole feedback card: works without JavaScript; answering again updates."""
    target = feedback_target(slug=slug, showing_id=showing_id, user=request.user)
    if target is None:
        raise Http404
    if request.method == "POST":
        if "quick" in request.POST:
            return _quick(request, target)
        form = _form_for(request, target, request.POST)
        if form.is_valid():
            feedback_submit(
                user=request.user,
                offering=target.offering,
                showing=target.showing,
                answer=FeedbackAnswer(
                    rating=form.cleaned_data["rating"],
                    watch_again=form.watch_again_value(),
                    mood_before=form.cleaned_data["mood_before"],
                    mood_after=form.cleaned_data["mood_after"],
                    comment=form.cleaned_data["comment"],
                    answers=form.answers(),
                    group_size=form.cleaned_data.get("group_size"),
                ),
            )
            messages.success(request, _("Thank you! Your feedback was saved."))
            return redirect("feedback:watched")
    else:
        form = _form_for(request, target)
    return render(request, "feedback/card.html", {"target": target, "form": form})


def _quick(request, target) -> HttpResponse:
    """One tap on a face: the rating is saved at once, the rest may follow."""
    try:
        rating = int(request.POST.get("rating", ""))
    except ValueError:
        rating = 0
    if rating not in range(1, 6):
        messages.error(request, _("Choose a face to tell how you liked it."))
        return redirect(target.url)
    feedback_rating_set(
        user=request.user, offering=target.offering, showing=target.showing, rating=rating
    )
    messages.success(request, _("Thank you! You may also answer the other questions."))
    return redirect(target.url)


@never_cache
def feedback_card_snippet(request: HttpRequest, slug: str, showing_id: int | None = None):
    """The card the watch page shows near the end (fetched; the page itself is cached)."""
    if not request.user.is_authenticated:
        return render(request, "feedback/_card_login.html", {"next": request.GET.get("next", "")})
    target = feedback_target(slug=slug, showing_id=showing_id, user=request.user)
    if target is None:
        raise Http404
    return render(request, "feedback/_card_quick.html", {"target": target})


@never_cache
def mood_before(request: HttpRequest, slug: str, showing_id: int | None = None):
    """ "How are you feeling now?" as the performance begins: the first half of the wellbeing
    signal. GET gives the question for the watch page (nothing for visitors who are not
    logged in); a tap saves the answer."""
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return HttpResponse(status=204)
    target = feedback_target(slug=slug, showing_id=showing_id, user=request.user, before_start=True)
    if target is None:
        raise Http404
    if request.method == "POST":
        try:
            mood = int(request.POST.get("mood", ""))
        except ValueError:
            mood = 0
        if mood in range(1, 6):
            mood_before_note(
                user=request.user, offering=target.offering, showing=target.showing, mood=mood
            )
        if request.headers.get("X-Lampio-Fetch"):
            return HttpResponse(status=204 if mood in range(1, 6) else 400)
        if mood in range(1, 6):
            messages.success(request, _("Thank you! Enjoy the performance."))
        else:
            messages.error(request, _("Choose one of the faces."))
        return redirect(
            safe_next_url(
                request, request.POST.get("next", ""), fallback=target.offering.get_absolute_url()
            )
        )
    if target.feedback is not None and target.feedback.mood_before is not None:
        return HttpResponse(status=204)
    return render(
        request,
        "feedback/_mood_quick.html",
        {"target": target, "next": request.GET.get("next", ""), "faces": FEELING},
    )


@never_cache
@login_required
def watched(request: HttpRequest) -> HttpResponse:
    return render(request, "feedback/watched.html", {"entries": watched_by(request.user)})
