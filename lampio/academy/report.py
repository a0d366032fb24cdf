"""The round report for admins: who applied and was selected where, who completed, what the
pilots reached, and what the participants said afterwards. Audiences and survey answers are
aggregates under the insights' small-number rule; the applicants are professionals whose
applications admins read anyway, so their counts are shown as they are."""

from django.db.models import Avg, Count
from django.utils.translation import gettext as _

from lampio.feedback.models import Feedback
from lampio.insights.figures import SMALLEST_GROUP, measured, people, plain, share
from lampio.insights.models import ViewingFact
from lampio.insights.reports import Report, Table
from lampio.programme.models import Offering

from .models import Application, ClosingSurvey, TrainingRound
from .selectors import seats_use


def round_report(training_round: TrainingRound) -> Report:
    applications = Application.objects.filter(training_round=training_round)
    sent = applications.exclude(status=Application.Status.DRAFT)
    by_municipality = Table(
        key="municipalities",
        title=_("Applications and participants by municipality"),
        columns=[
            _("Municipality"),
            _("Seats"),
            _("Selected"),
            _("Completed"),
            _("Pilots published"),
            _("Applications"),
        ],
        chart="bars",
    )
    for row in seats_use(training_round):
        chosen = sent.filter(selected_for=row.municipality)
        by_municipality.rows.append(
            [
                row.municipality.name,
                plain(row.seats),
                plain(chosen.count()),
                plain(chosen.exclude(completed_at=None).count()),
                plain(
                    Offering.objects.filter(
                        pilot_applications__in=chosen, status=Offering.Status.PUBLISHED
                    )
                    .distinct()
                    .count()
                ),
                plain(row.applications),
            ]
        )
    pilots = Table(
        key="pilots",
        title=_("Pilot performances and their audiences"),
        columns=[_("Pilot"), _("Feedback answers"), _("Average rating (1–5)"), _("Viewers")],
        chart="bars",
        note=_("Viewers are counted as on the insights pages, from those who allowed it."),
    )
    published = Offering.objects.filter(
        pilot_applications__training_round=training_round, status=Offering.Status.PUBLISHED
    ).distinct()
    for pilot in published.order_by("title"):
        viewers = ViewingFact.objects.filter(offering=pilot).values("viewer").distinct().count()
        answers = Feedback.objects.filter(offering=pilot).exclude(rating=None)
        answered = answers.aggregate(n=Count("pk"), average=Avg("rating"))
        pilots.rows.append(
            [
                pilot,
                people(answered["n"]),
                measured(answered["average"], among=answered["n"]),
                people(viewers),
            ]
        )
    return Report(
        title=training_round.name,
        tables=[by_municipality, pilots, survey_table(training_round)],
        comments=survey_comments(training_round),
    )


def survey_table(training_round: TrainingRound) -> Table:
    answers = ClosingSurvey.objects.filter(application__training_round=training_round)
    count = answers.count()
    figures = answers.aggregate(usefulness=Avg("usefulness"), confidence=Avg("confidence"))
    table = Table(
        key="survey",
        title=_("Closing survey"),
        columns=[_("Question"), _("Answer")],
        note=_("Averages and shares are shown when at least five participants have answered."),
    )
    table.rows = [
        [_("Answers"), plain(count)],
        [_("How useful the training was (1–5)"), measured(figures["usefulness"], among=count)],
        [
            _("How confident they now are making culture for older people (1–5)"),
            measured(figures["confidence"], among=count),
        ],
        [
            _("Will go on making digital culture for older people"),
            share(answers.filter(will_continue=True).count(), among=count),
        ],
    ]
    return table


def survey_comments(training_round: TrainingRound) -> list[str]:
    answers = ClosingSurvey.objects.filter(application__training_round=training_round)
    if answers.count() < SMALLEST_GROUP:
        return []
    return list(answers.exclude(comment="").values_list("comment", flat=True))
