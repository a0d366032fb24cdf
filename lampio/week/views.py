"""Oma ohjelma: "Muistuta minua" on a showing, the person's programme with its reminder
settings, and their calendar feed at a secret address."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lampio.core.refusals import RefusedError
from lampio.foyer.services import group_table_take
from lampio.media.watching import BuyFirst, watch_page_context
from lampio.programme.calendar import showings_ics

from . import selectors
from .digest import add_link_read
from .forms import (
    GroupViewersForm,
    PhoneCodeForm,
    PhoneNumberForm,
    RememberForm,
    ReminderSettingsForm,
)
from .groups import group_plan_remove, group_plan_save, group_watched_report
from .phones import phone_number_remove, phone_number_start, phone_number_verify
from .printing import week_pdf
from .services import (
    calendar_feed_renew,
    calendar_feed_revoke,
    programme_add,
    programme_remove,
    reminder_settings_save,
    series_unfollow,
)
from .sms import number_for_people, text_messages_on


@login_required
@require_http_methods(["GET", "POST"])
def remember(request: HttpRequest, pk: int) -> HttpResponse:
    """One tap from the offering page adds the showing; a visitor comes here after logging
    in and confirms with one more."""
    showing = selectors.showing_to_remember(pk)
    if showing is None:
        raise Http404
    whose = request.acting_for or request.user
    form = RememberForm(
        request.POST if request.method == "POST" else None,
        helper=whose != request.user,
        series=selectors.is_series(showing.offering),
    )
    if request.method == "POST" and form.is_valid():
        try:
            programme_add(
                person=whose,
                showing=showing,
                actor=request.user,
                copy_to_helper=form.cleaned_data.get("copy_to_helper", False),
                every_week=form.cleaned_data.get("every_week", False),
            )
        except RefusedError as refusal:
            messages.error(request, refusal.message)
            return HttpResponseRedirect(showing.offering.get_absolute_url())
        messages.success(
            request, _("Added to your programme. You will be reminded before it starts.")
        )
        return HttpResponseRedirect(reverse("week:programme"))
    return render(
        request,
        "week/remember.html",
        {
            "showing": showing,
            "whose": whose,
            "form": form,
            "already": selectors.entry_of(whose, showing) is not None,
            "following": selectors.follows(whose, showing.offering),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def add_from_digest(request: HttpRequest, token: str) -> HttpResponse:
    """The weekly digest's "Muistuta minua": the signed link names the person and the
    showing, so no login is needed for this one thing; the page asks for one tap (a mail
    scanner opening the link adds nothing)."""
    found = add_link_read(token)
    person = selectors.active_person(found[0]) if found else None
    showing = selectors.showing_to_remember(found[1]) if found else None
    if person is None or showing is None:
        return render(request, "week/add.html", {"expired": True}, status=410)
    if request.method == "POST":
        try:
            programme_add(person=person, showing=showing, actor=person)
        except RefusedError as refusal:
            return render(
                request, "week/add.html", {"showing": showing, "refusal": refusal.message}
            )
        return render(request, "week/add.html", {"showing": showing, "added": True})
    return render(
        request,
        "week/add.html",
        {"showing": showing, "already": selectors.entry_of(person, showing) is not None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme(request: HttpRequest) -> HttpResponse:
    whose = request.acting_for or request.user
    choice = selectors.reminder_settings_of(whose)
    phone = selectors.phone_of(whose)
    settings_form = ReminderSettingsForm(
        request.POST if request.POST.get("form") == "settings" else None,
        initial={
            "day_before": choice.day_before,
            "soon_before": choice.soon_before,
            "by_text_message": choice.by_text_message,
            "weekly_digest": choice.weekly_digest,
        }
        if choice
        else None,
        phone_verified=bool(phone and phone.verified_at),
    )
    feed_url = ""
    if request.method == "POST":
        action = request.POST.get("form")
        if action == "settings" and settings_form.is_valid():
            reminder_settings_save(person=whose, **settings_form.cleaned_data)
            messages.success(request, _("Your reminder choices were saved."))
            return HttpResponseRedirect(reverse("week:programme"))
        if action == "remove":
            if programme_remove(person=whose, showing_id=_number(request.POST.get("showing"))):
                messages.success(request, _("Removed from your programme."))
            return HttpResponseRedirect(reverse("week:programme"))
        if action == "unfollow":
            if series_unfollow(person=whose, offering_id=_number(request.POST.get("offering"))):
                messages.success(request, _("No more weekly reminders of this series."))
            return HttpResponseRedirect(reverse("week:programme"))
        if action == "feed":
            token = calendar_feed_renew(person=whose)
            feed_url = request.build_absolute_uri(reverse("week_feed", args=[token]))
        if action == "feed_off":
            calendar_feed_revoke(person=whose)
            messages.success(request, _("The calendar address no longer works."))
            return HttpResponseRedirect(reverse("week:programme"))
    upcoming, past = selectors.programme_split(whose)
    return render(
        request,
        "week/programme.html",
        {
            "whose": whose,
            "upcoming": upcoming,
            "past": past,
            "settings_form": settings_form,
            "feed_url": feed_url,
            "series": selectors.series_of(whose),
            "phone": phone,
            "phone_shown": number_for_people(phone.number) if phone else "",
            "phone_form": PhoneNumberForm(),
            "code_form": PhoneCodeForm(),
            "text_messages_on": text_messages_on(),
        },
    )


@login_required
@require_http_methods(["POST"])
def phone(request: HttpRequest) -> HttpResponse:
    """The mobile number for text-message reminders: give it (a code is sent), confirm it
    with the code, or take it away."""
    whose = request.acting_for or request.user
    action = request.POST.get("form")
    try:
        if action == "number":
            form = PhoneNumberForm(request.POST)
            if not form.is_valid():
                raise RefusedError("week.not_a_mobile_number")
            phone_number_start(person=whose, text=form.cleaned_data["number"], request=request)
            messages.success(request, _("A code was sent to the number. Write it below."))
        elif action == "code":
            form = PhoneCodeForm(request.POST)
            phone_number_verify(person=whose, code=form.data.get("code", ""))
            messages.success(
                request, _("The number is confirmed. Reminders now come as text messages too.")
            )
        elif action == "remove":
            phone_number_remove(person=whose)
            messages.success(request, _("The number was removed."))
    except RefusedError as refusal:
        messages.error(request, refusal.message)
    return HttpResponseRedirect(reverse("week:programme") + "#phone-heading")


def _number(text) -> int:
    text = str(text or "")
    return int(text) if text.isdigit() and len(text) < 12 else 0


@never_cache
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The person's programme for a phone calendar to subscribe to (a secret address)."""
    person = selectors.feed_person(token)
    if person is None:
        raise Http404
    body = showings_ics(request, selectors.feed_showings(person), name=_("My Lämpiö programme"))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


def _host(request: HttpRequest):
    """The group host's unit; everyone else is told plainly this page is not for them."""
    host = selectors.group_host_of(request.user)
    if host is None:
        raise PermissionDenied
    return host


@login_required
@require_http_methods(["GET", "POST"])
def group_week(request: HttpRequest) -> HttpResponse:
    """A care-home group host's week: showings for groups, "we will watch this" with the
    number expected, and after a showing how many watched."""
    host = _host(request)
    form = GroupViewersForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        showing = selectors.group_showing(_number(request.POST.get("showing")))
        action = request.POST.get("form")
        if showing is None:
            raise Http404
        if action == "remove":
            group_plan_remove(host=host, showing=showing)
            return HttpResponseRedirect(reverse("week:group"))
        if form.is_valid():
            try:
                if action == "watched":
                    group_watched_report(
                        host=host, showing=showing, viewers=form.cleaned_data["viewers"]
                    )
                    messages.success(request, _("Thank you! The number was saved."))
                else:
                    group_plan_save(
                        host=host, showing=showing, expected_viewers=form.cleaned_data["viewers"]
                    )
                    messages.success(request, _("Saved: your group watches this."))
                return HttpResponseRedirect(reverse("week:group"))
            except RefusedError as refusal:
                messages.error(request, refusal.message)
        else:
            messages.error(request, _("Write how many people, from 2 to 500."))
    plans = selectors.group_plans_of(host)
    planned = {plan.showing_id for plan in plans}
    now = timezone.now()
    return render(
        request,
        "week/group.html",
        {
            "host": host,
            "week": [s for s in selectors.group_week(host) if s.pk not in planned],
            "coming": [p for p in plans if p.showing.ends_at >= now],
            "to_report": [p for p in plans if p.showing.starts_at <= now][-10:],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_tv(request: HttpRequest, pk: int) -> HttpResponse:
    """TV mode: the performance on the common room's big screen. The host starts it with
    one button (POST: the group takes its own table in the foyer, with the number of
    viewers); the page is the player, the applause and the announcements."""
    host = _host(request)
    plan = selectors.group_plan_of(host, pk)
    if plan is None or plan.showing.is_cancelled:
        raise Http404
    context = watch_page_context(
        plan.showing.offering,
        user=request.user,
        acting_for=getattr(request, "acting_for", None),
    )
    if isinstance(context, BuyFirst):
        return HttpResponseRedirect(context.url)
    if request.method == "POST":
        group_table_take(
            foyer=context["foyer"],
            user=request.user,
            place=host.place,
            viewers=plan.watched_viewers or plan.expected_viewers,
        )
        return HttpResponseRedirect(reverse("week:group_tv", args=[pk]))
    return render(request, "week/tv.html", {**context, "host": host, "group_plan": plan})


@login_required
def group_print(request: HttpRequest, as_pdf: bool = False) -> HttpResponse:
    """The group's chosen showings on one page for the notice board (A4; ?size=a3 for large
    print), in the unit's language: a page for the browser to print, or a PDF."""
    host = _host(request)
    now = timezone.now()
    showings = [p.showing for p in selectors.group_plans_of(host) if p.showing.ends_at >= now]
    language = host.user.language or "fi"
    with translation.override(language):
        heading = _("This week at %(place)s") % {"place": host.place}
    return _week_sheet(request, heading, showings[:14], language, as_pdf)


@login_required
def programme_print(request: HttpRequest, as_pdf: bool = False) -> HttpResponse:
    """The person's own coming programme as a plain page to print at home (or a PDF)."""
    whose = request.acting_for or request.user
    upcoming, _past = selectors.programme_split(whose)
    showings = [e.showing for e in upcoming if not e.showing.is_cancelled][:14]
    language = translation.get_language()
    return _week_sheet(request, _("My Lämpiö programme"), showings, language, as_pdf)


def _week_sheet(request, heading: str, showings: list, language: str, as_pdf: bool):
    large = request.GET.get("size") == "a3"
    if as_pdf:
        body = week_pdf(heading=heading, showings=showings, language=language, large=large)
        response = HttpResponse(body, content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="lampio-week.pdf"'
        return response
    with translation.override(language):
        return render(
            request,
            "week/group_print.html",
            {"heading": heading, "showings": showings, "large": large},
        )
