"""The invited person's side of an invitation: accept the role the email offered."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lampio.core.refusals import RefusedError

from .invitations import invitation_accept, invitation_find


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
        except RefusedError as refusal:
            error = refusal.message
        else:
            messages.success(request, _("Welcome! Your new role is ready."))
            return HttpResponseRedirect(reverse("manage:home"))
    return render(request, "accounts/invitation.html", {"invitation": found, "error": error})
