"""Where imported offerings come from, what each run did, and which event each offering and
showing is (so a second run updates instead of duplicating)."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lampio.core.models import TimeStampedModel


class EventSource(TimeStampedModel):
    """A Linked Events instance (or one publisher in it) whose events come to Lämpiö."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    # The API's root, e.g. https://api.hel.fi/linkedevents/v1/ (…/event/ is added).
    base_url = models.URLField(_("API address"), max_length=300)
    # Linked Events' keyword filter, comma-separated: yso:p2433 is "ikääntyneet" (older people).
    keyword = models.CharField(_("keyword filter"), max_length=200, default="yso:p2433")
    # Linked Events' publisher filter (an organisation id such as ahjo:u4804001010), optional.
    publisher = models.CharField(_("publisher filter"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Events are offered here unless their address names another municipality."),
    )
    producer = models.ForeignKey(
        "programme.Producer",
        verbose_name=_("producer organisation"),
        on_delete=models.PROTECT,
        related_name="event_sources",
    )
    default_art_form = models.ForeignKey(
        "programme.ArtForm",
        verbose_name=_("art form when the keywords name none"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_trusted = models.BooleanField(
        _("trusted: published without review"),
        default=False,
        help_text=_("Events of an untrusted source wait for a coordinator's review."),
    )
    is_active = models.BooleanField(_("imported regularly"), default=True)
    # The start of the last run that finished: the next run asks for what changed since.
    modified_since = models.DateTimeField(_("changes read up to"), null=True, blank=True)
    # Set while a run is under way, so that two workers never import the same source at once.
    running_since = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("event source")
        verbose_name_plural = _("event sources")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ImportRun(models.Model):
    source = models.ForeignKey(
        EventSource, verbose_name=_("source"), on_delete=models.CASCADE, related_name="runs"
    )
    started_at = models.DateTimeField(_("started"), db_index=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    succeeded = models.BooleanField(_("succeeded"), null=True)
    is_full = models.BooleanField(_("read everything"), default=False)
    # new, changed, unchanged, cancelled, deleted, refused: how many events each
    counts = models.JSONField(_("counts"), default=dict)
    # [{"id": "helsinki:abc", "reason": "…"}] (the first REFUSALS_KEPT of a run)
    refusals = models.JSONField(_("refused events"), default=list)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M}"


class ImportedOffering(models.Model):
    """An offering made from an event (a single event, or a recurring series' super-event)."""

    offering = models.OneToOneField(
        "programme.Offering", on_delete=models.CASCADE, related_name="imported"
    )
    source = models.ForeignKey(EventSource, on_delete=models.CASCADE, related_name="offerings")
    event_id = models.CharField(_("event id at the source"), max_length=200)
    # The source's last_modified_time: an event that has not changed is not written again.
    source_modified = models.CharField(max_length=40, blank=True)
    # The picture is linked from the source, never copied (its licence stays the source's).
    image_url = models.URLField(max_length=500, blank=True)
    image_alt_texts = models.JSONField(default=dict, blank=True)
    image_license = models.CharField(max_length=60, blank=True)
    image_credit = models.CharField(max_length=150, blank=True)
    info_urls = models.JSONField(default=dict, blank=True)
    venue_notes = models.JSONField(default=dict, blank=True)
    map_url = models.URLField(max_length=300, blank=True)
    is_free = models.BooleanField(null=True)

    class Meta:
        verbose_name = _("imported offering")
        verbose_name_plural = _("imported offerings")
        constraints = [
            models.UniqueConstraint(fields=["source", "event_id"], name="imported_offering_once")
        ]

    def __str__(self) -> str:
        return self.event_id

    def _in_language(self, values: dict) -> str:
        language = (get_language() or "fi")[:2]
        return values.get(language) or values.get("fi") or next(iter(values.values()), "")

    @property
    def image_alt_text(self) -> str:
        return self._in_language(self.image_alt_texts)

    @property
    def info_url(self) -> str:
        return self._in_language(self.info_urls)

    @property
    def venue_note(self) -> str:
        return self._in_language(self.venue_notes)


class ImportedShowing(models.Model):
    """A showing made from an event (a single event, or one of a series' sub-events)."""

    showing = models.OneToOneField(
        "programme.Showing", on_delete=models.CASCADE, related_name="imported"
    )
    source = models.ForeignKey(EventSource, on_delete=models.CASCADE, related_name="showings")
    event_id = models.CharField(_("event id at the source"), max_length=200)
    source_modified = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name = _("imported showing")
        verbose_name_plural = _("imported showings")
        constraints = [
            models.UniqueConstraint(fields=["source", "event_id"], name="imported_showing_once")
        ]

    def __str__(self) -> str:
        return self.event_id
