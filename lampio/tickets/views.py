"""Buying a ticket, "Omat liput", the balance page, the payment provider's return and
callback, and the local test provider's pay page."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from lampio.accounts.selectors import is_group_host
from lampio.core.redirects import safe_next_url
from lampio.core.refusals import RefusedError
from lampio.programme.models import Offering
from lampio.programme.selectors import offering_detail

from . import selectors
from .forms import BuyForm, TopUpForm, VoucherForm
from .payments import card_shortfall, euros, payment_settle, top_up_start
from .providers import provider_named
from .services import sale_refusal, ticket_buy, vat_included
from .vouchers import voucher_rate_check, voucher_redeem

KNOWN_PROVIDERS = ("local", "paytrail")


def _showing_asked(request: HttpRequest, offering: Offering):
    """The showing named by ?showing= (None for a recording's ticket); 404 for nonsense."""
    asked = request.POST.get("showing") or request.GET.get("showing") or ""
    if not asked:
        return None
    if not asked.isdigit() or len(asked) > 12:
        raise Http404
    showing = selectors.showing_for_sale(offering, int(asked))
    if showing is None:
        raise Http404
    return showing


@login_required
@require_http_methods(["GET", "POST"])
def buy(request: HttpRequest, slug: str) -> HttpResponse:
    """One clear step: what, when, the price and the balance after, and one button. A helper
    acting for someone buys for them (the audit log names both); a resident of a sponsoring
    municipality gets the ticket free; a group host buys one group ticket."""
    offering = offering_detail(slug)
    if offering is None or offering.price_cents == 0:
        raise Http404
    showing = _showing_asked(request, offering)
    if showing is None and offering.kind != Offering.Kind.RECORDING:
        return HttpResponseRedirect(offering.get_absolute_url() + "#when-heading")
    whose = request.acting_for or request.user
    group = (request.POST.get("group") or request.GET.get("group")) == "1"
    now = timezone.now()
    held = selectors.ticket_held(whose, offering, showing, now)
    if held is not None:
        return redirect("tickets:ticket", held.pk)
    sponsorship = None if group else selectors.sponsorship_for(whose, offering, showing)
    form = BuyForm(request.POST if request.method == "POST" else None)
    refusal = ""
    if request.method == "POST" and "card" in request.POST and form.is_valid():
        return _pay_by_card(request, whose, offering, showing, form.cleaned_data["key"])
    if request.method == "POST":
        if not form.is_valid():
            raise Http404  # only a forged form lacks its key
        try:
            ticket = ticket_buy(
                person=whose,
                offering=offering,
                showing=showing,
                idempotency_key=form.cleaned_data["key"],
                bought_by=request.user,
                sponsorship=sponsorship,
                group=group,
            )
        except RefusedError as refused:
            refusal = refused.message
            sponsorship = None if group else selectors.sponsorship_for(whose, offering, showing)
        else:
            messages.success(request, _("Thank you! Your ticket is ready."))
            return redirect("tickets:ticket", ticket.pk)
    not_on_sale = sale_refusal(offering, showing, now, group=group) or (
        group and not is_group_host(whose)
    )
    seats_left = selectors.seats_left(showing) if showing is not None else None
    balance_now = selectors.balance_of(whose)
    price = offering.group_price_cents if group else offering.price_cents
    to_pay = 0 if sponsorship is not None else price
    return render(
        request,
        "tickets/buy.html",
        {
            "offering": offering,
            "showing": showing,
            "whose": whose,
            "group": group,
            "sponsorship": sponsorship,
            "form": BuyForm(initial={"key": uuid.uuid4().hex}),
            "refusal": refusal,
            "not_on_sale": bool(not_on_sale),
            "sold_out": seats_left == 0,
            "price": price,
            "vat": vat_included(price, offering.vat_basis_points),
            "vat_percent": offering.vat_basis_points / 100,
            "balance_now": balance_now,
            "balance_after": balance_now - to_pay,
            "balance_short": balance_now < to_pay,
            "card_pays": card_shortfall(to_pay, balance_now) if balance_now < to_pay else 0,
            "shortfall": to_pay - balance_now,
            "cards_on": bool(settings.PAYMENT_PROVIDER) and not group,
        },
    )


def _pay_by_card(request, whose, offering, showing, key) -> HttpResponse:
    """The balance is short: the card pays what is missing, and the ticket is bought as soon
    as the payment service says the money came."""
    price = offering.price_cents
    provider = settings.PAYMENT_PROVIDER
    back = reverse("tickets:payment_return", args=[provider]) if provider else ""
    try:
        _payment, pay_at = top_up_start(
            person=whose,
            paid_by=request.user,
            amount_cents=card_shortfall(price, selectors.balance_of(whose)),
            return_url=request.build_absolute_uri(back),
            for_ticket={"offering": offering, "showing": showing, "key": key},
        )
    except RefusedError as refusal:
        messages.error(request, refusal.message)
        return HttpResponseRedirect(request.get_full_path())
    return HttpResponseRedirect(pay_at)


@login_required
def my_tickets(request: HttpRequest) -> HttpResponse:
    whose = request.acting_for or request.user
    now = timezone.now()
    tickets = selectors.tickets_of(whose)
    usable = [t for t in tickets if _usable(t, now)]
    other = [t for t in tickets if not _usable(t, now)]
    return render(
        request, "tickets/my_tickets.html", {"whose": whose, "usable": usable, "other": other}
    )


def _usable(ticket, now) -> bool:
    if ticket.status != ticket.Status.VALID:
        return False
    if ticket.showing is not None and ticket.showing.ends_at > now:
        return True
    return ticket.valid_until is not None and ticket.valid_until > now


@login_required
def ticket(request: HttpRequest, pk: int) -> HttpResponse:
    """A ticket and its receipt, for its holder (or a helper acting for them)."""
    whose = request.acting_for or request.user
    held = selectors.ticket_of(pk, whose)
    if held is None:
        raise Http404
    return render(
        request,
        "tickets/ticket.html",
        {
            "ticket": held,
            "whose": whose,
            "usable": _usable(held, timezone.now()),
            "price_without_vat": held.price_cents - held.vat_cents,
            "vat_percent": held.vat_basis_points / 100,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def balance(request: HttpRequest) -> HttpResponse:
    """The person's balance and its history; a helper acting for someone sees and tops up
    theirs (the audit log names both)."""
    whose = request.acting_for or request.user
    posted = request.POST if request.method == "POST" else None
    voucher_posted = posted is not None and "code" in posted
    form = TopUpForm(None if voucher_posted else posted)
    voucher_form = VoucherForm(posted if voucher_posted else None)
    if voucher_posted and voucher_form.is_valid():
        try:
            voucher_rate_check(request)
            voucher = voucher_redeem(
                person=whose, code=voucher_form.cleaned_data["code"], actor=request.user
            )
        except RefusedError as refusal:
            voucher_form.add_error("code", refusal.message)
        else:
            messages.success(
                request,
                _("Thank you! The culture voucher added %(amount)s to the balance.")
                % {"amount": euros(voucher.batch.value_cents)},
            )
            return HttpResponseRedirect(reverse("tickets:balance"))
    if posted is not None and not voucher_posted and form.is_valid():
        provider = settings.PAYMENT_PROVIDER
        back = reverse("tickets:payment_return", args=[provider]) if provider else ""
        try:
            _payment, pay_at = top_up_start(
                person=whose,
                paid_by=request.user,
                amount_cents=form.amount_cents(),
                return_url=request.build_absolute_uri(back),
            )
        except RefusedError as refusal:
            form.add_error("amount", refusal.message)
        else:
            return HttpResponseRedirect(pay_at)
    return render(
        request,
        "tickets/balance.html",
        {
            "whose": whose,
            "balance": euros(selectors.balance_of(whose)),
            "history": selectors.balance_history(whose),
            "form": form,
            "voucher_form": voucher_form,
            "top_ups_on": bool(settings.PAYMENT_PROVIDER),
        },
    )


def _provider(name: str):
    if name not in KNOWN_PROVIDERS or name != settings.PAYMENT_PROVIDER:
        raise Http404
    return provider_named(name)


def payment_return(request: HttpRequest, provider: str) -> HttpResponse:
    """The payer's browser comes back from the provider with its signed answer."""
    answer = _provider(provider).verify(request.GET.dict())
    if answer is None:
        messages.error(request, _("The payment service's answer could not be checked."))
        return HttpResponseRedirect(reverse("tickets:balance"))
    payment = payment_settle(provider=provider, answer=answer)
    if payment is None:
        raise Http404
    if payment.status == payment.Status.PAID and payment.ticket_id:
        messages.success(request, _("Thank you! Your ticket is ready."))
        return HttpResponseRedirect(reverse("tickets:ticket", args=[payment.ticket_id]))
    if payment.status == payment.Status.PAID:
        messages.success(
            request, _("Thank you! %(amount)s was added.") % {"amount": euros(payment.amount_cents)}
        )
    elif payment.status == payment.Status.FAILED:
        messages.error(request, _("The payment did not go through. Nothing was charged."))
    return HttpResponseRedirect(reverse("tickets:balance"))


# The provider's server calls this (Paytrail with GET, others with POST); it has no CSRF token,
# and its answer carries its signature.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def payment_callback(request: HttpRequest, provider: str) -> HttpResponse:
    params = request.POST.dict() if request.method == "POST" else request.GET.dict()
    answer = _provider(provider).verify(params)
    if answer is None:
        return HttpResponse("bad signature", status=400, content_type="text/plain")
    if payment_settle(provider=provider, answer=answer) is None:
        return HttpResponse("unknown payment", status=404, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@login_required
@require_http_methods(["GET", "POST"])
def test_provider(request: HttpRequest, reference: str) -> HttpResponse:
    """The local test provider's pay page (fake cards; only when it is the configured one)."""
    provider = _provider("local")
    payment = selectors.payment_pending(reference, provider="local")
    if payment is None:
        raise Http404
    back = safe_next_url(
        request, request.GET.get("return", ""), fallback=reverse("tickets:balance")
    )
    if request.method == "POST":
        status = "paid" if request.POST.get("card") == "ok" else "failed"
        answer = provider.decide(payment.reference, status)
        separator = "&" if "?" in back else "?"
        return HttpResponseRedirect(back + separator + urlencode(answer))
    return render(
        request,
        "tickets/test_provider.html",
        {"payment": payment, "amount": euros(payment.amount_cents)},
    )
