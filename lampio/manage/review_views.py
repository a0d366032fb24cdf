"""Coordinators and admins decide on offerings sent for review (their municipalities' only)."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from lampio.accounts.permissions import role_required
from lampio.core.plain_text import PlainTextForm
from lampio.core.refusals import RefusedError
from lampio.media.selectors import offering_videos
from lampio.programme.models import Offering
from lampio.programme.review import offering_approve, offering_return, revision_decide
from lampio.programme.selectors import (
    offering_texts_in_languages,
    offerings_waiting_for_review,
    proposed_changes,
)


class ReviewDecisionForm(PlainTextForm, forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comment to the producer"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Needed when you return the performance for changes."),
    )


@role_required("admin", "coordinator", "trainer")
def review_list(request: HttpRequest) -> HttpResponse:
    offerings = offerings_waiting_for_review(request.access.offerings_reviewable())
    return render(request, "manage/review_list.html", {"offerings": offerings})


@role_required("admin", "coordinator", "trainer")
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, slug: str) -> HttpResponse:
    offering = (
        request.access.offerings_reviewable()
        .exclude(status=Offering.Status.DRAFT)  # a producer's unsent work is their own
        .select_related("producer")
        .prefetch_related("images", "art_forms", "municipalities", "showings")
        .filter(slug=slug)
        .first()
    )
    if offering is None:
        raise Http404
    changes = proposed_changes(offering)
    waiting_videos = list(offering.videos.filter(needs_review=True))
    revising = offering.status == Offering.Status.PUBLISHED and bool(changes or waiting_videos)
    form = ReviewDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and revising:
        approve = request.POST.get("decision") == "approve"
        try:
            revision_decide(
                offering=offering,
                actor=request.user,
                approve=approve,
                comment=form.cleaned_data["comment"],
            )
        except RefusedError as refusal:
            form.add_error("comment", refusal.message)
        else:
            messages.success(
                request,
                _("The changes are now published.")
                if approve
                else _("Returned to the producer with your comment."),
            )
            return HttpResponseRedirect(reverse("manage:review_list"))
    elif request.method == "POST" and form.is_valid():
        comment = form.cleaned_data["comment"]
        try:
            if request.POST.get("decision") == "approve":
                offering_approve(offering=offering, actor=request.user, comment=comment)
                messages.success(request, _("Approved and published."))
            else:
                offering_return(offering=offering, actor=request.user, comment=comment)
                messages.success(request, _("Returned to the producer with your comment."))
        except RefusedError as refusal:
            form.add_error("comment", refusal.message)
        else:
            return HttpResponseRedirect(reverse("manage:review_list"))
    return render(
        request,
        "manage/review.html",
        {
            "offering": offering,
            "form": form,
            "changes": changes,
            "waiting_videos": waiting_videos,
            "revising": revising,
            # What the audience will see: every text in every language, the pictures with
            # their descriptions, and the recordings to play with their captions.
            "texts": offering_texts_in_languages(offering),
            "videos": [v for v in offering_videos(offering) if v.status == "ready"],
        },
    )
