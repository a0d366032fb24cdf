"""The academy: training rounds for culture professionals, whose participants the
municipalities select within their seats (see services.py for the rules)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lampio.core.models import TimeStampedModel
from lampio.core.storage import UnguessableName, private_storage
from lampio.municipalities.models import Municipality
from lampio.programme.models import ArtForm, SpokenLanguage

MAX_OWN_QUESTIONS = 5


class TrainingRound(TimeStampedModel):
    """One round of the training programme: its call (haku), selection and course."""

    slug = models.SlugField(_("address name"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"))
    applications_open_at = models.DateTimeField(_("applications open"))
    applications_close_at = models.DateTimeField(_("application deadline"))
    # Decisions are told to the applicants on this day, never earlier.
    selection_closes_at = models.DateTimeField(_("selection closes"))
    minimum_attendance = models.PositiveSmallIntegerField(
        _("sessions to attend for completion"), default=1
    )
    decisions_sent_at = models.DateTimeField(_("decisions sent"), null=True, blank=True)
    # The unlisted offering whose live showings are the round's sessions on the platform.
    course_offering = models.OneToOneField(
        "programme.Offering",
        verbose_name=_("course offering"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="academy_round",
    )

    class Meta:
        verbose_name = _("training round")
        verbose_name_plural = _("training rounds")
        ordering = ["-applications_close_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(applications_close_at__gt=models.F("applications_open_at"))
                & models.Q(selection_closes_at__gte=models.F("applications_close_at")),
                name="round_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("academy:round", args=[self.slug])

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.applications_open_at <= now <= self.applications_close_at

    def is_selecting(self, now=None) -> bool:
        now = now or timezone.now()
        return self.applications_close_at < now and self.decisions_sent_at is None


class RoundSession(models.Model):
    """A date of the course, announced in the call: held over a video link, or a recording
    the participants watch."""

    class Mode(models.TextChoices):
        PLATFORM = "platform", _("Live on Lämpiö, with the cohort's own foyer")
        VIDEO_LINK = "video_link", _("Live over a video link")
        RECORDING = "recording", _("Recording")

    training_round = models.ForeignKey(
        TrainingRound,
        verbose_name=_("training round"),
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    mode = models.CharField(
        _("how it is held"), max_length=12, choices=Mode.choices, default=Mode.VIDEO_LINK
    )
    join_url = models.URLField(_("address to join or watch"), blank=True)
    # A session on the platform is a live showing of the round's course offering.
    showing = models.OneToOneField(
        "programme.Showing",
        verbose_name=_("showing"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="academy_session",
    )
    attendance_collected_at = models.DateTimeField(
        _("attendance read from the foyer"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("course session")
        verbose_name_plural = _("course sessions")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return self.title


class RoundQuestion(models.Model):
    """One of the round's own questions on the application form (at most five)."""

    training_round = models.ForeignKey(
        TrainingRound,
        verbose_name=_("training round"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    text = models.CharField(_("question"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class RoundSeats(models.Model):
    """The seats a municipality has in a round, and who confirmed its selection."""

    training_round = models.ForeignKey(
        TrainingRound,
        verbose_name=_("training round"),
        on_delete=models.CASCADE,
        related_name="seats",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="academy_seats",
    )
    seats = models.PositiveSmallIntegerField(_("seats"))
    confirmed_at = models.DateTimeField(_("selection confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("municipality's seats")
        verbose_name_plural = _("municipalities' seats")
        ordering = ["municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["training_round", "municipality"], name="seats_once_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.seats}"


class ApplicationQuerySet(models.QuerySet):
    def participants(self, training_round) -> "ApplicationQuerySet":
        """The round's cohort: sent applications a municipality selected."""
        return self.filter(training_round=training_round, status="sent").exclude(selected_for=None)


class Application(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class WorksAs(models.TextChoices):
        ORGANISATION = "organisation", _("In an organisation")
        FREELANCER = "freelancer", _("Freelancer")

    training_round = models.ForeignKey(
        TrainingRound,
        verbose_name=_("training round"),
        on_delete=models.CASCADE,
        related_name="applications",
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.CASCADE,
        related_name="academy_applications",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("municipalities where I work"), related_name="+"
    )
    works_as = models.CharField(_("I work"), max_length=14, choices=WorksAs.choices)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    art_forms = models.ManyToManyField(ArtForm, verbose_name=_("art forms"), related_name="+")
    languages = models.ManyToManyField(
        SpokenLanguage, verbose_name=_("languages I work in"), related_name="+"
    )
    experience = models.TextField(_("experience with older audiences"))
    wish = models.TextField(_("what I would like to produce"))
    answers = models.JSONField(_("answers to the round's questions"), default=dict, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # The municipality whose seat the application took; one seat, from the first to select it.
    selected_for = models.ForeignKey(
        Municipality,
        verbose_name=_("selected by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_sent_at = models.DateTimeField(_("decision told"), null=True, blank=True)
    # The course assignment: a real offering made in the studio, reviewed by the trainers.
    pilot_offerings = models.ManyToManyField(
        "programme.Offering",
        verbose_name=_("pilot performances"),
        related_name="pilot_applications",
        blank=True,
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-sent_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["training_round", "applicant"], name="one_application_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.applicant} – {self.training_round}"


class Assessment(TimeStampedModel):
    """A municipality's coordinators' view of one application: a mark, a score and a note
    that only they (and admins) read."""

    class Mark(models.TextChoices):
        SELECTED = "selected", _("Selected")
        RESERVE = "reserve", _("Reserve")
        NOT_SELECTED = "not_selected", _("Not selected")

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    mark = models.CharField(_("decision"), max_length=14, choices=Mark.choices)
    score = models.PositiveSmallIntegerField(_("score (1–5)"), null=True, blank=True)
    note = models.TextField(_("private note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "municipality"], name="one_assessment_per_municipality"
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=5),
                name="score_one_to_five",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} – {self.municipality}: {self.get_mark_display()}"


class RoundTrainer(models.Model):
    """A trainer of a round: runs its sessions, records attendance, reviews the pilots and
    sees the cohort."""

    training_round = models.ForeignKey(
        TrainingRound,
        verbose_name=_("training round"),
        on_delete=models.CASCADE,
        related_name="trainers",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer"),
        on_delete=models.CASCADE,
        related_name="academy_trainings",
    )

    class Meta:
        verbose_name = _("trainer")
        verbose_name_plural = _("trainers")
        constraints = [
            models.UniqueConstraint(
                fields=["training_round", "user"], name="trainer_once_per_round"
            )
        ]

    def __str__(self) -> str:
        return str(self.user)


class SessionMaterial(TimeStampedModel):
    """A link, a file or a short text page for one session, for the cohort only."""

    class Kind(models.TextChoices):
        LINK = "link", _("Link")
        FILE = "file", _("File")
        TEXT = "text", _("Text page")

    session = models.ForeignKey(
        RoundSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="materials"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    url = models.URLField(_("address"), blank=True)
    # Private: served to the cohort through a view, never from the public media.
    file = models.FileField(
        _("file"), upload_to=UnguessableName("academy"), storage=private_storage, blank=True
    )
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title


class Attendance(TimeStampedModel):
    session = models.ForeignKey(
        RoundSession,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    present = models.BooleanField(_("present"), default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "application"], name="attendance_once_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} – {self.session}"


class ClosingSurvey(TimeStampedModel):
    """A participant's answers after the course: what the round learns from."""

    application = models.OneToOneField(
        Application,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="closing_survey",
    )
    usefulness = models.PositiveSmallIntegerField(_("how useful the training was (1–5)"))
    confidence = models.PositiveSmallIntegerField(
        _("how confident I now am making culture for older people (1–5)")
    )
    will_continue = models.BooleanField(_("I will go on making digital culture for older people"))
    comment = models.TextField(_("what should change"), blank=True)

    class Meta:
        verbose_name = _("closing survey")
        verbose_name_plural = _("closing surveys")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(usefulness__gte=1, usefulness__lte=5)
                & models.Q(confidence__gte=1, confidence__lte=5),
                name="survey_scores_one_to_five",
            )
        ]

    def __str__(self) -> str:
        return str(self.application)


class PracticeArticle(TimeStampedModel):
    """A short good-practice article by a trainer or an admin, for every producer."""

    slug = models.SlugField(_("address name"), max_length=140, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("short summary"), max_length=300)
    body = models.TextField(_("text"))
    picture = models.ImageField(_("picture"), upload_to=UnguessableName("practice"), blank=True)
    picture_alt = models.CharField(_("what the picture shows"), max_length=250, blank=True)
    training_round = models.ForeignKey(
        TrainingRound,
        verbose_name=_("training round"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
    )
    pilots = models.ManyToManyField(
        "programme.Offering", verbose_name=_("pilot performances"), related_name="+", blank=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("good-practice article")
        verbose_name_plural = _("good-practice articles")
        ordering = ["-published_at", "-created_at"]

    def __str__(self) -> str:
        return self.title
