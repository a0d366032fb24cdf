"""Pages for personal helpers and the people they help."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lampio.core.rate_limits import mail_rate_check
from lampio.core.refusals import RefusedError

from . import helper_relations
from .forms import HelpedPersonForm, HelperInviteForm
from .selectors import helper_relation_of, helpers_of, people_helped_by


@login_required
@require_http_methods(["GET", "POST"])
def helpers_page(request: HttpRequest) -> HttpResponse:
    form = HelperInviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            mail_rate_check(request)
            helper_relations.helper_invite(person=request.user, email=form.cleaned_data["email"])
        except RefusedError as refusal:
            form.add_error("email", refusal.message)
        else:
            messages.success(
                request, _("We sent your helper a request. They must accept it by email.")
            )
            return HttpResponseRedirect(reverse("accounts:helpers"))
    return render(
        request,
        "accounts/helpers.html",
        {
            "form": form,
            "my_helpers": helpers_of(request.user),
            "people_i_help": people_helped_by(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def helper_remove(request: HttpRequest, relation_id: int) -> HttpResponse:
    """Ending a helper relation asks first: the page says what will change."""
    relation = helper_relation_of(request.user, relation_id)
    if relation is None:
        raise Http404
    i_am_the_helper = relation.helper_id == request.user.pk
    if request.method == "POST":
        try:
            helper_relations.helper_remove(relation=relation, by=request.user)
        except RefusedError as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                _("You no longer help this person.") if i_am_the_helper
                else _("The helper was removed."),
            )  # fmt: skip
        return HttpResponseRedirect(reverse("accounts:helpers"))
    return render(
        request,
        "accounts/helper_remove.html",
        {"relation": relation, "i_am_the_helper": i_am_the_helper},
    )


@login_required
@require_http_methods(["GET", "POST"])
def helper_confirm(request: HttpRequest, token: str) -> HttpResponse:
    relation = helper_relations.helper_relation_pending(token)
    if relation is None:
        return render(request, "accounts/helper_request_invalid.html", status=410)
    error = None
    if request.method == "POST":
        try:
            helper_relations.helper_confirm(token=token, helper=request.user)
        except RefusedError as refusal:
            error = refusal.message
        else:
            messages.success(
                request,
                _("You are now %(name)s's helper.") % {"name": relation.person.display_name},
            )
            return HttpResponseRedirect(reverse("accounts:helpers"))
    return render(request, "accounts/helper_confirm.html", {"relation": relation, "error": error})


@login_required
@require_http_methods(["GET", "POST"])
def helped_person_new(request: HttpRequest) -> HttpResponse:
    form = HelpedPersonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        person = helper_relations.helper_person_create(helper=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("The account of %(name)s is ready. Their login codes come to your email.")
            % {"name": person.display_name},
        )
        return HttpResponseRedirect(reverse("accounts:helpers"))
    return render(request, "accounts/helped_person_new.html", {"form": form})


@login_required
@require_POST
def acting_start(request: HttpRequest, person_id: int) -> HttpResponse:
    try:
        helper_relations.acting_start(
            helper=request.user, session=request.session, person_id=person_id
        )
    except RefusedError as refusal:
        messages.error(request, refusal.message)
        return HttpResponseRedirect(reverse("accounts:helpers"))
    # The banner on every page says it from now on; no separate notice.
    return HttpResponseRedirect(reverse("accounts:profile"))


@login_required
@require_POST
def acting_stop(request: HttpRequest) -> HttpResponse:
    helper_relations.acting_stop(helper=request.user, session=request.session)
    messages.success(request, _("You are acting for yourself again."))
    return HttpResponseRedirect(reverse("accounts:helpers"))


@login_required
@require_http_methods(["GET", "POST"])
def choose_account(request: HttpRequest) -> HttpResponse:
    """After a helper's code was used: who is logging in, the helper or someone they help?"""
    people = helper_relations.accounts_reachable_with_code(request.user)
    if request.method == "POST":
        choice = request.POST.get("person", "")
        if choice == "self" or not people:
            return HttpResponseRedirect(reverse("accounts:profile"))
        try:
            person = helper_relations.login_as_helped_person(
                helper=request.user, session=request.session, person_id=choice
            )
        except RefusedError as refusal:
            messages.error(request, refusal.message)
            return HttpResponseRedirect(reverse("account_request_login_code"))
        login(request, person, backend="allauth.account.auth_backends.AuthenticationBackend")
        messages.success(request, _("You are logged in. Welcome!"))
        return HttpResponseRedirect(reverse("accounts:profile"))
    return render(request, "accounts/choose_account.html", {"people": people})
