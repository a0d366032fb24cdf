"""The balance page, the payment provider's return and callback, and the local test
provider's pay page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from lampio.core.redirects import safe_next_url
from lampio.core.refusals import RefusedError

from . import selectors
from .forms import TopUpForm
from .payments import euros, payment_settle, top_up_start
from .providers import provider_named

KNOWN_PROVIDERS = ("local",)


@login_required
@require_http_methods(["GET", "POST"])
def balance(request: HttpRequest) -> HttpResponse:
    """The person's balance and its history; a helper acting for someone sees and tops up
    theirs (the audit log names both)."""
    whose = request.acting_for or request.user
    form = TopUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
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
    if payment.status == payment.Status.PAID:
        messages.success(
            request, _("Thank you! %(amount)s was added.") % {"amount": euros(payment.amount_cents)}
        )
    elif payment.status == payment.Status.FAILED:
        messages.error(request, _("The payment did not go through. Nothing was charged."))
    return HttpResponseRedirect(reverse("tickets:balance"))


# The provider's server calls this; it has no CSRF token, and its answer carries its signature.
@csrf_exempt
@require_POST
def payment_callback(request: HttpRequest, provider: str) -> HttpResponse:
    answer = _provider(provider).verify(request.POST.dict())
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
