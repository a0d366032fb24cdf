from django.core.files.storage import default_storage
from django.db import models
from django.utils.translation import gettext_lazy as _

from lampio.core.models import TimeStampedModel
from lampio.core.storage import UnguessableName, originals_storage
from lampio.programme.models import Offering


class VideoAsset(TimeStampedModel):
    """An uploaded recording and its HLS ladder. The ladder is published in one step when
    every rendition is complete; until then the original is kept and nothing is playable."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Waiting to be processed")
        PROCESSING = "processing", _("Processing")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Processing failed")

    offering = models.ForeignKey(
        Offering, verbose_name=_("offering"), on_delete=models.CASCADE, related_name="videos"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UPLOADED
    )
    original = models.FileField(
        _("original file"), upload_to=UnguessableName(""), storage=originals_storage, blank=True
    )
    duration_seconds = models.FloatField(_("duration in seconds"), null=True, blank=True)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    # Storage path of master.m3u8, set only when the complete ladder has been published.
    playlist = models.CharField(_("playlist"), max_length=300, blank=True)
    poster = models.ImageField(_("poster frame"), upload_to=UnguessableName("posters"), blank=True)
    renditions = models.JSONField(_("renditions"), default=list, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    # A recording an unverified producer adds to a published offering is not shown until a
    # reviewer approves it; the published recording plays meanwhile.
    needs_review = models.BooleanField(_("waiting for review"), default=False)
    # A recording of a live broadcast kept online must get captions within 14 days
    # (digipalvelulaki); the due date is set when such a recording is attached.
    live_showing = models.ForeignKey(
        "programme.Showing",
        verbose_name=_("recording of the live broadcast"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recordings",
    )
    captions_due_on = models.DateField(_("captions due"), null=True, blank=True)

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("videos")
        ordering = ["-created_at"]

    @property
    def playlist_url(self) -> str:
        """Where players fetch the HLS playlist (the media server or object storage)."""
        return default_storage.url(self.playlist) if self.playlist else ""

    def __str__(self) -> str:
        return f"{self.offering} ({self.get_status_display()})"


class CaptionTrack(TimeStampedModel):
    video = models.ForeignKey(
        VideoAsset, verbose_name=_("video"), on_delete=models.CASCADE, related_name="captions"
    )
    language = models.CharField(_("language"), max_length=8)
    label = models.CharField(_("label"), max_length=60)
    vtt = models.FileField(_("WebVTT file"), upload_to=UnguessableName("captions"))

    class Meta:
        verbose_name = _("caption track")
        verbose_name_plural = _("caption tracks")
        constraints = [
            models.UniqueConstraint(fields=["video", "language"], name="one_track_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.video} – {self.language}"


class Upload(TimeStampedModel):
    """A resumable upload (tus 1.0 core protocol) of a recording for one offering. Bytes go
    to a private file under VAR_DIR/uploads; only a complete, checked file becomes a video."""

    class Status(models.TextChoices):
        RECEIVING = "receiving", _("Receiving")
        DONE = "done", _("Received")
        REJECTED = "rejected", _("Rejected")

    key = models.UUIDField(unique=True, editable=False)
    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="uploads")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="uploads")
    filename = models.CharField(max_length=255)
    length = models.PositiveBigIntegerField()
    offset = models.PositiveBigIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVING)
    message = models.TextField(blank=True)
    video = models.ForeignKey(
        VideoAsset, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    live_showing = models.ForeignKey(
        "programme.Showing", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")
