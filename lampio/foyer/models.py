"""The virtual foyer: where people watching the same showing meet, talk, applaud and ask.

Every showing has a foyer; a recording to watch any time has one foyer that is always open.
People sit at small tables (at most eight) so that conversation stays human.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lampio.programme.models import Offering, Showing

TABLE_SEATS = 8
DEFAULT_AFTER_TALK = timedelta(minutes=30)


class Foyer(models.Model):
    showing = models.OneToOneField(
        Showing, verbose_name=_("showing"), on_delete=models.CASCADE, null=True, blank=True
    )
    # For a recording to watch any time: the offering's always-open foyer.
    offering = models.ForeignKey(Offering, verbose_name=_("offering"), on_delete=models.CASCADE)
    after_talk_minutes = models.PositiveSmallIntegerField(_("after-talk in minutes"), default=30)
    chat_open = models.BooleanField(_("chat open"), default=True)
    slow_mode_seconds = models.PositiveSmallIntegerField(_("slow mode (seconds)"), default=0)
    pinned = models.ForeignKey(
        "Message",
        verbose_name=_("pinned message"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Premieres: the host can pause for an interval; the shared position leaves out pauses.
    paused_at = models.DateTimeField(_("paused at"), null=True, blank=True)
    paused_seconds = models.FloatField(_("seconds paused"), default=0)

    class Meta:
        verbose_name = _("foyer")
        verbose_name_plural = _("foyers")
        constraints = [
            models.UniqueConstraint(
                fields=["offering"],
                condition=models.Q(showing__isnull=True),
                name="one_always_open_foyer_per_offering",
            )
        ]

    def __str__(self) -> str:
        return str(self.showing or self.offering)

    @property
    def opens_at(self):
        return self.showing.doors_open_at if self.showing else None

    @property
    def closes_at(self):
        if not self.showing:
            return None
        return self.showing.ends_at + timedelta(minutes=self.after_talk_minutes)

    def is_open(self, now=None) -> bool:
        if self.showing is None:
            return True
        now = now or timezone.now()
        return self.opens_at <= now <= self.closes_at


class FoyerTable(models.Model):
    foyer = models.ForeignKey(Foyer, on_delete=models.CASCADE, related_name="tables")
    number = models.PositiveIntegerField(_("number"))
    # Friends share the code to sit together.
    code = models.CharField(_("table code"), max_length=8)
    # Seats taken, kept by the seating services and the Seat delete signal: seating a person
    # is one atomic UPDATE on a table with a free seat, never a count over all the tables.
    taken = models.PositiveSmallIntegerField(_("seats taken"), default=0)
    # A care home's common room watching on one screen (TV mode): one table, shown to the
    # foyer as "Palvelutalo Koivukoti, 12 viewers"; nobody else is seated there.
    group_place = models.CharField(_("group"), max_length=150, blank=True)
    group_viewers = models.PositiveSmallIntegerField(_("viewers in the group"), default=0)

    class Meta:
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        constraints = [
            models.UniqueConstraint(fields=["foyer", "number"], name="table_number_in_foyer"),
            models.UniqueConstraint(fields=["foyer", "code"], name="table_code_in_foyer"),
        ]
        indexes = [models.Index(fields=["foyer", "taken"], name="table_free_seats")]

    def __str__(self) -> str:
        return f"{self.foyer} #{self.number}"


class Seat(models.Model):
    """Where a person sits in a foyer; kept across reconnects so they return to their table."""

    foyer = models.ForeignKey(Foyer, on_delete=models.CASCADE, related_name="seats")
    table = models.ForeignKey(FoyerTable, on_delete=models.CASCADE, related_name="seats")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["foyer", "user"], name="one_seat_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.table_id}"


class Presence(models.Model):
    """One open connection. Rows are refreshed by heartbeats and swept when stale, so presence
    heals when a client vanishes without closing."""

    foyer = models.ForeignKey(Foyer, on_delete=models.CASCADE, related_name="presences")
    channel_name = models.CharField(max_length=200, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )
    last_seen = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["foyer", "last_seen"])]

    def __str__(self) -> str:
        return self.channel_name


class Message(models.Model):
    """A chat message at a table, or a host's announcement to everyone (table is null).
    Its id is the event id clients resume from after a reconnect."""

    class Kind(models.TextChoices):
        CHAT = "chat", _("Chat message")
        ANNOUNCEMENT = "announcement", _("Announcement")

    foyer = models.ForeignKey(Foyer, on_delete=models.CASCADE, related_name="messages")
    table = models.ForeignKey(
        FoyerTable, on_delete=models.CASCADE, null=True, blank=True, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_name = models.CharField(max_length=80)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.CHAT)
    text = models.TextField()
    is_hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["foyer", "id"])]

    def __str__(self) -> str:
        return self.text[:60]


class Question(models.Model):
    foyer = models.ForeignKey(Foyer, on_delete=models.CASCADE, related_name="questions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_name = models.CharField(max_length=80)
    text = models.TextField()
    seconds = models.PositiveIntegerField(default=0)
    is_answered = models.BooleanField(default=False)
    is_hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text[:60]


class QuestionSecond(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "user"], name="one_second_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.question_id}"


class Report(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["message", "reporter"], name="one_report_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.reporter_id} → {self.message_id}"


class Sanction(models.Model):
    """A host muted a person for a while, or removed them from this foyer."""

    class Kind(models.TextChoices):
        MUTE = "mute", _("Muted")
        REMOVE = "remove", _("Removed")

    foyer = models.ForeignKey(Foyer, on_delete=models.CASCADE, related_name="sanctions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    until = models.DateTimeField(null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("mute or removal")
        verbose_name_plural = _("mutes and removals")

    def __str__(self) -> str:
        return f"{self.kind} {self.user_id}"
