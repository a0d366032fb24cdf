"""The academy's public pages (the calls) and the applicant's own pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from lampio.accounts.scoping import Scope
from lampio.core.page_cache import public_page
from lampio.core.refusals import RefusedError
from lampio.foyer.selectors import foyer_context
from lampio.foyer.services import foyer_for_showing
from lampio.media.selectors import WatchPlan
from lampio.media.streams import audience_text, stream_audience_state, stream_health_refresh

from . import selectors
from .calendar import deadline_ics
from .certificates import certificate_lines, certificate_pdf
from .course import may_train, pilot_start
from .forms import ApplicationForm, SurveyForm
from .library import survey_answer, survey_open
from .models import Application
from .services import application_save, application_withdraw


@public_page
def academy_home(request: HttpRequest) -> HttpResponse:
    return render(request, "academy/home.html", {"rounds": selectors.rounds_listed()})


@public_page
def round_page(request: HttpRequest, slug: str) -> HttpResponse:
    training_round = selectors.round_detail(slug)
    if training_round is None:
        raise Http404
    now = timezone.now()
    return render(
        request,
        "academy/round.html",
        {
            "training_round": training_round,
            "is_open": training_round.is_open(now),
            "not_yet_open": now < training_round.applications_open_at,
        },
    )


def round_deadline_ics(request: HttpRequest, slug: str) -> HttpResponse:
    training_round = selectors.round_detail(slug)
    if training_round is None:
        raise Http404
    response = HttpResponse(
        deadline_ics(request, training_round), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{training_round.slug[:60]}.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    training_round = selectors.round_detail(slug)
    if training_round is None:
        raise Http404
    application = selectors.application_of(request.user, training_round)
    if application is not None and application.status != Application.Status.DRAFT:
        return HttpResponseRedirect(reverse("academy:application", args=[application.pk]))
    form = ApplicationForm(
        request.POST if request.method == "POST" else None,
        training_round=training_round,
        initial=ApplicationForm.initial_from(application),
    )
    if request.method == "POST" and form.is_valid():
        send = "send" in request.POST
        try:
            saved = application_save(
                training_round=training_round,
                applicant=request.user,
                data=form.application_in(),
                send=send,
            )
        except RefusedError as refusal:
            form.add_error(None, refusal.message)
        else:
            if send:
                messages.success(
                    request,
                    _("Your application was sent. A confirmation is on its way to %(email)s.")
                    % {"email": request.user.email},
                )
                return HttpResponseRedirect(reverse("academy:application", args=[saved.pk]))
            messages.success(request, _("Your draft was saved. You can send it later."))
            return HttpResponseRedirect(reverse("academy:apply", args=[training_round.slug]))
    return render(
        request,
        "academy/apply.html",
        {
            "training_round": training_round,
            "form": form,
            "application": application,
            "is_open": training_round.is_open(),
        },
    )


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "academy/my_applications.html",
        {"applications": selectors.applications_of(request.user)},
    )


def _own_application(request: HttpRequest, pk: int) -> Application:
    application = selectors.applications_of(request.user).filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own_application(request, pk)
    return render(
        request,
        "academy/application.html",
        {
            "application": application,
            "training_round": application.training_round,
            "answers": selectors.answers_of(application),
        },
    )


@login_required
@require_POST
def application_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own_application(request, pk)
    try:
        application_withdraw(application=application, actor=request.user)
    except RefusedError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Your application was withdrawn."))
    return HttpResponseRedirect(reverse("academy:application", args=[application.pk]))


def _course_round(request: HttpRequest, slug: str):
    """The round and the person's participation; 404 for anyone outside the course."""
    training_round = selectors.round_detail(slug)
    if training_round is None:
        raise Http404
    participation = selectors.participation_of(request.user, training_round)
    if participation is None and not may_train(request.user, training_round):
        raise Http404
    return training_round, participation


@login_required
def course(request: HttpRequest, slug: str) -> HttpResponse:
    training_round, participation = _course_round(request, slug)
    attended = set()
    pilots = []
    if participation is not None:
        attended = selectors.attended_session_ids(participation)
        pilots = selectors.pilots_of(participation)
    return render(
        request,
        "academy/course.html",
        {
            "training_round": training_round,
            "participation": participation,
            "sessions": selectors.course_sessions(training_round),
            "attended": attended,
            "pilots": pilots,
            "is_trainer": may_train(request.user, training_round),
            "survey_open": participation is not None and survey_open(participation),
        },
    )


@login_required
@require_POST
def pilot_start_view(request: HttpRequest, slug: str) -> HttpResponse:
    training_round, participation = _course_round(request, slug)
    if participation is None:
        raise Http404
    offering = pilot_start(application=participation, actor=request.user)
    messages.success(
        request,
        _("Your pilot is a draft in the studio. Give it a name, a description and a recording."),
    )
    return HttpResponseRedirect(reverse("studio:offering", args=[offering.slug]))


@login_required
def material_file(request: HttpRequest, pk: int) -> FileResponse:
    material = selectors.material_for(request.user, pk)
    if material is None or not material.file:
        raise Http404
    name = material.file.name.rsplit("/", 1)[-1]
    response = FileResponse(material.file.open("rb"), as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def material_text(request: HttpRequest, pk: int) -> HttpResponse:
    material = selectors.material_for(request.user, pk)
    if material is None or material.kind != "text":
        raise Http404
    return render(request, "academy/material.html", {"material": material})


@login_required
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.certificate_for(Scope.of(request.user), pk)
    if application is None:
        raise Http404
    return render(
        request,
        "academy/certificate.html",
        {"application": application, "lines": certificate_lines(application)},
    )


@login_required
def certificate_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.certificate_for(Scope.of(request.user), pk)
    if application is None:
        raise Http404
    response = HttpResponse(
        certificate_pdf(application, get_language()), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="lampio-{application.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, slug: str) -> HttpResponse:
    training_round, participation = _course_round(request, slug)
    if participation is None:
        raise Http404
    form = SurveyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            survey_answer(application=participation, actor=request.user, **form.cleaned_data)
        except RefusedError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Thank you for your answers."))
            return HttpResponseRedirect(reverse("academy:course", args=[training_round.slug]))
    return render(
        request,
        "academy/survey.html",
        {
            "training_round": training_round,
            "form": form,
            "is_open": survey_open(participation),
        },
    )


@never_cache
@login_required
def session_watch(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A session on the platform: the live broadcast and the cohort's own foyer, for the
    cohort and its trainers only (never cached: it is nobody else's page)."""
    training_round, _participation = _course_round(request, slug)
    session = selectors.course_sessions(training_round).filter(pk=pk).first()
    if session is None or session.showing_id is None:
        raise Http404
    showing = stream_health_refresh(session.showing)
    state = stream_audience_state(showing)
    return render(
        request,
        "media/watch.html",
        {
            "offering": showing.offering,
            "plan": WatchPlan(mode="live", showing=showing),
            "video": None,
            "source": showing.stream_url,
            "broadcast_state": state,
            "broadcast_text": audience_text(state, showing),
            "back_url": reverse("academy:course", args=[training_round.slug]),
            **foyer_context(foyer_for_showing(showing=showing)),
        },
    )
