"""A senior's week: the showings in their own programme, how they want to be reminded,
which reminders went out (once each), and their personal calendar feed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AddedByHelper(models.Model):
    """Something in a person's programme that a helper acting for them may have added, with
    their wish for a copy of the reminders."""

    # A helper who added it for the person, and wants a copy of the reminders.
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    copy_to_helper = models.BooleanField(_("a copy of the reminders to the helper"), default=False)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        abstract = True


class ProgrammeEntry(AddedByHelper):
    """A showing in a person's programme ("Muistuta minua")."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="programme_entries",
    )
    showing = models.ForeignKey(
        "programme.Showing",
        verbose_name=_("showing"),
        on_delete=models.CASCADE,
        related_name="programme_entries",
    )

    class Meta(AddedByHelper.Meta):
        verbose_name = _("showing in my programme")
        verbose_name_plural = _("showings in my programme")
        constraints = [
            models.UniqueConstraint(fields=["person", "showing"], name="one_entry_per_showing")
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.showing}"


class ReminderSettings(models.Model):
    """How a person wants to be reminded, chosen once."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="reminder_settings",
    )
    day_before = models.BooleanField(_("the day before"), default=True)
    soon_before = models.BooleanField(_("30 minutes before"), default=True)
    # Text messages too, to a verified number (PhoneNumber).
    by_text_message = models.BooleanField(_("by text message too"), default=False)
    weekly_digest = models.BooleanField(_("next week's programme every Sunday"), default=False)

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")

    def __str__(self) -> str:
        return str(self.person)


class ReminderSent(models.Model):
    """One reminder or notice to one person about one showing on one channel. The row is
    written before the mail goes (its unique key is the claim), so two workers never send the
    same one twice."""

    class Kind(models.TextChoices):
        DAY_BEFORE = "day_before", _("The day before")
        SOON = "soon", _("30 minutes before")
        CHANGED = "changed", _("Change notice")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="reminders_sent",
    )
    showing = models.ForeignKey(
        "programme.Showing",
        verbose_name=_("showing"),
        on_delete=models.CASCADE,
        related_name="reminders_sent",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    # A change notice is per version of the showing (its SEQUENCE); reminders use 0.
    version = models.PositiveIntegerField(default=0)
    channel = models.CharField(_("channel"), max_length=8, default="email")
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "showing", "kind", "version", "channel"],
                name="each_reminder_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.person} – {self.showing}"


class CalendarFeed(models.Model):
    """A person's programme as a calendar subscription at a secret address (only its hash is
    kept); a new address revokes the old one."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("made"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.person)


class GroupPlan(models.Model):
    """A care-home group's "we will watch this": the showing, how many are expected, and
    afterwards how many watched (which reaches the insights as a group viewing)."""

    host = models.ForeignKey(
        "accounts.GroupHost",
        verbose_name=_("group host"),
        on_delete=models.CASCADE,
        related_name="plans",
    )
    showing = models.ForeignKey(
        "programme.Showing",
        verbose_name=_("showing"),
        on_delete=models.CASCADE,
        related_name="group_plans",
    )
    expected_viewers = models.PositiveSmallIntegerField(_("viewers expected"))
    watched_viewers = models.PositiveSmallIntegerField(_("viewers"), null=True, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("group's plan")
        verbose_name_plural = _("groups' plans")
        ordering = ["showing__starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["host", "showing"], name="one_plan_per_showing"),
            models.CheckConstraint(
                condition=models.Q(expected_viewers__gte=2, expected_viewers__lte=500),
                name="group_plan_expected_2_500",
            ),
            models.CheckConstraint(
                condition=models.Q(watched_viewers__isnull=True)
                | models.Q(watched_viewers__gte=2, watched_viewers__lte=500),
                name="group_plan_watched_2_500",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.host} – {self.showing}"


class SeriesFollow(AddedByHelper):
    """ "Every week": every showing of a recurring offering goes to the person's programme,
    those added later too."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="series_follows",
    )
    offering = models.ForeignKey(
        "programme.Offering",
        verbose_name=_("offering"),
        on_delete=models.CASCADE,
        related_name="followers",
    )

    class Meta(AddedByHelper.Meta):
        verbose_name = _("series in my programme")
        verbose_name_plural = _("series in my programme")
        constraints = [
            models.UniqueConstraint(fields=["person", "offering"], name="one_follow_per_series")
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.offering}"


class PhoneNumber(models.Model):
    """A mobile number for reminders by text message, usable once the person has typed the
    code sent to it (only the code's hash is kept)."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="phone_number",
    )
    number = models.CharField(_("mobile number"), max_length=20)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    code_hash = models.CharField(max_length=64, blank=True)
    code_sent_at = models.DateTimeField(null=True, blank=True)
    wrong_codes = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("mobile number")
        verbose_name_plural = _("mobile numbers")

    def __str__(self) -> str:
        return f"{self.person} {self.number}"


class TextMessage(models.Model):
    """The outbox of text messages: what the embedded default and the tests "send" (the
    OUTBOX provider), and nothing else; a real provider sends instead of keeping them."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
    )
    to = models.CharField(_("to"), max_length=20)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("text message")
        verbose_name_plural = _("text messages")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.to}: {self.text[:40]}"


class DigestSent(models.Model):
    """The weekly digest of one ISO week to one person: the claim that keeps it to one."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    week = models.CharField(_("week"), max_length=8)  # "2026-W49"
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("weekly digest sent")
        verbose_name_plural = _("weekly digests sent")
        constraints = [
            models.UniqueConstraint(fields=["person", "week"], name="one_digest_per_week")
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.week}"
