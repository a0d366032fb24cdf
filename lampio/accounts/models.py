from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac
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

    def __str__(self) -> str:
        return self.display_name or self.name or self.username

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

    class Meta:
        verbose_name = _("login link")
        verbose_name_plural = _("login links")
