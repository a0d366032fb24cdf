from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class SiteFeedback(TimeStampedModel):
    """A message sent through the help page's contact form (the legally required channel)."""

    class Topic(models.TextChoices):
        HELP = "help", _("I need help")
        ACCESSIBILITY = "accessibility", _("Accessibility problem")
        CONTENT = "content", _("Feedback on the programme")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ANSWERED = "answered", _("Answered")

    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    name = models.CharField(_("name"), max_length=120, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    message = models.TextField(_("message"), max_length=5000)
    page_url = models.CharField(_("page"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=8)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    answer_due = models.DateField(_("answer due"))

    class Meta:
        verbose_name = _("feedback message")
        verbose_name_plural = _("feedback messages")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} {self.created_at:%Y-%m-%d}"


class AuditEvent(models.Model):
    """One thing a person with power did (see lampio.core.audit)."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events_done",
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("concerning"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events_about",
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    target_type = models.CharField(_("target type"), max_length=100, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_repr = models.CharField(_("target"), max_length=200, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.created_at:%Y-%m-%d %H:%M}"
