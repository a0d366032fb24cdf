"""The reactions an audience can send in the foyer: one list for the message schema, the
hub's counters, the panel's buttons and totals, and the foyer's script (json_script)."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Reaction:
    kind: str
    emoji: str
    label: Promise


REACTIONS = (
    Reaction("applause", "👏", _("Applaud")),
    Reaction("heart", "❤️", _("Lovely")),
    Reaction("laugh", "😄", _("Funny")),
    Reaction("bravo", "🌹", _("Bravo")),
)
REACTION_KINDS = tuple(reaction.kind for reaction in REACTIONS)
