"""What producers see of an offering: viewers, watching, feedback, where viewers live."""

from collections import Counter

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from lampio.feedback.forms import LIKING
from lampio.feedback.models import Feedback, FeedbackQuestion, ViewingEvent
from lampio.programme.models import Offering, Showing

from .figures import Figure, hidden_or, measured, partition, people, plain, share
from .models import OfferingTotal, ShowingMinute, ViewingFact
from .reports import Report, Table, band_label, distribution, viewers_count


def offering_report(offering: Offering, *, showing: Showing | None = None) -> Report:
    facts = ViewingFact.objects.filter(offering=offering)
    feedback = Feedback.objects.filter(offering=offering)
    if showing is not None:
        facts = facts.filter(showing=showing)
        feedback = feedback.filter(showing=showing)
    viewers = viewers_count(facts)
    per_viewer = list(
        facts.values("viewer").annotate(
            seconds=Sum("watch_seconds"), reached=Count("id", filter=Q(completed=True))
        )
    )
    watched = sum(row["seconds"] for row in per_viewer)
    foyer_people = viewers_count(facts.filter(in_foyer=True))
    foyer = facts.aggregate(messages=Sum("foyer_messages"), reactions=Sum("foyer_reactions"))
    summary = Table(
        "summary",
        _("In numbers"),
        [_("What"), _("Number")],
        [
            [_("Viewers"), people(viewers)],
            [
                _("Average watch time (minutes)"),
                measured(watched / 60 / viewers if viewers else None, among=viewers),
            ],
            [_("Watched to the end"), people(sum(1 for r in per_viewer if r["reached"]))],
            [_("People in the foyer"), people(foyer_people)],
            [_("Foyer messages"), measured(foyer["messages"] or 0, among=foyer_people, digits=0)],
            [
                _("Applause and other reactions"),
                measured(foyer["reactions"] or 0, among=foyer_people, digits=0),
            ],
        ],
    )
    tables = [summary]
    tables.append(_showings_table(offering, facts))
    minutes_showing = showing or _latest_live_showing(offering)
    if minutes_showing is not None:
        tables.append(_minutes_table(minutes_showing))
    tables.append(_drop_off_table(offering, facts))
    tables.extend(_feedback_tables(offering, feedback))
    tables.append(
        Table(
            "municipalities",
            _("Where viewers live"),
            [_("Municipality"), _("Viewers")],
            distribution(facts, "municipality__name", lambda name: name or _("Not told")),
            chart="bars",
            note=_("Only viewers who allow viewing statistics tell where they live."),
        )
    )
    tables.append(
        Table(
            "age_bands",
            _("Age bands"),
            [_("Born"), _("Viewers")],
            distribution(facts, "age_band", band_label),
            chart="bars",
        )
    )
    tables.append(
        Table(
            "devices",
            _("Devices"),
            [_("Device"), _("Viewers")],
            distribution(
                facts, "device", lambda d: str(dict(ViewingEvent.Device.choices).get(d, ""))
            ),
            chart="bars",
        )
    )
    comments = list(
        feedback.exclude(comment="").order_by("-updated_at").values_list("comment", flat=True)[:200]
    )
    title = (
        offering.title
        if showing is None
        else f"{offering.title}, {localtime(showing.starts_at):%d.%m.%Y %H.%M}"
    )
    return Report(
        title=title,
        tables=tables,
        comments=comments,
        text_answers=_text_answers(offering, feedback),
    )


def _text_answers(offering: Offering, feedback: QuerySet) -> list[tuple[str, list[str]]]:
    questions = FeedbackQuestion.objects.filter(offering=offering, kind=FeedbackQuestion.Kind.TEXT)
    if not questions:
        return []
    answers = list(feedback.order_by("-updated_at").values_list("answers", flat=True)[:500])
    return [
        (
            question.text,
            [a[str(question.position)] for a in answers if a.get(str(question.position))],
        )
        for question in questions
    ]


def _latest_live_showing(offering: Offering) -> Showing | None:
    minute_showings = ShowingMinute.objects.filter(showing__offering=offering).values("showing_id")
    return offering.showings.filter(pk__in=minute_showings).order_by("-starts_at").first()


def _showings_table(offering: Offering, facts: QuerySet) -> Table:
    rows = []
    peaks = dict(
        ShowingMinute.objects.filter(showing__offering=offering)
        .values("showing_id")
        .annotate(peak=Max("viewers"))
        .values_list("showing_id", "peak")
    )
    # One grouped query for every showing and the recording (showing_id None).
    watched = {
        row["showing_id"]: (row["n"], row["seconds"] or 0)
        for row in facts.values("showing_id").annotate(
            n=Count("viewer", distinct=True), seconds=Sum("watch_seconds")
        )
    }

    def average_minutes(count: int, seconds: int) -> Figure:
        return measured(seconds / 60 / count if count else None, among=count)

    for showing in offering.showings.order_by("starts_at"):
        count, seconds = watched.get(showing.pk, (0, 0))
        rows.append(
            [
                f"{localtime(showing.starts_at):%d.%m.%Y %H.%M}",
                people(count),
                people(peaks.get(showing.pk, 0)),
                average_minutes(count, seconds),
            ]
        )
    count, seconds = watched.get(None, (0, 0))
    rows.append(
        [
            _("Recording, any time"),
            people(count),
            Figure(None, "–"),
            average_minutes(count, seconds),
        ]
    )
    return Table(
        "showings",
        _("Showings"),
        [_("Showing"), _("Viewers"), _("Most at the same time"), _("Average minutes")],
        rows,
    )


def _minutes_table(showing: Showing) -> Table:
    rows = [
        [f"{localtime(minute):%H.%M}", people(viewers)]
        for minute, viewers in ShowingMinute.objects.filter(showing=showing)
        .order_by("minute")
        .values_list("minute", "viewers")
    ]
    return Table(
        "minutes",
        _("Viewers minute by minute, %(time)s")
        % {"time": f"{localtime(showing.starts_at):%d.%m.%Y}"},
        [_("Minute"), _("Viewers")],
        rows,
        chart="line",
    )


def _drop_off_table(offering: Offering, facts: QuerySet) -> Table:
    duration = offering.duration_minutes * 60
    furthest = [
        row["furthest"] for row in facts.values("viewer").annotate(furthest=Max("max_position"))
    ]
    total = len(furthest)
    rows = []
    for tenth in range(0, 11):
        mark = duration * tenth / 10
        still = sum(1 for p in furthest if p >= mark) if tenth else total
        rows.append([f"{tenth * 10} %", people(still), share(still, among=total)])
    return Table(
        "drop_off",
        _("How far viewers watched"),
        [_("Point of the performance"), _("Viewers still watching"), _("Share")],
        rows,
        chart="bars",
    )


def _feedback_tables(offering: Offering, feedback: QuerySet) -> list[Table]:
    answers = list(
        feedback.values_list(
            "rating", "watch_again", "mood_before", "mood_after", "answers", "group_size"
        )
    )
    ratings = Counter(a[0] for a in answers if a[0] is not None)
    respondents = sum(ratings.values())
    tables = [
        Table(
            "smileys",
            _("How they liked it"),
            [_("Answer"), _("People")],
            [
                [str(label), figure]
                for (_value, label), figure in zip(
                    LIKING, partition([ratings.get(value, 0) for value, _l in LIKING]), strict=True
                )
            ],
            chart="bars",
        )
    ]
    again = Counter(a[1] for a in answers if a[1] is not None)
    said = again[True] + again[False]
    tables.append(
        Table(
            "watch_again",
            _("Would watch something like this again"),
            [_("Answer"), _("People"), _("Share")],
            [
                [answer, figure, hidden_or(figure, share(count, among=said))]
                for answer, count, figure in zip(
                    (_("Yes"), _("No")),
                    (again[True], again[False]),
                    partition([again[True], again[False]]),
                    strict=True,
                )
            ],
        )
    )
    both = [(a[2], a[3]) for a in answers if a[2] is not None and a[3] is not None]
    n = len(both)
    tables.append(
        Table(
            "mood",
            _("Feeling before and after (1 = badly, 5 = very well)"),
            [_("When"), _("Average"), _("People who answered both")],
            [
                [
                    _("Before"),
                    measured(sum(b for b, _a in both) / n if n else None, among=n),
                    people(n),
                ],
                [
                    _("After"),
                    measured(sum(a for _b, a in both) / n if n else None, among=n),
                    people(n),
                ],
                [
                    _("Change (the wellbeing signal)"),
                    measured(sum(a - b for b, a in both) / n if n else None, among=n, digits=2),
                    people(n),
                ],
            ],
        )
    )
    groups = [a[5] for a in answers if a[5]]
    tables.append(
        Table(
            "groups",
            _("Group viewings"),
            [_("What"), _("Number")],
            [
                [_("Answers from groups"), plain(len(groups))],
                [_("People in those groups"), people(sum(groups))],
                [_("Answers in all"), people(respondents)],
            ],
        )
    )
    for question in FeedbackQuestion.objects.filter(offering=offering):
        key = str(question.position)
        if question.kind == FeedbackQuestion.Kind.CHOICE:
            chosen = Counter(a[4].get(key) for a in answers if a[4].get(key))
            labels = question.choice_list()
            counts = [chosen.get(index, 0) for index in range(1, len(labels) + 1)]
            rows = [
                [label, figure] for label, figure in zip(labels, partition(counts), strict=True)
            ]
            tables.append(
                Table(
                    f"question_{key}", question.text, [_("Answer"), _("People")], rows, chart="bars"
                )
            )
    return tables


def offerings_overview(offerings: QuerySet) -> Table:
    viewers = dict(
        OfferingTotal.objects.filter(offering__in=offerings).values_list("offering_id", "viewers")
    )
    ratings = {
        row["offering_id"]: row
        for row in Feedback.objects.filter(offering__in=offerings)
        .values("offering_id")
        .annotate(n=Count("rating"), total=Sum("rating"))
    }
    rows = []
    for offering in offerings.order_by("title"):
        rated = ratings.get(offering.pk, {"n": 0, "total": 0})
        rows.append(
            [
                offering,
                people(viewers.get(offering.pk, 0)),
                measured(rated["total"] / rated["n"] if rated["n"] else None, among=rated["n"]),
            ]
        )
    return Table(
        "offerings",
        _("Performances"),
        [_("Performance"), _("Viewers"), _("Average smiley (1–5)")],
        rows,
    )
