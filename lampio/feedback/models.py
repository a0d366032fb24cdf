from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lampio.core.models import TimeStampedModel
from lampio.municipalities.models import Municipality
from lampio.programme.models import Offering, Showing

FACES = (1, 2, 3, 4, 5)


def one_row_per_person_and_showing(*, per_showing: str, per_recording: str) -> list:
    """One row per person and showing, or per person and offering when there is no showing
    (a recording watched any time). Two partial constraints, since NULLs never collide."""
    return [
        models.UniqueConstraint(
            fields=["user", "showing"], condition=models.Q(showing__isnull=False), name=per_showing
        ),
        models.UniqueConstraint(
            fields=["user", "offering"],
            condition=models.Q(showing__isnull=True),
            name=per_recording,
        ),
    ]


class FeedbackQuestion(models.Model):
    """One of the (at most three) extra questions a producer adds to an offering's card."""

    class Kind(models.TextChoices):
        CHOICE = "choice", _("Choose one")
        TEXT = "text", _("Short text")

    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="feedback_questions"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind of answer"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=200)
    choices = models.TextField(
        _("choices"), blank=True, help_text=_("One choice per line (for “Choose one”).")
    )

    class Meta:
        verbose_name = _("feedback question")
        verbose_name_plural = _("feedback questions")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["offering", "position"], name="one_question_per_position"
            ),
            models.CheckConstraint(
                condition=models.Q(position__gte=1, position__lte=3),
                name="at_most_three_questions",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class Feedback(TimeStampedModel):
    """One person's (or one care-home group's) answer to the feedback card of an offering,
    for one showing or, for a recording watched any time, for the offering. Answering again
    updates the same row."""

    # Emptied when the person deletes their account: the answer stays, without them.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="feedback"
    )
    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="feedback")
    showing = models.ForeignKey(
        Showing, on_delete=models.CASCADE, null=True, blank=True, related_name="feedback"
    )
    # Empty while only the feeling before the performance has been given.
    rating = models.PositiveSmallIntegerField(_("how did you like it"), null=True, blank=True)
    watch_again = models.BooleanField(_("would watch something like this again"), null=True)
    mood_before = models.PositiveSmallIntegerField(_("feeling before"), null=True, blank=True)
    mood_after = models.PositiveSmallIntegerField(_("feeling after"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    answers = models.JSONField(_("answers to extra questions"), default=dict, blank=True)
    # A care-home group host answers for the group: how many people watched together.
    group_size = models.PositiveSmallIntegerField(_("people watching"), null=True, blank=True)
    # Copied when answered, so that reports need no join to people.
    municipality = models.ForeignKey(
        Municipality, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            *one_row_per_person_and_showing(
                per_showing="one_feedback_per_showing", per_recording="one_feedback_per_recording"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="feedback_rating_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(mood_before__isnull=True)
                | models.Q(mood_before__gte=1, mood_before__lte=5),
                name="feedback_mood_before_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(mood_after__isnull=True)
                | models.Q(mood_after__gte=1, mood_after__lte=5),
                name="feedback_mood_after_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(group_size__isnull=True)
                | models.Q(group_size__gte=2, group_size__lte=500),
                name="feedback_group_size",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offering} {self.rating}"


class WatchHistory(models.Model):
    """What a logged-in person has watched, for their own "What I have watched" page. It is
    theirs, not statistics: it is kept whether or not they consented to viewing statistics."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watch_history"
    )
    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="+")
    showing = models.ForeignKey(
        Showing, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    last_watched_at = models.DateTimeField(_("last watched"), db_index=True)

    class Meta:
        verbose_name = _("watched performance")
        verbose_name_plural = _("watched performances")
        constraints = one_row_per_person_and_showing(
            per_showing="history_one_row_per_showing",
            per_recording="history_one_row_per_recording",
        )

    def __str__(self) -> str:
        return f"{self.user_id} {self.offering_id} {self.last_watched_at:%Y-%m-%d}"


class ViewingEvent(models.Model):
    """One raw event from a player or a foyer (see lampio.feedback.telemetry). Kept for
    TELEMETRY_RETENTION_DAYS, then deleted; the rollup keeps what reports need."""

    class Kind(models.IntegerChoices):
        PLAY = 1, "play"
        HEARTBEAT = 2, "heartbeat"
        COMPLETE = 3, "complete"
        QUALITY = 4, "quality"
        STALL = 5, "stall"
        FOYER_JOIN = 6, "foyer_join"
        FOYER_LEAVE = 7, "foyer_leave"
        FOYER_MESSAGES = 8, "foyer_messages"
        FOYER_REACTIONS = 9, "foyer_reactions"

    class Device(models.IntegerChoices):
        OTHER = 0, _("Other")
        COMPUTER = 1, _("Computer")
        TABLET = 2, _("Tablet")
        PHONE = 3, _("Phone")
        TV = 4, _("Television")

    id = models.BigAutoField(primary_key=True)
    # A random id the page makes for itself; with consent the person is linked too.
    session = models.UUIDField()
    seq = models.PositiveIntegerField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    showing = models.ForeignKey(
        Showing, on_delete=models.CASCADE, null=True, related_name="+", db_constraint=False
    )
    kind = models.PositiveSmallIntegerField(choices=Kind.choices)
    device = models.PositiveSmallIntegerField(choices=Device.choices, default=Device.OTHER)
    occurred_at = models.DateTimeField(db_index=True)
    position = models.FloatField(null=True)
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "seq"], name="viewing_event_once"),
        ]

    def __str__(self) -> str:
        return f"{self.session}#{self.seq} {self.get_kind_display()}"
