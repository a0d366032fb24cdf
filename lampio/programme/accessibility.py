"""The accessibility features an offering can have: one list for the model's fields, the
catalogue's filters, the studio form, the badges and the demo season."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class AccessibilityFeature:
    slug: str  # the catalogue's URL value
    field: str  # the Offering field
    label: Promise
    symbol: str = ""  # a short mark shown before the label on badges ("CC")


ACCESSIBILITY_FEATURES = (
    AccessibilityFeature("captions", "has_captions", _("Captions"), "CC"),
    AccessibilityFeature("sign-language", "has_sign_language", _("Sign language")),
    AccessibilityFeature(
        "audio-description", "has_audio_description", _("Audio description"), "AD"
    ),
    AccessibilityFeature("plain-language", "is_plain_language", _("Plain language")),
    AccessibilityFeature(
        "memory-friendly", "is_memory_friendly", _("Suits people with memory disorders")
    ),
    AccessibilityFeature("group-viewing", "is_group_friendly", _("Suits group viewing")),
)
ACCESSIBILITY_FIELDS = [feature.field for feature in ACCESSIBILITY_FEATURES]


def offering_features(offering) -> list[AccessibilityFeature]:
    return [feature for feature in ACCESSIBILITY_FEATURES if getattr(offering, feature.field)]
