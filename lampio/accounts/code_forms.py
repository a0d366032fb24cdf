"""allauth's login-code forms with plain labels. Kept apart from forms.py, which allauth
imports while loading its own forms (ACCOUNT_SIGNUP_FORM_CLASS)."""

from allauth.account import forms as allauth_forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lampio.core.plain_text import PlainTextForm

from .forms import ProfileSignupForm


class RequestLoginCodeForm(PlainTextForm, allauth_forms.RequestLoginCodeForm):
    """allauth's form with plain labels and an upper bound on the address (RFC 5321)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = _("Email address")
        email.max_length = 254
        email.widget.attrs.update({"maxlength": "254", "autocomplete": "email"})
        email.widget.attrs.pop("placeholder", None)
        email.validators.append(MaxLengthValidator(254))
        email.error_messages["required"] = _("Please write your email address.")
        email.error_messages["invalid"] = _(
            "Check the email address. It should look like aino@example.fi."
        )

    def clean_email(self):
        try:
            return super().clean_email()
        except ValidationError as error:
            if getattr(error, "code", None) != "too_many_login_attempts":
                raise
            # Nothing failed: she asked for several codes in a short time.
            minutes = max(1, round(_code_request_wait_minutes()))
            raise ValidationError(
                ngettext(
                    "You have asked for several codes in a short time. Wait a minute and ask "
                    "again. A code already sent works for 15 minutes: look in your email.",
                    "You have asked for several codes in a short time. Wait %(minutes)d minutes "
                    "and ask again. A code already sent works for 15 minutes: look in your "
                    "email.",
                    minutes,
                )
                % {"minutes": minutes},
                code="too_many_code_requests",
            ) from error


def _code_request_wait_minutes() -> int:
    """How long someone waits after asking for too many codes: the period of the per-address
    limit in ACCOUNT_RATE_LIMITS["request_login_code"] ("3/m/key" → 1, "3/5m/key" → 5)."""
    for rule in settings.ACCOUNT_RATE_LIMITS.get("request_login_code", "").split(","):
        parts = rule.strip().split("/")
        if len(parts) == 3 and parts[2] == "key" and parts[1]:
            count, unit = parts[1][:-1], parts[1][-1]
            minutes_per_unit = {"s": 1 / 60, "m": 1, "h": 60, "d": 1440}.get(unit, 1)
            return int((int(count) if count.isdigit() else 1) * minutes_per_unit) or 1
    return 1


class ConfirmLoginCodeForm(PlainTextForm, allauth_forms.ConfirmLoginCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        code = self.fields["code"]
        code.label = _("Code from the email")
        code.widget.attrs.pop("placeholder", None)
        code.widget.attrs.update({"class": "code-input", "autocapitalize": "characters"})
        code.error_messages["required"] = _("Please paste or write the code.")


class SignupForm(allauth_forms.SignupForm):  # PlainTextForm via ProfileSignupForm
    """allauth's sign-up (which includes ProfileSignupForm's fields) with plain wording."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = _("Email address (yours or your helper's)")
        email.help_text = _("We send login codes to this address.")
        email.widget.attrs.pop("placeholder", None)
        email.widget.attrs["maxlength"] = "254"
        email.validators.append(MaxLengthValidator(254))
        email.error_messages["required"] = _("Please write your email address.")
        email.error_messages["invalid"] = _(
            "Check the email address. It should look like aino@example.fi."
        )
        self.order_fields(ProfileSignupForm.field_order)


class StaffPasswordLoginForm(PlainTextForm, allauth_forms.LoginForm):
    """The staff page `/accounts/login/`: email and password (then TOTP when turned on).

    allauth drops the password field when sign-up is passwordless; the audience indeed has
    none, but staff who set one log in with it here."""

    def _setup_password_field(self) -> None:
        self.fields["login"].label = _("Email address")
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["password"].widget.attrs.pop("placeholder", None)
