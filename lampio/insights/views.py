from datetime import date, datetime, time, timedelta

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache

from lampio.accounts.permissions import role_required
from lampio.core.csv_files import csv_response
from lampio.municipalities.models import Municipality

from .charts import chart_for
from .municipality_reports import Period, municipalities_overview, municipality_report
from .offering_reports import offering_report, offerings_overview
from .reports import Report, figures_updated_at
from .teosto import teosto_rows

PERIODS = (30, 90, 365)


def _period(request: HttpRequest) -> Period:
    try:
        days = int(request.GET.get("days", 90))
    except ValueError:
        days = 90
    days = days if days in PERIODS else 90
    today = timezone.localdate()
    return Period(today - timedelta(days=days - 1), today)


def _csv(rows: list[list], filename: str) -> HttpResponse:
    return csv_response(rows, filename)


def _table_csv(report: Report, key: str, name: str) -> HttpResponse:
    table = report.table(key)
    if table is None:
        raise Http404
    return _csv([table.columns, *table.rows], f"{name}-{key}.csv")


def _figures_updated() -> dict:
    """When the hourly rollup last finished: the pages say how fresh their numbers are."""
    return {"figures_updated_at": figures_updated_at()}


def _render(request, report: Report, **context) -> HttpResponse:
    tables = [(table, chart_for(table)) for table in report.tables]
    return render(
        request,
        "insights/report.html",
        {"report": report, "tables": tables, **_figures_updated(), **context},
    )


@never_cache
@role_required("admin", "coordinator", "producer")
def home(request: HttpRequest) -> HttpResponse:
    scope = request.access
    period = _period(request)
    offerings = (
        offerings_overview(scope.offerings_editable())
        if scope.is_producer or scope.is_platform_admin
        else None
    )
    municipalities = (
        municipalities_overview(scope.municipalities(), period=period)
        if scope.is_coordinator or scope.is_platform_admin
        else None
    )
    return render(
        request,
        "insights/home.html",
        {
            "scope": scope,
            "offerings": offerings,
            "municipalities": municipalities,
            "municipalities_chart": chart_for(municipalities) if municipalities else None,
            "period": period,
            "periods": PERIODS,
            "teosto_months": _recent_months(),
            **_figures_updated(),
        },
    )


def _offering_in_scope(request, slug):
    offering = request.access.offerings_insights().filter(slug=slug).first()
    if offering is None:
        raise Http404
    showing = None
    if request.GET.get("showing", "").isdigit():
        showing = offering.showings.filter(pk=int(request.GET["showing"])).first()
    return offering, showing


@never_cache
@role_required("admin", "producer", "trainer")
def offering_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    offering, showing = _offering_in_scope(request, slug)
    return _render(
        request,
        offering_report(offering, showing=showing),
        offering=offering,
        showing=showing,
        showings=offering.showings.order_by("starts_at"),
        csv_query=f"?showing={showing.pk}" if showing else "",
    )


@never_cache
@role_required("admin", "producer", "trainer")
def offering_csv(request: HttpRequest, slug: str, table: str) -> HttpResponse:
    offering, showing = _offering_in_scope(request, slug)
    return _table_csv(offering_report(offering, showing=showing), table, offering.slug)


def _municipality_in_scope(request, slug) -> Municipality | None:
    if slug == "all":
        if not request.access.is_platform_admin:
            raise Http404
        return None
    municipality = request.access.municipalities().filter(slug=slug).first()
    if municipality is None:
        raise Http404
    return municipality


@never_cache
@role_required("admin", "coordinator")
def municipality_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = _municipality_in_scope(request, slug)
    period = _period(request)
    report = municipality_report(municipality, period=period, today=timezone.localdate())
    return _render(
        request,
        report,
        municipality_slug=slug,
        period=period,
        periods=PERIODS,
        csv_query=f"?days={period.days}",
    )


@never_cache
@role_required("admin", "coordinator")
def municipality_csv(request: HttpRequest, slug: str, table: str) -> HttpResponse:
    municipality = _municipality_in_scope(request, slug)
    period = _period(request)
    report = municipality_report(municipality, period=period, today=timezone.localdate())
    return _table_csv(report, table, slug)


def _recent_months() -> list[date]:
    today = timezone.localdate()
    months, month = [], today.replace(day=1)
    for _i in range(12):
        months.append(month)
        month = (month - timedelta(days=1)).replace(day=1)
    return months


@never_cache
@role_required("admin", "producer")
def teosto_csv(request: HttpRequest) -> HttpResponse:
    """Music livestreams of a month for the Teosto licence report: viewers and revenue."""
    try:
        first = datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()
    except ValueError:
        first = timezone.localdate().replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    zone = timezone.get_current_timezone()
    rows = teosto_rows(
        request.access.offerings_editable(),
        start=datetime.combine(first, time.min, tzinfo=zone),
        end=datetime.combine(following, time.min, tzinfo=zone),
    )
    header = [
        pgettext("Teosto report column", "Showing number"),
        _("Performance"),
        _("Producer"),
        _("Start"),
        _("Viewers"),
        _("Most at the same time"),
        _("Ticket price (EUR)"),
        _("Tickets sold"),
        _("Ticket revenue without VAT (EUR)"),
    ]
    return _csv([header, *rows], f"teosto-{first:%Y-%m}.csv")
