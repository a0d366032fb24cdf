"""The producer's studio: create and edit offerings, pictures and showing times, send for
review. Every view reads through the scoping layer; other organisations' offerings are 404."""

from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lampio.accounts.permissions import role_required
from lampio.core.refusals import RefusedError
from lampio.imports.selectors import offering_import
from lampio.media.streams import stream_health_refresh
from lampio.programme.models import Offering
from lampio.programme.review import offering_missing_for_review, offering_submit
from lampio.programme.selectors import pending_revision
from lampio.programme.services import (
    offering_image_add,
    offering_image_delete,
    offering_save,
    showing_cancel,
    showing_save,
)

from .offering_forms import OfferingForm, OfferingImageForm, ShowingForm


def _editable(request: HttpRequest, slug: str) -> Offering:
    offering = (
        request.access.offerings_editable().select_related("producer").filter(slug=slug).first()
    )
    if offering is None:
        raise Http404
    return offering


def _content_editable(request: HttpRequest, slug: str) -> Offering:
    """Times and pictures of an imported event are the source's: RefusedError here."""
    offering = _editable(request, slug)
    imported = offering_import(offering)
    if imported is not None:
        raise RefusedError("imports.read_only", source=imported.source.name)
    return offering


def _refused_to_offering(view):
    @wraps(view)
    def wrapped(request, slug, *args, **kwargs):
        try:
            return view(request, slug, *args, **kwargs)
        except RefusedError as refusal:
            if refusal.app != "imports":
                raise
            messages.error(request, refusal.message)
            return HttpResponseRedirect(reverse("studio:offering", kwargs={"slug": slug}))

    return wrapped


def _to_offering(offering: Offering) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("studio:offering", kwargs={"slug": offering.slug}))


@role_required("admin", "producer")
@require_http_methods(["GET", "POST"])
def offering_new(request: HttpRequest) -> HttpResponse:
    producers = request.access.producers_editable()
    form = OfferingForm(request.POST or None, producers=producers)
    if request.method == "POST" and form.is_valid():
        offering = offering_save(form=form, actor=request.user)
        messages.success(request, _("The performance was saved as a draft."))
        return _to_offering(offering)
    return render(request, "studio/offering_form.html", {"form": form})


@role_required("admin", "producer")
@require_http_methods(["GET", "POST"])
def offering_edit(request: HttpRequest, slug: str) -> HttpResponse:
    offering = _editable(request, slug)
    producers = request.access.producers_editable()
    revision = pending_revision(offering)
    imported = offering_import(offering)
    # Proposed changes still waiting are what the producer goes on editing.
    form = OfferingForm(
        request.POST or None,
        instance=offering,
        producers=producers,
        initial=revision.changes if revision else None,
        imported=imported is not None,
    )
    if request.method == "POST" and form.is_valid():
        offering_save(form=form, actor=request.user)
        if pending_revision(offering) is not None:
            messages.success(
                request,
                _(
                    "Saved. The changes to what the performance says and where it is offered "
                    "are shown once a reviewer approves them; until then the published "
                    "version stays."
                ),
            )
        else:
            messages.success(request, _("The changes were saved."))
        return _to_offering(offering)
    return render(
        request,
        "studio/offering.html",
        {
            "offering": offering,
            "form": form,
            "images": offering.images.all(),
            "showings": offering.showings.select_related("video").order_by("starts_at"),
            "missing": offering_missing_for_review(offering),
            "can_submit": offering.status in (Offering.Status.DRAFT, Offering.Status.RETURNED),
            "revision": revision,
            "imported": imported,
        },
    )


@role_required("admin", "producer")
@require_POST
def offering_send(request: HttpRequest, slug: str) -> HttpResponse:
    offering = _editable(request, slug)
    try:
        offering = offering_submit(offering=offering, actor=request.user)
    except RefusedError as refusal:
        messages.error(request, refusal.message)
    else:
        if offering.status == Offering.Status.PUBLISHED:
            messages.success(request, _("The performance is now published in the programme."))
        else:
            messages.success(
                request, _("The performance was sent for review. You will get an email.")
            )
    return _to_offering(offering)


@role_required("admin", "producer")
@require_http_methods(["GET", "POST"])
@_refused_to_offering
def image_new(request: HttpRequest, slug: str) -> HttpResponse:
    offering = _content_editable(request, slug)
    form = OfferingImageForm()
    if request.method == "POST":
        form = OfferingImageForm(request.POST, request.FILES)
        if form.is_valid():
            offering_image_add(
                offering=offering,
                upload=form.cleaned_data["image"],
                alt_texts=form.alt_texts(),
                actor=request.user,
            )
            messages.success(request, _("The picture was added."))
            return _to_offering(offering)
    return render(request, "studio/image_form.html", {"offering": offering, "form": form})


@role_required("admin", "producer")
@require_POST
@_refused_to_offering
def image_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    offering = _content_editable(request, slug)
    image = get_object_or_404(offering.images, pk=pk)
    offering_image_delete(image=image, actor=request.user)
    messages.success(request, _("The picture was removed."))
    return _to_offering(offering)


@role_required("admin", "producer")
@require_http_methods(["GET", "POST"])
@_refused_to_offering
def showing_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    offering = _content_editable(request, slug)
    if not offering.is_scheduled:
        raise Http404
    showing = get_object_or_404(offering.showings, pk=pk) if pk else None
    initial = ShowingForm.initial_for(showing) if showing else {}
    form = ShowingForm(request.POST or None, offering=offering, initial=initial)
    if request.method == "POST" and "cancel" in request.POST and showing is not None:
        showing_cancel(showing=showing, actor=request.user)
        messages.success(request, _("The showing was cancelled."))
        return _to_offering(offering)
    if request.method == "POST" and form.is_valid():
        showing_save(offering=offering, showing=showing, data=form.cleaned_data, actor=request.user)
        messages.success(request, _("The showing time was saved."))
        return _to_offering(offering)
    if showing is not None and showing.stream_url:
        showing = stream_health_refresh(showing)
    return render(
        request,
        "studio/showing_form.html",
        {"offering": offering, "showing": showing, "form": form},
    )
