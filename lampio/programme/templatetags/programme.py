from django import template

from lampio.programme.accessibility import offering_features

register = template.Library()


@register.filter
def accessibility_features(offering) -> list:
    """The offering's accessibility features, in the one order the catalogue uses."""
    return offering_features(offering)
