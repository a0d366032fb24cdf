"""Reading foyer data: the foyer itself, who hosts it, presence, messages, questions, reaction
totals and the premiere's shared clock. Nothing here writes."""

import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from operator import attrgetter

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lampio.accounts.models import ProducerMembership
from lampio.programme.models import Offering, Showing

from .models import TABLE_SEATS, Foyer, FoyerTable, Message, Presence, Question, Sanction, Seat
from .reactions import REACTION_KINDS, REACTIONS

PRESENCE_STALE_AFTER = timedelta(seconds=70)


def foyer_load(foyer_id: int) -> Foyer | None:
    return (
        Foyer.objects.select_related("showing", "offering", "pinned")
        .filter(pk=foyer_id, offering__status=Offering.Status.PUBLISHED)
        .first()
    )


def host_ids(foyer: Foyer) -> frozenset[int]:
    """The producer's people, who host the foyer (platform admins host every foyer too)."""
    return frozenset(
        ProducerMembership.objects.filter(producer_id=foyer.offering.producer_id).values_list(
            "user_id", flat=True
        )
    )


# Receivers limit who enters a foyer: they return (member ids, extra host ids) for a foyer of
# theirs, or None, and may add a third item: a check for someone not among the members yet
# (a ticket bought while the foyer is open). The academy's course sessions and the tickets of
# paid showings use it (academy/receivers.py, tickets/receivers.py).
foyer_audience_asked = Signal()


@dataclass(frozen=True)
class FoyerAudience:
    members: frozenset[int] | None = None  # None: everyone
    hosts: frozenset[int] = frozenset()
    late_member: Callable | None = None


def foyer_audience(foyer: Foyer) -> FoyerAudience:
    """Who may come in and who hosts besides the producer's people."""
    for _receiver, answer in foyer_audience_asked.send(sender=Foyer, foyer=foyer):
        if answer is not None:
            members, hosts, *late = answer
            return FoyerAudience(frozenset(members), frozenset(hosts), late[0] if late else None)
    return FoyerAudience()


def seat_of(user, foyer: Foyer) -> Seat | None:
    return Seat.objects.select_related("table").filter(foyer=foyer, user=user).first()


def is_removed(user, foyer: Foyer) -> bool:
    return (
        user.is_authenticated
        and Sanction.objects.filter(foyer=foyer, user=user, kind=Sanction.Kind.REMOVE).exists()
    )


# --- presence --------------------------------------------------------------------------


@dataclass(frozen=True)
class PresenceSnapshot:
    count: int
    tables: dict[int, list[str]]  # table number → names of the people there now
    free: dict[int, int]  # table number → free seats
    groups: tuple = ()  # (place, viewers) of the care-home groups watching now


def presence_snapshot(foyer_id: int) -> PresenceSnapshot:
    """People in the foyer now: logged-in people once however many devices, visitors once
    per connection."""
    present = Presence.objects.filter(foyer_id=foyer_id)
    people = set()
    anonymous = 0
    for user_id in present.values_list("user_id", flat=True):
        if user_id is None:
            anonymous += 1
        else:
            people.add(user_id)
    tables: dict[int, list[str]] = {}
    free: dict[int, int] = {}
    group_tables: dict[int, tuple[str, int]] = {}
    for number, taken, place, viewers in FoyerTable.objects.filter(foyer_id=foyer_id).values_list(
        "number", "taken", "group_place", "group_viewers"
    ):
        free[number] = TABLE_SEATS - taken
        tables[number] = []
        if place:
            group_tables[number] = (place, viewers)
    for number, name in (
        # The present people as a subquery: as a list, every id passed through the ORM's
        # value preparation (a tenth of the server's time with 2,000 people, bench/foyer.py)
        # and past SQLite's limit on parameters at a national concert's size.
        Seat.objects.filter(
            foyer_id=foyer_id, user_id__in=present.filter(user__isnull=False).values("user_id")
        )
        .order_by("table__number", "user__display_name")
        .values_list("table__number", "user__display_name")
    ):
        tables.setdefault(number, []).append(name)
    # A group counts as its viewers, once its screen is in the foyer.
    groups = tuple(group_tables[n] for n in sorted(group_tables) if tables.get(n))
    count = len(people) + anonymous + sum(max(viewers - 1, 0) for _place, viewers in groups)
    return PresenceSnapshot(count=count, tables=tables, free=free, groups=groups)


# --- messages --------------------------------------------------------------------------


def _table_or_announcements(table_id: int | None) -> Q:
    where = Q(table__isnull=True)
    if table_id is not None:
        where |= Q(table_id=table_id)
    return where


def messages_since(*, foyer: Foyer, table_id: int | None, after_id: int, limit: int = 200):
    """What a reconnecting person missed: their table's messages and the announcements."""
    return list(
        Message.objects.filter(
            _table_or_announcements(table_id), foyer=foyer, id__gt=after_id, is_hidden=False
        ).order_by("id")[:limit]
    )


def messages_recent(
    *, foyer: Foyer, table_ids: Iterable[int | None], limit: int = 50
) -> dict[int | None, list[Message]]:
    """What each table's welcome shows: the latest `limit` of its own messages and the
    announcements together, oldest first. One query for all the tables a crowd arriving
    together sits at (the latest `limit` of each table and of the announcements hold the
    latest `limit` of any table with the announcements); a query per table was 8 % of a
    burst's samples in py-spy (bench/foyer.py)."""
    table_ids = set(table_ids)
    latest = (
        Message.objects.filter(
            Q(table__isnull=True) | Q(table_id__in=table_ids - {None}),
            foyer=foyer,
            is_hidden=False,
        )
        .annotate(place=Window(RowNumber(), partition_by=[F("table_id")], order_by=F("id").desc()))
        .filter(place__lte=limit)
    )
    announcements, by_table = [], defaultdict(list)
    for message in latest:
        (announcements if message.table_id is None else by_table[message.table_id]).append(message)
    return {
        table_id: sorted(by_table.get(table_id, []) + announcements, key=attrgetter("id"))[-limit:]
        for table_id in table_ids
    }


# --- questions for the artist ------------------------------------------------------------

_questions_cache: dict[int, tuple[float, list[dict]]] = {}
QUESTIONS_CACHE_SECONDS = 1.0


def questions_list_cached(foyer_id: int) -> list[dict]:
    """For arrivals: a crowd arriving shares one query a second (changes reach everyone in
    `questions` events anyway)."""
    cached = _questions_cache.get(foyer_id)
    if cached is not None and time.monotonic() - cached[0] < QUESTIONS_CACHE_SECONDS:
        return cached[1]
    return questions_list(foyer_id)


def questions_list(foyer_id: int) -> list[dict]:
    items = [
        {
            "id": q.pk,
            "author": q.author_name,
            "author_id": q.author_id,
            "text": q.text,
            "seconds": q.seconds,
            "answered": q.is_answered,
        }
        for q in Question.objects.filter(foyer_id=foyer_id, is_hidden=False).order_by(
            "is_answered", "-seconds", "id"
        )[:100]
    ]
    _questions_cache[foyer_id] = (time.monotonic(), items)
    return items


# --- reactions -------------------------------------------------------------------------


def reaction_keys(foyer_id: int) -> dict[str, str]:
    return {kind: f"foyer-reactions:{foyer_id}:{kind}" for kind in REACTION_KINDS}


def reaction_totals(foyer_id: int) -> dict[str, int]:
    keys = reaction_keys(foyer_id)
    values = cache.get_many(list(keys.values()))
    return {kind: int(values.get(key) or 0) for kind, key in keys.items()}


# --- the premiere's shared clock ---------------------------------------------------------


@dataclass(frozen=True)
class PremiereClock:
    """The one truth of where a premiere is: the watch page's status, the foyer's welcome
    and every pause or resume read it from here; players only extrapolate between reads."""

    starts_at: datetime
    paused_at: datetime | None
    paused_seconds: float
    now: datetime

    @property
    def position(self) -> float:
        """Seconds into the recording everybody is at (pauses left out; 0 before the start)."""
        moment = self.paused_at or self.now
        return max(0.0, (moment - self.starts_at).total_seconds() - self.paused_seconds)


def premiere_clock(*, showing: Showing, foyer: Foyer | None = None, now=None) -> PremiereClock:
    if foyer is None:
        foyer = Foyer.objects.filter(showing=showing).only("paused_at", "paused_seconds").first()
    return PremiereClock(
        starts_at=showing.starts_at,
        paused_at=foyer.paused_at if foyer else None,
        paused_seconds=foyer.paused_seconds if foyer else 0.0,
        now=now or timezone.now(),
    )


# --- the watch page --------------------------------------------------------------------


def foyer_texts() -> dict[str, str]:
    """Words the foyer's script shows, in the page's language."""
    return {
        "people_one": _("1 person in the foyer"),
        "people_many": _("%(count)s people in the foyer"),
        "groups_watching": _("Watching together in a group:"),
        "group_table": _("%(place)s, %(viewers)s viewers"),
        "table": _("Table %(number)s"),
        "table_free": _("Table %(number)s: %(free)s free seats"),
        "table_code": _("Table code for friends: %(code)s"),
        "you": _("you"),
        "opens_at": _("The foyer opens at %(time)s."),
        "closed": _("The foyer is closed."),
        "connecting": _("Connecting to the foyer…"),
        "reconnecting": _("The connection broke. Connecting again…"),
        "connected": _("You are in the foyer."),
        "new_messages": _("New messages below"),
        "announcement": _("Announcement"),
        "name_removed": _("name removed"),
        "second": _("I want to ask this too"),
        "seconds_one": _("1 other person wants to know"),
        "seconds_many": _("%(count)s others want to know"),
        "seconded": _("You want to know this too"),
        "no_free_tables": _("No other table has free seats right now."),
        "answered": _("Answered"),
        "answer": _("Mark as answered"),
        "hide": _("Hide"),
        "pin": _("Pin"),
        "mute": _("Mute for 10 minutes"),
        "remove": _("Remove from the foyer"),
        "report": _("Report"),
        "reported": _("Thank you. The hosts will look at it."),
        "pinned": _("Pinned message"),
        "chat_closed": _("The chat is closed for a moment."),
        "slow_mode": _("Slow mode: one message every %(seconds)s seconds."),
        "video_call": _("Video call at your table"),
        "removed": _("The host has removed you from this foyer."),
    }


def foyer_context(foyer: Foyer) -> dict:
    return {
        "foyer": foyer,
        "foyer_socket": f"/ws/foyer/{foyer.pk}/",
        "foyer_texts": foyer_texts(),
        "reactions": REACTIONS,
        "reaction_kinds": list(REACTION_KINDS),
        "jitsi_domain": settings.JITSI_DOMAIN,
        "video_token_url": reverse("foyer:video_token", kwargs={"foyer_id": foyer.pk})
        if settings.JITSI_DOMAIN
        else "",
    }
