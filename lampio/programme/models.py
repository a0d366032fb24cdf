from datetime import timedelta

from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from lampio.core.models import TimeStampedModel
from lampio.core.storage import UnguessableName
from lampio.municipalities.models import Municipality

DEFAULT_DOORS_OPEN_BEFORE = timedelta(minutes=30)


class ArtForm(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("art form")
        verbose_name_plural = _("art forms")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name


class SpokenLanguage(models.Model):
    """A language spoken or sung in an offering ("no words" is one of them, for music and dance)."""

    code = models.SlugField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("spoken language")
        verbose_name_plural = _("spoken languages")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class Producer(TimeStampedModel):
    """An artist, theatre, orchestra, museum or association that makes content."""

    slug = models.SlugField(_("slug"), unique=True, max_length=120)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    home_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("home municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="producers",
    )
    website = models.URLField(_("website"), blank=True)
    is_verified = models.BooleanField(_("verified"), default=False)

    class Meta:
        verbose_name = _("producer")
        verbose_name_plural = _("producers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programme:producer", kwargs={"slug": self.slug})


class Offering(TimeStampedModel):
    class Kind(models.TextChoices):
        LIVE = "live", _("Live broadcast")
        PREMIERE = "premiere", _("Premiere of a recording")
        RECORDING = "recording", _("Recording to watch any time")
        WORKSHOP = "workshop", _("Interactive workshop")
        VENUE = "venue", _("Event at a venue")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        RETURNED = "returned", _("Returned for changes")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    SCHEDULED_KINDS = (Kind.LIVE, Kind.PREMIERE, Kind.WORKSHOP, Kind.VENUE)

    slug = models.SlugField(_("slug"), unique=True, max_length=140)
    title = models.CharField(_("title"), max_length=150)
    summary = models.CharField(_("short summary"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    plain_summary = models.TextField(
        _("plain-language summary"),
        blank=True,
        help_text=_("Short sentences and everyday words (selkokieli)."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    producer = models.ForeignKey(
        Producer, verbose_name=_("producer"), on_delete=models.PROTECT, related_name="offerings"
    )
    art_forms = models.ManyToManyField(
        ArtForm, verbose_name=_("art forms"), related_name="offerings"
    )
    spoken_languages = models.ManyToManyField(
        SpokenLanguage, verbose_name=_("spoken languages"), related_name="offerings", blank=True
    )
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"))
    is_nationwide = models.BooleanField(_("offered nationwide"), default=False)
    # Unlisted offerings are published for their own audience only (an academy course's
    # sessions): never in the programme, the search or the home page.
    is_listed = models.BooleanField(_("shown in the programme"), default=True)
    municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("offered in municipalities"),
        related_name="offerings",
        blank=True,
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    # Accessibility features, shown as badges and used as filters.
    has_captions = models.BooleanField(_("captions"), default=False)
    has_sign_language = models.BooleanField(_("sign language"), default=False)
    has_audio_description = models.BooleanField(_("audio description"), default=False)
    is_plain_language = models.BooleanField(_("plain language"), default=False)
    is_memory_friendly = models.BooleanField(
        _("suited to people with memory disorders"), default=False
    )
    is_group_friendly = models.BooleanField(_("suited to group viewing"), default=False)
    # The price of a ticket in cents, VAT included (0: free); the VAT rate in hundredths of a
    # per cent (1400: the Finnish 14 % for performances). Money is integer cents everywhere.
    price_cents = models.PositiveIntegerField(_("price in cents"), default=0)
    vat_basis_points = models.PositiveSmallIntegerField(_("VAT (1/100 %)"), default=1400)
    # A ticket to a showing also gives its recording for RECORDING_DAYS (the Teosto livestream
    # licence allows recordings online for 30 days); a recording's ticket always does.
    # One ticket for a care-home group watching together, priced per group (0: none sold).
    group_price_cents = models.PositiveIntegerField(_("group ticket price in cents"), default=0)
    ticket_includes_recording = models.BooleanField(
        _("a ticket also gives the recording for 30 days"), default=False
    )
    submitted_at = models.DateTimeField(_("sent for review"), null=True, blank=True)
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")
        ordering = ["title"]
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programme:offering", kwargs={"slug": self.slug})

    @cached_property
    def card_image(self):
        """The picture on its card: the first. Lists set it for all their cards in one query
        (programme.selectors); anywhere else it is read here."""
        images = self.images.all()
        return images[0] if images else None

    def audit_municipality(self):
        """The municipality whose coordinators see what is done with this offering in their
        audit log (nationwide offerings: the admins only)."""
        return None if self.is_nationwide else self.municipalities.order_by("pk").first()

    @property
    def is_scheduled(self) -> bool:
        return self.kind in self.SCHEDULED_KINDS


class OfferingRevision(TimeStampedModel):
    """Changes an unverified producer proposed to a published offering's content or
    audience. The published version stays as it is until a reviewer approves them."""

    offering = models.OneToOneField(
        Offering, verbose_name=_("offering"), on_delete=models.CASCADE, related_name="revision"
    )
    # field name → proposed value ("municipalities": a list of ids)
    changes = models.JSONField(_("proposed changes"), default=dict)
    submitted_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    review_comment = models.TextField(_("review comment"), blank=True)

    class Meta:
        verbose_name = _("proposed change")
        verbose_name_plural = _("proposed changes")

    def __str__(self) -> str:
        return str(self.offering)


class OfferingImage(models.Model):
    offering = models.ForeignKey(
        Offering, verbose_name=_("offering"), on_delete=models.CASCADE, related_name="images"
    )
    image = models.ImageField(_("image"), upload_to=UnguessableName("offerings"))
    alt_text = models.CharField(
        _("alternative text"),
        max_length=250,
        help_text=_("What the picture shows, for people who cannot see it."),
    )
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # Narrower copies for `srcset`: width in pixels (a string, as JSON keys are) → file name.
    narrower = models.JSONField(_("narrower copies"), default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.alt_text

    @property
    def srcset(self) -> str:
        if not self.width:
            return ""  # an image from before sizes were kept: `src` alone
        storage = self.image.storage
        widths = [f"{storage.url(name)} {width}w" for width, name in self.narrower.items()]
        return ", ".join([*widths, f"{self.image.url} {self.width}w"])

    def file_names(self) -> list[str]:
        return [self.image.name, *self.narrower.values()]


class StreamState(models.TextChoices):
    OK = "ok", _("Broadcast is coming through")
    PROBLEM = "problem", _("Broadcast has a problem")
    ENDED = "ended", _("Broadcast has ended")


class Showing(TimeStampedModel):
    """A scheduled time of an offering: a broadcast, a premiere, a workshop or an event."""

    offering = models.ForeignKey(
        Offering, verbose_name=_("offering"), on_delete=models.CASCADE, related_name="showings"
    )
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    doors_open_at = models.DateTimeField(_("foyer opens"))
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    # Grows when the time changes or the showing is cancelled: calendars (SEQUENCE) and change
    # notices (one per version) follow it.
    sequence = models.PositiveIntegerField(_("version"), default=0)
    # Tickets for a paid showing are sold up to this many (none: no limit).
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    # Live broadcasts: the HLS playback address from the producer's streaming service, and what
    # the platform last saw there (see lampio.media.streams).
    stream_url = models.URLField(_("broadcast address (HLS)"), blank=True, max_length=500)
    stream_state = models.CharField(
        _("broadcast state"), max_length=10, choices=StreamState.choices, blank=True
    )
    stream_checked_at = models.DateTimeField(_("broadcast checked"), null=True, blank=True)
    stream_advanced_at = models.DateTimeField(_("broadcast last advanced"), null=True, blank=True)
    stream_marker = models.CharField(max_length=600, blank=True)
    # Premieres: the uploaded recording everybody watches together from the start time.
    video = models.ForeignKey(
        "media.VideoAsset",
        verbose_name=_("recording to premiere"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="premieres",
    )

    class Meta:
        verbose_name = _("showing")
        verbose_name_plural = _("showings")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="showing_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(doors_open_at__lte=models.F("starts_at")),
                name="showing_doors_open_before_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offering} {self.starts_at:%Y-%m-%d %H:%M}"
