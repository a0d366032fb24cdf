"""The academy's selection in the manage wing: coordinators read the applications that name
their municipalities, decide within their seats and confirm; admins see every municipality.
Every view checks the role on the server and reads through the scoping layer."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lampio.academy import selectors
from lampio.academy.course import (
    attendance_record,
    cohort,
    material_add,
    may_train,
    pilot_join,
    session_update,
)
from lampio.academy.forms import (
    ArticleForm,
    AssessmentForm,
    AttendanceForm,
    CourseSessionFormSet,
    MaterialForm,
    QuestionFormSet,
    RoundForm,
    SeatsFormSet,
    SessionForm,
)
from lampio.academy.library import article_save
from lampio.academy.models import TrainingRound
from lampio.academy.platform import attendance_from_foyer
from lampio.academy.report import round_report
from lampio.academy.services import application_assess, round_save, selection_confirm
from lampio.accounts.permissions import role_required
from lampio.core.csv_files import csv_response
from lampio.core.refusals import RefusedError
from lampio.insights.charts import chart_for


def _municipality_ids(scope):
    return None if scope.is_platform_admin else scope.coordinated_municipality_ids


def _round(slug: str) -> TrainingRound:
    training_round = selectors.round_detail(slug)
    if training_round is None:
        raise Http404
    return training_round


@role_required("admin", "coordinator")
def academy_rounds(request: HttpRequest) -> HttpResponse:
    scope = request.access
    rounds = [
        (training_round, selectors.seats_use(training_round, _municipality_ids(scope)))
        for training_round in selectors.rounds_all()
    ]
    return render(request, "manage/academy/rounds.html", {"rounds": rounds, "scope": scope})


@role_required("admin", "coordinator")
def academy_round(request: HttpRequest, slug: str) -> HttpResponse:
    scope = request.access
    training_round = _round(slug)
    seats = selectors.seats_use(training_round, _municipality_ids(scope))
    chosen = next(
        (s.municipality for s in seats if s.municipality.slug == request.GET.get("m")), None
    )
    applications = selectors.applications_for_selection(scope, training_round, chosen)
    return render(
        request,
        "manage/academy/round.html",
        {
            "training_round": training_round,
            "seats": seats,
            "chosen": chosen,
            "applications": applications,
            "selecting": training_round.is_selecting(timezone.now())
            and timezone.now() < training_round.selection_closes_at,
        },
    )


@role_required("admin", "coordinator")
@require_http_methods(["GET", "POST"])
def academy_application(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    scope = request.access
    training_round = _round(slug)
    application = selectors.applications_for_selection(scope, training_round).filter(pk=pk).first()
    if application is None:
        raise Http404
    deciding_for = [
        m
        for m in application.municipalities.all()
        if scope.is_platform_admin or m.pk in scope.coordinated_municipality_ids
    ]
    form = AssessmentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        municipality = next(
            (m for m in deciding_for if str(m.pk) == request.POST.get("municipality")), None
        )
        if municipality is None:
            raise Http404
        try:
            application_assess(
                application=application,
                municipality=municipality,
                mark=form.cleaned_data["mark"],
                score=form.cleaned_data["score"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except RefusedError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The decision was saved."))
            return HttpResponseRedirect(
                reverse("manage:academy_application", args=[training_round.slug, application.pk])
            )
    return render(
        request,
        "manage/academy/application.html",
        {
            "training_round": training_round,
            "application": application,
            "answers": selectors.answers_of(application),
            "assessments": selectors.assessments_visible(scope, application),
            "deciding_for": deciding_for,
            "form": form,
        },
    )


@role_required("admin", "coordinator")
@require_POST
def academy_confirm(request: HttpRequest, slug: str, municipality: str) -> HttpResponse:
    scope = request.access
    training_round = _round(slug)
    seats = selectors.seats_use(training_round, _municipality_ids(scope))
    chosen = next((s.municipality for s in seats if s.municipality.slug == municipality), None)
    if chosen is None:
        raise Http404
    try:
        selection_confirm(training_round=training_round, municipality=chosen, actor=request.user)
    except RefusedError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("The selection of %(municipality)s is confirmed.") % {"municipality": chosen.name},
        )
    return HttpResponseRedirect(reverse("manage:academy_round", args=[training_round.slug]))


def _trained_round(request: HttpRequest, slug: str) -> TrainingRound:
    training_round = _round(slug)
    if not may_train(request.user, training_round):
        raise Http404
    return training_round


@role_required("admin", "trainer")
@require_http_methods(["GET", "POST"])
def academy_course(request: HttpRequest, slug: str) -> HttpResponse:
    training_round = _trained_round(request, slug)
    participants = list(cohort(training_round).prefetch_related("pilot_offerings"))
    pilots = {pilot.pk: pilot for p in participants for pilot in p.pilot_offerings.all()}
    if request.method == "POST":
        joining = next(
            (p for p in participants if str(p.pk) == request.POST.get("participant")), None
        )
        pilot = (
            pilots.get(int(request.POST["pilot"]))
            if request.POST.get("pilot", "").isdigit()
            else None
        )
        if joining is None or pilot is None:
            messages.error(request, _("Choose a participant and a pilot."))
        else:
            try:
                pilot_join(application=joining, offering=pilot, actor=request.user)
            except RefusedError as refusal:
                messages.error(request, refusal.message)
            else:
                messages.success(
                    request,
                    _("%(name)s now makes the pilot %(pilot)s too.")
                    % {"name": joining.applicant.name, "pilot": pilot.title},
                )
        return HttpResponseRedirect(reverse("manage:academy_course", args=[training_round.slug]))
    return render(
        request,
        "manage/academy/course.html",
        {
            "training_round": training_round,
            "participants": participants,
            "pilots": list(pilots.values()),
            "sessions": selectors.course_sessions(training_round),
        },
    )


@role_required("admin", "trainer")
@require_http_methods(["GET", "POST"])
def academy_session(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    training_round = _trained_round(request, slug)
    session = selectors.course_sessions(training_round).filter(pk=pk).first()
    if session is None:
        raise Http404
    participants = cohort(training_round)
    posted = request.POST.get("form") if request.method == "POST" else None
    attendance_form = AttendanceForm(
        request.POST if posted == "attendance" else None,
        participants=participants,
        initial={"present": selectors.present_at(session)},
    )
    material_form = MaterialForm(
        request.POST if posted == "material" else None,
        request.FILES if posted == "material" else None,
    )
    session_form = SessionForm(request.POST if posted == "session" else None, instance=session)
    done = None
    try:
        if posted == "attendance" and attendance_form.is_valid():
            present = attendance_record(
                session=session,
                present_ids={a.pk for a in attendance_form.cleaned_data["present"]},
                actor=request.user,
            )
            done = _("Attendance saved: %(count)s present.") % {"count": present}
        elif posted == "material" and material_form.is_valid():
            data = material_form.cleaned_data
            material_add(
                session=session,
                actor=request.user,
                title=data["title"],
                kind=data["kind"],
                url=data.get("url") or "",
                file=data.get("file"),
                text=data.get("text") or "",
            )
            done = _("The material was added.")
        elif posted == "foyer":
            present = attendance_from_foyer(session=session)
            done = _("Attendance read from the foyer: %(count)s present.") % {"count": present}
        elif posted == "session" and session_form.is_valid():
            session_update(session=session, form=session_form, actor=request.user)
            done = _("The session was saved.")
    except RefusedError as refusal:
        messages.error(request, refusal.message)
    if done:
        messages.success(request, done)
        return HttpResponseRedirect(
            reverse("manage:academy_session", args=[training_round.slug, session.pk])
        )
    return render(
        request,
        "manage/academy/session.html",
        {
            "training_round": training_round,
            "session": session,
            "attendance_form": attendance_form,
            "material_form": material_form,
            "session_form": session_form,
        },
    )


@role_required("admin")
def academy_report(request: HttpRequest, slug: str) -> HttpResponse:
    training_round = _round(slug)
    report = round_report(training_round)
    return render(
        request,
        "manage/academy/report.html",
        {
            "training_round": training_round,
            "report": report,
            "tables": [(table, chart_for(table)) for table in report.tables],
        },
    )


@role_required("admin")
def academy_report_csv(request: HttpRequest, slug: str, table: str) -> HttpResponse:
    training_round = _round(slug)
    found = round_report(training_round).table(table)
    if found is None:
        raise Http404
    return csv_response([found.columns, *found.rows], f"{training_round.slug}-{table}.csv")


@role_required("admin", "trainer")
def academy_articles(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "manage/academy/articles.html",
        {"articles": selectors.articles_editable(request.access)},
    )


@role_required("admin", "trainer")
@require_http_methods(["GET", "POST"])
def academy_article(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    article = None
    if slug is not None:
        article = selectors.articles_editable(request.access).filter(slug=slug).first()
        if article is None:
            raise Http404
    form = ArticleForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        instance=article,
        pilots=selectors.pilots_published(),
    )
    if request.method == "POST" and form.is_valid():
        publish = "publish" in request.POST
        try:
            saved = article_save(form=form, actor=request.user, publish=publish)
        except RefusedError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _("The article is published for every producer.")
                if publish
                else _("The article was saved as a draft."),
            )
            return HttpResponseRedirect(reverse("manage:academy_article", args=[saved.slug]))
    return render(request, "manage/academy/article_form.html", {"form": form, "article": article})


@role_required("admin")
@require_http_methods(["GET", "POST"])
def academy_round_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    training_round = _round(slug) if slug else TrainingRound()
    data = request.POST if request.method == "POST" else None
    form = RoundForm(data, instance=training_round)
    formsets = [
        SeatsFormSet(data, instance=training_round, prefix="seats"),
        QuestionFormSet(data, instance=training_round, prefix="questions"),
        CourseSessionFormSet(data, instance=training_round, prefix="sessions"),
    ]
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in formsets):
        try:
            saved = round_save(form=form, formsets=formsets, actor=request.user)
        except RefusedError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The training round was saved."))
            return HttpResponseRedirect(reverse("manage:academy_round", args=[saved.slug]))
    return render(
        request,
        "manage/academy/round_form.html",
        {
            "training_round": training_round if slug else None,
            "form": form,
            "seats_formset": formsets[0],
            "questions_formset": formsets[1],
            "sessions_formset": formsets[2],
        },
    )
