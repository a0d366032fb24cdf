"""Event sources (Linked Events) for platform admins: what is imported, from where, and what
each run did, with the refused events and their reasons."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lampio.accounts.permissions import role_required
from lampio.core.refusals import RefusedError
from lampio.imports.forms import EventSourceForm
from lampio.imports.selectors import source_by_slug, source_runs, sources_with_last_run
from lampio.imports.services import source_import_request, source_save


@role_required("admin")
@require_http_methods(["GET", "POST"])
def import_sources(request: HttpRequest) -> HttpResponse:
    form = EventSourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        source = source_save(form=form, actor=request.user)
        messages.success(request, _("The source was added."))
        return HttpResponseRedirect(reverse("manage:import_source", kwargs={"slug": source.slug}))
    return render(
        request, "manage/import_sources.html", {"sources": sources_with_last_run(), "form": form}
    )


@role_required("admin")
@require_http_methods(["GET", "POST"])
def import_source(request: HttpRequest, slug: str) -> HttpResponse:
    source = source_by_slug(slug)
    if source is None:
        raise Http404
    form = EventSourceForm(request.POST or None, instance=source)
    if request.method == "POST" and form.is_valid():
        source_save(form=form, actor=request.user)
        messages.success(request, _("The changes were saved."))
        return HttpResponseRedirect(request.path)
    return render(
        request,
        "manage/import_source.html",
        {"source": source, "form": form, "runs": source_runs(source)},
    )


@role_required("admin")
@require_POST
def import_run(request: HttpRequest, slug: str) -> HttpResponse:
    source = source_by_slug(slug)
    if source is None:
        raise Http404
    try:
        source_import_request(source=source, full="full" in request.POST, actor=request.user)
    except RefusedError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request, _("The import was started. Its summary appears here when it is done.")
        )
    return HttpResponseRedirect(reverse("manage:import_source", kwargs={"slug": slug}))
