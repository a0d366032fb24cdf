"""The coordinator's and admin's wing: home, invitations, a producer's team, the audit log and
recordings whose captions are overdue. Every view checks the role on the server and reads only
through the scoping layer (`request.access`)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lampio.academy.selectors import rounds_trained
from lampio.accounts.forms import ColleagueInvitationForm, InvitationForm
from lampio.accounts.invitations import invitation_send
from lampio.accounts.models import Invitation
from lampio.accounts.permissions import role_required
from lampio.accounts.selectors import producer_members
from lampio.core.audit import AUDIT_AREAS, audit_events_search
from lampio.core.rate_limits import mail_rate_check
from lampio.core.refusals import RefusedError
from lampio.media.selectors import videos_captions_overdue
from lampio.programme.selectors import producer_exists

AUDIT_PAGE_SIZE = 50
# Targets whose description is a resident's private matter.
PRIVATE_TARGETS = ("accounts.helperrelation",)


@role_required("admin", "coordinator", "producer", "trainer")
def manage_home(request: HttpRequest) -> HttpResponse:
    scope = request.access
    return render(
        request,
        "manage/home.html",
        {
            "scope": scope,
            "trained_rounds": rounds_trained(scope) if scope.is_trainer else [],
            "municipalities": scope.municipalities() if scope.is_coordinator else [],
            "producers": scope.producers_editable() if scope.is_producer else [],
        },
    )


@role_required("admin")
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest) -> HttpResponse:
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            mail_rate_check(request)
        except RefusedError as refusal:
            form.add_error(None, refusal.message)
        else:
            invitation_send(inviter=request.user, **form.cleaned_data)
            messages.success(
                request, _("The invitation was sent to %(email)s.") % form.cleaned_data
            )
            return HttpResponseRedirect(reverse("manage:invite"))
    return render(request, "manage/invite.html", {"form": form})


@role_required("admin", "producer")
@require_http_methods(["GET", "POST"])
def producer_team(request: HttpRequest, slug: str) -> HttpResponse:
    producer = request.access.producers_editable().filter(slug=slug).first()
    if producer is None:
        if producer_exists(slug):
            raise PermissionDenied
        raise Http404
    form = ColleagueInvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            mail_rate_check(request)
        except RefusedError as refusal:
            form.add_error(None, refusal.message)
        else:
            invitation_send(
                inviter=request.user,
                email=form.cleaned_data["email"],
                role=Invitation.Role.PRODUCER,
                producer=producer,
            )
            messages.success(
                request, _("The invitation was sent to %(email)s.") % form.cleaned_data
            )
            return HttpResponseRedirect(reverse("manage:producer_team", kwargs={"slug": slug}))
    members = producer_members(producer)
    return render(
        request,
        "manage/producer_team.html",
        {"producer": producer, "members": members, "form": form},
    )


@role_required("admin", "coordinator")
def audit_log(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "")[:100]
    area = request.GET.get("area", "")
    events = audit_events_search(
        request.access.audit_events().select_related("actor", "subject", "municipality"),
        text=text,
        area=area,
    )
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "manage/audit.html",
        {
            "page": page,
            "q": text,
            "area": area,
            "areas": AUDIT_AREAS.items(),
            "filters": urlencode({"q": text, "area": area}),
            # A coordinator sees what was done in their municipality, not residents' private
            # details such as whom they named as a helper.
            "private_targets": () if request.access.is_platform_admin else PRIVATE_TARGETS,
        },
    )


@role_required("admin", "coordinator")
def captions_overdue(request: HttpRequest) -> HttpResponse:
    """Coordinators: recordings of live broadcasts in their municipalities past the 14 days."""
    videos = videos_captions_overdue(request.access.offerings_reviewable())
    return render(request, "manage/captions_overdue.html", {"videos": videos})
