"""What typed text may hold: the one rule every form applies to every text field.

A single-line field (a name, a title, an address) refuses line breaks and other control
characters, so a title never breaks a mail header or a calendar file. Any text refuses
NUL and the other C0 controls (PostgreSQL cannot store NUL), lone surrogates, and the
bidirectional overrides that make text read differently from what it says."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .mail import one_line

_BIDI_OVERRIDES = "\u202a-\u202e\u2066-\u2069"
_SURROGATES = "\ud800-\udfff"
SINGLE_LINE_REFUSED = re.compile(f"[\x00-\x1f\x7f\x85\u2028\u2029{_BIDI_OVERRIDES}{_SURROGATES}]")
MULTI_LINE_REFUSED = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f{_BIDI_OVERRIDES}{_SURROGATES}]")


def validate_single_line(value) -> None:
    if isinstance(value, str) and SINGLE_LINE_REFUSED.search(value):
        raise ValidationError(
            _("Please write this on one line, without special characters."),
            code="control_characters",
        )


def validate_multi_line(value) -> None:
    if isinstance(value, str) and MULTI_LINE_REFUSED.search(value):
        raise ValidationError(
            _("The text has characters that cannot be saved. Please remove them."),
            code="control_characters",
        )


def text_validator_for(field: forms.Field):
    if not isinstance(field, forms.CharField):
        return None
    return validate_multi_line if isinstance(field.widget, forms.Textarea) else validate_single_line


class PlainTextForm:
    """Mixin for every form of the platform (a test checks that none is without it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            validator = text_validator_for(field)
            if validator is not None and validator not in field.validators:
                field.validators.append(validator)


def one_line_cut(text: str, max_length: int) -> str:
    """A value derived from typed text (a display name from a name, a file name), made
    safe for a single-line column: control characters gone, cut to the column's length."""
    return SINGLE_LINE_REFUSED.sub("", one_line(text))[:max_length]
