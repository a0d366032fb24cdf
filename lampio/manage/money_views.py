"""Municipal money in the manage wing: sponsorships of performances for residents and culture
vouchers. A coordinator sees and changes only their own municipalities'; admins all."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lampio.accounts.permissions import role_required
from lampio.core.csv_files import csv_response
from lampio.core.refusals import RefusedError
from lampio.programme.selectors import offering_detail
from lampio.tickets import selectors
from lampio.tickets.forms import SponsorshipForm, VoucherBatchForm
from lampio.tickets.sponsorships import sponsorship_end, sponsorship_make
from lampio.tickets.vouchers import voucher_batch_issue


def _municipality_ids(request):
    scope = request.access
    return None if scope.is_platform_admin else scope.coordinated_municipality_ids


@role_required("admin", "coordinator")
def sponsorships(request: HttpRequest) -> HttpResponse:
    ids = _municipality_ids(request)
    return render(
        request,
        "manage/sponsorships.html",
        {
            "sponsorships": selectors.sponsorships_of(ids),
            "offerings": selectors.sponsorable_offerings(ids),
        },
    )


@role_required("admin", "coordinator")
@require_http_methods(["GET", "POST"])
def sponsorship_new(request: HttpRequest, slug: str) -> HttpResponse:
    ids = _municipality_ids(request)
    offering = offering_detail(slug)
    if offering is None or not selectors.sponsorable_offerings(ids).filter(pk=offering.pk).exists():
        raise Http404
    form = SponsorshipForm(
        request.POST or None,
        municipalities=request.access.municipalities(),
        showings=selectors.showings_upcoming_of(offering),
    )
    if request.method == "POST" and form.is_valid():
        try:
            sponsorship_make(
                municipality=form.cleaned_data["municipality"],
                offering=offering,
                showing=form.cleaned_data["showing"],
                budget_cents=form.budget_cents(),
                max_tickets=form.cleaned_data["max_tickets"],
                actor=request.user,
            )
        except RefusedError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The sponsorship is on: residents get their ticket free."))
            return HttpResponseRedirect(reverse("manage:sponsorships"))
    return render(request, "manage/sponsorship_form.html", {"offering": offering, "form": form})


@role_required("admin", "coordinator")
@require_POST
def sponsorship_stop(request: HttpRequest, pk: int) -> HttpResponse:
    sponsorship = selectors.sponsorship_in(pk, _municipality_ids(request))
    if sponsorship is None:
        raise Http404
    sponsorship_end(sponsorship=sponsorship, actor=request.user)
    messages.success(request, _("The sponsorship was ended. Tickets already taken stay."))
    return HttpResponseRedirect(reverse("manage:sponsorships"))


@role_required("admin", "coordinator")
@require_http_methods(["GET", "POST"])
def vouchers(request: HttpRequest) -> HttpResponse:
    ids = _municipality_ids(request)
    form = VoucherBatchForm(
        request.POST or None,
        municipalities=request.access.municipalities(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            batch = voucher_batch_issue(
                municipality=form.cleaned_data["municipality"],
                name=form.cleaned_data["name"],
                value_cents=form.value_cents(),
                count=form.cleaned_data["count"],
                valid_until=form.cleaned_data["valid_until"],
                actor=request.user,
            )
        except RefusedError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The culture vouchers were made."))
            return HttpResponseRedirect(reverse("manage:voucher_batch", args=[batch.pk]))
    return render(
        request,
        "manage/vouchers.html",
        {"batches": selectors.voucher_batches_of(ids), "form": form},
    )


def _batch(request: HttpRequest, pk: int):
    batch = selectors.voucher_batch_in(pk, _municipality_ids(request))
    if batch is None:
        raise Http404
    return batch


@role_required("admin", "coordinator")
def voucher_batch(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    codes = selectors.vouchers_of(batch)
    return render(
        request,
        "manage/voucher_batch.html",
        {"batch": batch, "codes": codes, "used": sum(1 for v in codes if v.redeemed_at)},
    )


@role_required("admin", "coordinator")
def voucher_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The codes not yet used, as a sheet to print and cut for senior centres."""
    batch = _batch(request, pk)
    unused = [v for v in selectors.vouchers_of(batch) if v.redeemed_at is None]
    return render(
        request,
        "manage/voucher_sheet.html",
        {"batch": batch, "codes": unused, "redeem_url": request.build_absolute_uri("/balance/")},
    )


@role_required("admin", "coordinator")
def voucher_csv(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    rows = [
        [
            v.code,
            timezone.localtime(v.redeemed_at).strftime("%Y-%m-%d %H:%M") if v.redeemed_at else "",
        ]
        for v in selectors.vouchers_of(batch)
    ]
    return csv_response([[_("Code"), _("Used")], *rows], f"vouchers-{batch.pk}.csv")
