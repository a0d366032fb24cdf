"""What coordinators (their municipalities) and platform admins (all of them) see: whom the
programme reaches, group viewings and the wellbeing signal."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from lampio.accounts.models import User
from lampio.feedback.models import Feedback
from lampio.municipalities.models import Municipality
from lampio.programme.models import Offering

from .figures import NOT_KNOWN, measured, partition, people, plain, share
from .models import MonthlyReach, ViewingFact
from .reports import Report, Table, viewers_count


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def previous(self) -> "Period":
        return Period(self.first - timedelta(days=self.days), self.first - timedelta(days=1))


def municipality_report(
    municipality: Municipality | None, *, period: Period, today: date
) -> Report:
    """Whom a municipality reaches (None: the whole country, for platform admins). Only
    residents who allow viewing statistics can be counted by where they live."""
    facts = ViewingFact.objects.filter(identified=True)
    feedback = Feedback.objects.all()
    if municipality is not None:
        facts = facts.filter(municipality=municipality)
        feedback = feedback.filter(municipality=municipality)
    else:
        facts = facts.filter(municipality__isnull=False)
    now_facts = facts.filter(day__range=(period.first, period.last))
    before = period.previous()
    then_facts = facts.filter(day__range=(before.first, before.last))
    reached, reached_before = viewers_count(now_facts), viewers_count(then_facts)
    comparison = Table(
        "comparison",
        _("Residents reached, compared with the period before"),
        [_("Period"), _("Residents reached")],
        [
            [f"{period.first:%d.%m.%Y}–{period.last:%d.%m.%Y}", people(reached)],
            [f"{before.first:%d.%m.%Y}–{before.last:%d.%m.%Y}", people(reached_before)],
        ],
        chart="bars",
    )
    first_month = (
        date(today.year - 1, today.month + 1, 1) if today.month < 12 else date(today.year, 1, 1)
    )
    reach = {
        (month, band): viewers
        for month, band, viewers in MonthlyReach.objects.filter(
            municipality=municipality, month__gte=first_month
        ).values_list("month", "age_band", "viewers")
    }
    month_rows = []
    month = first_month
    while month <= today:
        month_rows.append(
            [
                f"{month:%m/%Y}",
                *partition([reach.get((month, band), 0) for band, _l in BANDS]),
                people(reach.get((month, MonthlyReach.ALL_BANDS), 0)),
            ]
        )
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    months = Table(
        "months",
        _("Residents reached by month and age band"),
        [_("Month"), *(str(label) for _b, label in BANDS), _("All")],
        month_rows,
        chart="bars",
    )
    top_ids = list(
        now_facts.values("offering_id")
        .annotate(n=Count("viewer", distinct=True))
        .order_by("-n", "offering_id")
        .values_list("offering_id", "n")[:10]
    )
    titles = dict(
        Offering.objects.filter(pk__in=[pk for pk, _n in top_ids]).values_list("pk", "title")
    )
    top = [{"offering__title": titles[pk], "n": n} for pk, n in top_ids]
    top_table = Table(
        "top_offerings",
        _("Most watched performances"),
        [_("Performance"), _("Residents")],
        [[row["offering__title"], people(row["n"])] for row in top],
        chart="bars",
    )
    period_feedback = feedback.filter(updated_at__date__range=(period.first, period.last))
    groups = list(
        period_feedback.filter(group_size__isnull=False).values_list("group_size", flat=True)
    )
    group_table = Table(
        "groups",
        _("Group viewings in care homes and service houses"),
        [_("What"), _("Number")],
        [
            [_("Group viewings"), plain(len(groups))],
            [_("People watching in groups"), people(sum(groups))],
        ],
    )
    both = list(
        period_feedback.filter(mood_before__isnull=False, mood_after__isnull=False).values_list(
            "mood_before", "mood_after"
        )
    )
    n = len(both)
    wellbeing = Table(
        "wellbeing",
        _("Wellbeing signal: feeling after minus feeling before"),
        [_("What"), _("Number")],
        [
            [
                _("Average change (from −4 to +4)"),
                measured(sum(a - b for b, a in both) / n if n else None, among=n, digits=2),
            ],
            [_("Felt better after"), share(sum(1 for b, a in both if a > b), among=n)],
            [_("People who answered both"), people(n)],
        ],
    )
    title = municipality.name if municipality is not None else _("All municipalities")
    return Report(title=title, tables=[comparison, months, top_table, group_table, wellbeing])


BANDS = [(value, label) for value, label in User.BirthYearBand.choices] + [("", NOT_KNOWN)]


def municipalities_overview(municipalities: QuerySet, *, period: Period) -> Table:
    municipalities = list(municipalities)
    reached = dict(
        ViewingFact.objects.filter(
            identified=True, municipality__in=municipalities, day__range=(period.first, period.last)
        )
        .values("municipality_id")
        .annotate(n=Count("viewer", distinct=True))
        .values_list("municipality_id", "n")
    )
    return Table(
        "municipalities",
        _("Residents reached"),
        [_("Municipality"), _("Residents reached")],
        [
            [m.name, figure]
            for m, figure in zip(
                municipalities,
                partition([reached.get(m.pk, 0) for m in municipalities]),
                strict=True,
            )
        ],
        chart="bars",
    )
