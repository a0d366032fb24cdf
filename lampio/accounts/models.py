from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lampio.core.models import TimeStampedModel
from lampio.municipalities.models import Municipality


class User(AbstractUser):
    """A person using Lämpiö. The audience has no password: they log in with a code or a
    one-click link sent by email. Staff may add a password and two-factor authentication."""

    class Language(models.TextChoices):
        FI = "fi", "Suomi"
        SV = "sv", "Svenska"
        EN = "en", "English"

    class BirthYearBand(models.TextChoices):
        BEFORE_1940 = "-1939", _("before 1940")
        Y1940 = "1940-1949", _("1940–1949")
        Y1950 = "1950-1959", _("1950–1959")
        Y1960 = "1960-", _("1960 or later")

    name = models.CharField(_("name"), max_length=150)
    display_name = models.CharField(
        _("name shown in the foyer"),
        max_length=60,
        help_text=_("Other viewers see this name, for example “Aino, Tampere”."),
    )
    home_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("home municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents",
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.FI
    )
    birth_year_band = models.CharField(
        _("birth year"), max_length=12, choices=BirthYearBand.choices, blank=True
    )
    statistics_consent_at = models.DateTimeField(
        _("consented to statistics"), null=True, blank=True
    )
    analytics_consent_at = models.DateTimeField(
        _("consented to viewing statistics"), null=True, blank=True
    )
    # Raising this ends every session of the user ("log out on all devices").
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    # createsuperuser asks for these too: nobody is greeted as "Hello," with no name.
    REQUIRED_FIELDS = ["email", "name"]

    def __str__(self) -> str:
        return self.display_name or self.name or self.username

    @property
    def first_name_shown(self) -> str:
        """How the person is greeted: the first name ("Aino"), never the foyer name
        ("Aino, Tampere") and never the internal username."""
        first = (self.name.split() or self.display_name.split(",")[0].split() or [""])[0]
        return first

    @property
    def name_shown(self) -> str:
        """The person to people (a choice of accounts, a helper's list): never the internal
        username."""
        return self.display_name or self.name or self.email or gettext("Nameless account")

    def _get_session_auth_hash(self, secret=None) -> str:
        return salted_hmac(
            "lampio.accounts.User.session",
            f"{self.password}:{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class LoginLink(TimeStampedModel):
    """A single-use link in the login email that logs the person in with one click."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_links")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    # Where the link leads after logging in (a reminder's watch page); empty: "My page".
    next_path = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("login link")
        verbose_name_plural = _("login links")


class ProducerMembership(TimeStampedModel):
    """A person working for a producer organisation (theatre, orchestra, association or a
    freelancer's own). Members change only their organisation's content."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="producer_memberships")
    producer = models.ForeignKey(
        "programme.Producer", on_delete=models.CASCADE, related_name="memberships"
    )
    can_invite = models.BooleanField(_("may invite colleagues"), default=True)

    class Meta:
        verbose_name = _("producer membership")
        verbose_name_plural = _("producer memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "producer"], name="one_membership_per_producer")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.producer}"


class CoordinatorAssignment(TimeStampedModel):
    """A municipality coordinator: reviews producers and content, selects training
    participants and sees reports for this municipality."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="coordinator_assignments")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="coordinator_assignments"
    )

    class Meta:
        verbose_name = _("coordinator assignment")
        verbose_name_plural = _("coordinator assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality"], name="one_assignment_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.municipality}"


class GroupHost(TimeStampedModel):
    """An activity instructor who shows performances to a group, e.g. in a service house."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="group_host")
    place = models.CharField(_("place"), max_length=150)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="group_hosts"
    )
    residents = models.PositiveSmallIntegerField(_("number of residents"), null=True, blank=True)

    class Meta:
        verbose_name = _("group host")
        verbose_name_plural = _("group hosts")

    def __str__(self) -> str:
        return f"{self.user} – {self.place}"


class Invitation(TimeStampedModel):
    """An invitation by email to a role: coordinator of a municipality, member of a
    producer organisation, or trainer of an academy round."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Municipality coordinator")
        PRODUCER = "producer", _("Producer")
        TRAINER = "trainer", _("Academy trainer")

    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    producer = models.ForeignKey(
        "programme.Producer", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    training_round = models.ForeignKey(
        "academy.TrainingRound",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="invitations_sent"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        role="coordinator",
                        municipality__isnull=False,
                        producer__isnull=True,
                        training_round__isnull=True,
                    )
                    | models.Q(
                        role="producer",
                        producer__isnull=False,
                        municipality__isnull=True,
                        training_round__isnull=True,
                    )
                    | models.Q(
                        role="trainer",
                        training_round__isnull=False,
                        municipality__isnull=True,
                        producer__isnull=True,
                    )
                ),
                name="invitation_names_its_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_role_display()})"


class HelperRelation(TimeStampedModel):
    """A personal helper (avustaja): a relative, friend or volunteer whom a person trusts
    to act for them. Pending until the helper confirms with the invited address; active
    until either of them removes it. For a person without an email address, the helper's
    address receives the login codes (`codes_to_helper`)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the helper")
        ACTIVE = "active", _("Active")

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="helper_relations")
    helper = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="helping_relations"
    )
    helper_email = models.EmailField(_("helper's email"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    codes_to_helper = models.BooleanField(_("login codes go to the helper"), default=False)
    token_hash = models.CharField(max_length=64, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("helper")
        verbose_name_plural = _("helpers")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "helper"],
                condition=models.Q(helper__isnull=False),
                name="one_relation_per_helper",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="active") | models.Q(helper__isnull=False),
                name="active_helper_is_known",
            ),
        ]

    def __str__(self) -> str:
        # Never the helper's address: audit entries keep this text, and coordinators read them.
        helper = self.helper.name_shown if self.helper else gettext("a helper not yet confirmed")
        return f"{helper} → {self.person.name_shown}"
