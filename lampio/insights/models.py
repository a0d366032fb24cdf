from django.db import models
from django.utils.translation import gettext_lazy as _

from lampio.feedback.models import ViewingEvent
from lampio.municipalities.models import Municipality
from lampio.programme.models import Offering, Producer, Showing


class ViewingFact(models.Model):
    """What one viewer did with one offering (or showing) on one day, rolled up from the raw
    events. The viewer is a keyed hash, never a person: with it reports count people once,
    without it they could not. Kept after the raw events are deleted."""

    day = models.DateField(db_index=True)
    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="+")
    showing = models.ForeignKey(Showing, on_delete=models.CASCADE, null=True, related_name="+")
    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    age_band = models.CharField(max_length=12, blank=True)
    device = models.PositiveSmallIntegerField(choices=ViewingEvent.Device.choices)
    # A number, not text: reports count distinct viewers over a year of facts, and PostgreSQL
    # counts distinct integers several times faster than distinct strings.
    viewer = models.BigIntegerField()
    identified = models.BooleanField(default=False)
    watch_seconds = models.PositiveIntegerField(default=0)
    max_position = models.PositiveIntegerField(default=0)
    completed = models.BooleanField(default=False)
    stalls = models.PositiveIntegerField(default=0)
    quality_switches = models.PositiveIntegerField(default=0)
    in_foyer = models.BooleanField(default=False)
    foyer_messages = models.PositiveIntegerField(default=0)
    foyer_reactions = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["offering", "day"]),
            models.Index(fields=["producer", "day"]),
            models.Index(fields=["municipality", "day"]),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.offering_id} {self.viewer}"


class ShowingMinute(models.Model):
    """How many people were watching a showing in each minute: the concurrency curve."""

    showing = models.ForeignKey(Showing, on_delete=models.CASCADE, related_name="+")
    minute = models.DateTimeField()
    viewers = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["showing", "minute"], name="one_row_per_minute")
        ]

    def __str__(self) -> str:
        return f"{self.showing_id} {self.minute:%H:%M} {self.viewers}"


class RollupRun(models.Model):
    """When the rollup last ran and what it did, for the operations page and the worker."""

    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True)
    first_day = models.DateField()
    last_day = models.DateField()
    facts = models.PositiveIntegerField(default=0)
    events_deleted = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.first_day}–{self.last_day}"


class MonthlyReach(models.Model):
    """Distinct people reached in a month, by municipality and age band, kept by the rollup so
    that the month-by-month reports read a few rows instead of a year of facts. A null
    municipality means the whole country; the age band ALL_BANDS means everybody."""

    ALL_BANDS = "*"

    month = models.DateField()
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, related_name="+"
    )
    age_band = models.CharField(max_length=12, blank=True)
    viewers = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["municipality", "month"])]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.municipality_id} {self.age_band}: {self.viewers}"


class OfferingTotal(models.Model):
    """Distinct viewers of an offering over all time, kept by the rollup for the overviews."""

    offering = models.OneToOneField(
        Offering, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    viewers = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.offering_id}: {self.viewers}"
