"""Schema.org Event data for offering pages, so search engines and calendars understand them."""

from django.templatetags.static import static

from .models import Offering, Showing


def offering_jsonld(request, offering: Offering, showings: list[Showing]) -> list[dict]:
    url = request.build_absolute_uri(offering.get_absolute_url())
    images = [request.build_absolute_uri(image.image.url) for image in offering.images.all()]
    online = offering.kind != Offering.Kind.VENUE
    base = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": offering.title,
        "description": offering.summary,
        "url": url,
        "image": images or [request.build_absolute_uri(static("img/lampio.svg"))],
        "inLanguage": [language.code for language in offering.spoken_languages.all()],
        "isAccessibleForFree": offering.price_cents == 0,
        "offers": {
            "@type": "Offer",
            "price": f"{offering.price_cents // 100}.{offering.price_cents % 100:02d}",
            "priceCurrency": "EUR",
            "url": url,
        },
        "eventAttendanceMode": (
            "https://schema.org/OnlineEventAttendanceMode"
            if online
            else "https://schema.org/OfflineEventAttendanceMode"
        ),
        "location": (
            {"@type": "VirtualLocation", "url": url}
            if online
            else {"@type": "Place", "name": offering.venue or offering.producer.name}
        ),
        "organizer": {
            "@type": "Organization",
            "name": offering.producer.name,
            "url": request.build_absolute_uri(offering.producer.get_absolute_url()),
        },
        "audience": {"@type": "PeopleAudience", "suggestedMinAge": 65},
        "eventStatus": "https://schema.org/EventScheduled",
    }
    if not showings:
        return [base]
    events = [
        {
            **base,
            "startDate": showing.starts_at.isoformat(),
            "endDate": showing.ends_at.isoformat(),
            "eventStatus": "https://schema.org/EventCancelled"
            if showing.is_cancelled
            else "https://schema.org/EventScheduled",
        }
        for showing in showings[:10]
    ]
    if len(events) == 1:
        return events
    # A recurring offering (the Monday chair exercise) is a series of its showings.
    series = {key: value for key, value in base.items() if key != "eventStatus"}
    series.update(
        {
            "@type": "EventSeries",
            "startDate": events[0]["startDate"],
            "endDate": events[-1]["endDate"],
            "subEvent": [
                {key: value for key, value in event.items() if key != "@context"}
                for event in events
            ],
        }
    )
    return [series]
