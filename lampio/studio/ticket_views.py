"""The producer's money: an offering's tickets, refunding one (audited), and the monthly
statement as a page and CSV."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lampio.accounts.permissions import role_required
from lampio.core.csv_files import csv_response
from lampio.tickets.selectors import offering_ticket, offering_tickets_sold
from lampio.tickets.services import ticket_refund
from lampio.tickets.statements import producer_statement

from .offering_views import _editable


@role_required("admin", "producer")
def offering_tickets(request: HttpRequest, slug: str) -> HttpResponse:
    offering = _editable(request, slug)
    tickets = offering_tickets_sold(offering)
    valid = [ticket for ticket in tickets if ticket.status == ticket.Status.VALID]
    return render(
        request,
        "studio/tickets.html",
        {
            "offering": offering,
            "tickets": tickets,
            "sold": len(valid),
            "takings_cents": sum(ticket.price_cents for ticket in valid),
        },
    )


@role_required("admin", "producer")
@require_POST
def ticket_refund_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    offering = _editable(request, slug)
    ticket = offering_ticket(offering, pk)
    if ticket is None:
        raise Http404
    ticket_refund(ticket=ticket, actor=request.user)
    messages.success(
        request,
        _("The ticket of %(name)s was refunded to their balance.") % {"name": ticket.person.name},
    )
    return HttpResponseRedirect(reverse("studio:offering_tickets", args=[offering.slug]))


def _month_asked(request: HttpRequest):
    try:
        return datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()
    except ValueError:
        return timezone.localdate().replace(day=1)


def _producer(request: HttpRequest, slug: str):
    producer = request.access.producers_editable().filter(slug=slug).first()
    if producer is None:
        raise Http404
    return producer


@role_required("admin", "producer")
def statement(request: HttpRequest, slug: str) -> HttpResponse:
    """A producer's monthly statement (their own people and admins only)."""
    producer = _producer(request, slug)
    month = _month_asked(request)
    earlier = (month - timedelta(days=1)).replace(day=1)
    later = (month + timedelta(days=32)).replace(day=1)
    return render(
        request,
        "studio/statement.html",
        {
            "producer": producer,
            "statement": producer_statement(producer, month),
            "earlier": earlier,
            "later": later if later <= timezone.localdate() else None,
            "fee_percent": settings.PLATFORM_FEE_BASIS_POINTS / 100,
        },
    )


@role_required("admin", "producer")
def statement_csv(request: HttpRequest, slug: str) -> HttpResponse:
    producer = _producer(request, slug)
    found = producer_statement(producer, _month_asked(request))
    header = [
        _("Performance"),
        _("Tickets sold"),
        _("Sales (EUR)"),
        _("Paid by sponsorship (EUR)"),
        _("Refunded tickets"),
        _("Refunds (EUR)"),
        _("VAT (EUR)"),
        _("Platform fee (EUR)"),
        _("Earned (EUR)"),
    ]

    def row(line, title):
        return [
            title,
            line.sold,
            _euros(line.sold_cents),
            _euros(line.sponsored_cents),
            line.refunded,
            _euros(line.refunded_cents),
            _euros(line.vat_cents),
            _euros(line.fee_cents),
            _euros(line.earned_cents),
        ]

    rows = [row(line, line.title) for line in found.lines]
    rows.append(row(found.total, _("Total")))
    return csv_response([header, *rows], f"statement-{producer.slug}-{found.month:%Y-%m}.csv")


def _euros(cents: int) -> str:
    return f"{cents / 100:.2f}"
