from datetime import date, timedelta

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override

from lampio.core.page_cache import public_page
from lampio.media.selectors import watch_plan

from . import selectors
from .calendar import offering_ics, showings_ics
from .catalogue_filters import FEATURES, parse_catalogue_filters
from .jsonld import offering_jsonld

PAGE_SIZE = 24
DAY_RANGE = 60  # how far the day-by-day view reaches, in days from today


def _filters_and_choices(request: HttpRequest):
    choices = selectors.filter_choices()
    filters = parse_catalogue_filters(
        request.GET,
        art_form_slugs={a.slug for a in choices["art_forms"]},
        language_codes={lang.code for lang in choices["languages"]},
        municipality_slugs={m.slug for m in choices["municipalities"]},
    )
    return filters, choices


def _filter_context(filters, choices) -> dict:
    return {
        "filters": filters,
        "choices": choices,
        "features": [(feature.slug, feature.label) for feature in FEATURES.values()],
        "kinds": selectors.Offering.Kind.choices,
    }


@public_page
def home(request: HttpRequest) -> HttpResponse:
    sections = selectors.home_sections()
    return render(
        request,
        "programme/home.html",
        {"sections": sections, "art_forms": selectors.art_forms_all()},
    )


@public_page
def catalogue(request: HttpRequest) -> HttpResponse:
    filters, choices = _filters_and_choices(request)
    paginator = Paginator(selectors.catalogue_offerings(filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    offerings = list(page.object_list)
    selectors.offerings_attach_next_showings(offerings)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "programme/catalogue.html",
        {
            "page": page,
            "offerings": offerings,
            "page_query": query.urlencode(),
            **_filter_context(filters, choices),
        },
    )


@public_page
def art_forms(request: HttpRequest) -> HttpResponse:
    return render(
        request, "programme/art_forms.html", {"art_forms": selectors.art_forms_with_counts()}
    )


@public_page
def day(request: HttpRequest, day: date | None = None) -> HttpResponse:
    today = timezone.localdate()
    day = day or today
    if not (today - timedelta(days=1) <= day <= today + timedelta(days=DAY_RANGE)):
        raise Http404
    filters, choices = _filters_and_choices(request)
    now = timezone.now()
    day_list = list(selectors.day_showings(day, filters))
    # What is still to come (or on now) first; what has ended today after it, marked so.
    showings = [s for s in day_list if s.ends_at > now]
    ended = [s for s in day_list if s.ends_at <= now]
    days = [today + timedelta(days=offset) for offset in range(7)]
    return render(
        request,
        "programme/day.html",
        {
            "day": day,
            "today": today,
            "showings": showings,
            "ended": ended,
            "days": days,
            "previous_day": day - timedelta(days=1) if day > today else None,
            "next_day": day + timedelta(days=1)
            if day < today + timedelta(days=DAY_RANGE)
            else None,
            "query": request.META.get("QUERY_STRING", ""),
            **_filter_context(filters, choices),
        },
    )


@public_page
def offering(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.offering_detail(slug)
    if found is None:
        raise Http404
    showings = selectors.offering_showings(found)
    plan = watch_plan(found)
    return render(
        request,
        "programme/offering.html",
        {
            "offering": found,
            "showings": showings,
            "watch_url": reverse("media:watch", kwargs={"slug": found.slug}) if plan else None,
            "jsonld": offering_jsonld(request, found, showings),
        },
    )


def offering_calendar(
    request: HttpRequest, slug: str, showing_id: int | None = None
) -> HttpResponse:
    """Every coming time of the offering, or the one time the person chose."""
    found = selectors.offering_detail(slug)
    if found is None:
        raise Http404
    showings = selectors.offering_showings(found)
    if showing_id is not None:
        showings = [s for s in showings if s.pk == showing_id]
    if not showings:
        raise Http404
    response = HttpResponse(
        offering_ics(request, found, showings), content_type="text/calendar; charset=utf-8"
    )
    filename = slugify(found.slug)[:60] or "lampio"
    response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    return response


@public_page
def calendar_feed(request: HttpRequest, kind: str, slug: str = "") -> HttpResponse:
    """A public calendar to subscribe to: a municipality's programme, an art form's, or
    everything with captions, in the address's language."""
    if kind == "municipality":
        municipality = selectors.municipality_by_slug(slug)
        if municipality is None:
            raise Http404
        showings = selectors.feed_showings(municipality=municipality)
        name = _("Lämpiö in %(place)s") % {"place": municipality.name}
    elif kind == "art_form":
        art_form = selectors.art_form_by_slug(slug)
        if art_form is None:
            raise Http404
        showings = selectors.feed_showings(art_form=art_form)
        name = _("Lämpiö: %(art_form)s") % {"art_form": art_form.name}
    else:
        showings = selectors.feed_showings(captions=True)
        name = _("Lämpiö with captions")
    return HttpResponse(
        showings_ics(request, showings, name=name), content_type="text/calendar; charset=utf-8"
    )


EMBED_CSP = {**settings.SECURE_CSP, "frame-ancestors": ["*"]}


@public_page
@xframe_options_exempt
@csp_override(EMBED_CSP)
def embed_week(request: HttpRequest) -> HttpResponse:
    """ "Tämän viikon Lämpiö" for a municipality's or library's own web page, in an iframe
    (or through static/js/embed.js): server-rendered, links only, no third-party scripts;
    any site may frame it, since it holds nothing to click on behalf of anyone."""
    slug = request.GET.get("municipality", "")[:60]
    municipality = selectors.municipality_by_slug(slug) if slug else None
    if slug and municipality is None:
        raise Http404
    return render(
        request,
        "programme/embed_week.html",
        {
            "municipality": municipality,
            "showings": selectors.week_for_residents(municipality),
        },
    )


@public_page
def producer(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.producer_detail(slug)
    if found is None:
        raise Http404
    offerings = list(selectors.producer_offerings(found))
    selectors.offerings_attach_next_showings(offerings)
    return render(request, "programme/producer.html", {"producer": found, "offerings": offerings})
