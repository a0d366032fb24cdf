"""Pages for people with a role: admins, coordinators and producers. Every view checks the
role on the server and reads only through the scoping layer."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lampio.programme.models import Producer

from .forms import ColleagueInvitationForm, InvitationForm
from .invitations import InvitationError, invitation_accept, invitation_find, invitation_send
from .models import Invitation, ProducerMembership
from .scoping import Scope

AUDIT_PAGE_SIZE = 50


def role_required(*roles: str):
    """Let in only people with one of the roles ("admin", "coordinator", "producer")."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            scope = Scope.of(request.user)
            allowed = {
                "admin": scope.is_platform_admin,
                "coordinator": scope.is_coordinator,
                "producer": scope.is_producer,
            }
            if not any(allowed[role] for role in roles):
                raise PermissionDenied
            request.access = scope
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


@role_required("admin", "coordinator", "producer")
def manage_home(request: HttpRequest) -> HttpResponse:
    scope = request.access
    return render(
        request,
        "accounts/manage/home.html",
        {
            "scope": scope,
            "municipalities": scope.municipalities() if scope.is_coordinator else [],
            "producers": scope.producers_editable() if scope.is_producer else [],
        },
    )


@role_required("admin")
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest) -> HttpResponse:
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        invitation_send(inviter=request.user, **form.cleaned_data)
        messages.success(request, _("The invitation was sent to %(email)s.") % form.cleaned_data)
        return HttpResponseRedirect(reverse("manage:invite"))
    return render(request, "accounts/manage/invite.html", {"form": form})


@role_required("admin", "producer")
@require_http_methods(["GET", "POST"])
def producer_team(request: HttpRequest, slug: str) -> HttpResponse:
    producer = request.access.producers_editable().filter(slug=slug).first()
    if producer is None:
        if Producer.objects.filter(slug=slug).exists():
            raise PermissionDenied
        raise Http404
    form = ColleagueInvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        invitation_send(
            inviter=request.user,
            email=form.cleaned_data["email"],
            role=Invitation.Role.PRODUCER,
            producer=producer,
        )
        messages.success(request, _("The invitation was sent to %(email)s.") % form.cleaned_data)
        return HttpResponseRedirect(reverse("manage:producer_team", kwargs={"slug": slug}))
    members = ProducerMembership.objects.filter(producer=producer).select_related("user")
    return render(
        request,
        "accounts/manage/producer_team.html",
        {"producer": producer, "members": members, "form": form},
    )


@role_required("admin", "coordinator")
def audit_log(request: HttpRequest) -> HttpResponse:
    events = request.access.audit_events().select_related("actor", "subject", "municipality")
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/manage/audit.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    found = invitation_find(token)
    if found is None:
        return render(request, "accounts/invitation_invalid.html", status=410)
    error = None
    if request.method == "POST":
        try:
            invitation_accept(token=token, user=request.user)
        except InvitationError as problem:
            error = str(problem)
        else:
            messages.success(request, _("Welcome! Your new role is ready."))
            return HttpResponseRedirect(reverse("manage:home"))
    return render(request, "accounts/invitation.html", {"invitation": found, "error": error})
