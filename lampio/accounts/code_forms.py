"""allauth's login-code forms with plain labels. Kept apart from forms.py, which allauth
imports while loading its own forms (ACCOUNT_SIGNUP_FORM_CLASS)."""

from allauth.account import forms as allauth_forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

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
