from django import template

from lampio.academy.models import TrainingRound

register = template.Library()


@register.simple_tag
def pilot_round(offering) -> TrainingRound | None:
    """The academy round whose pilot this offering is, if any."""
    return TrainingRound.objects.filter(applications__pilot_offerings=offering).first()
