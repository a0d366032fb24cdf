"""The viewing-data endpoint's contract: what a batch from the player or the foyer may hold.

A batch is one page's events, numbered by the page (`seq`) so that a batch sent twice (the
beacon API retries, a tab is restored) is stored once. Anything malformed, out of order, from
the future, too old or too large is refused as a whole with a plain message; nothing of it is
stored.
"""

import re
import uuid
from datetime import datetime, timedelta
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from lampio.core.refusals import RefusedError

from .models import ViewingEvent

MAX_BATCH_BYTES = 16 * 1024
MAX_BATCH_EVENTS = 100
ALLOWED_CLOCK_SKEW = timedelta(minutes=2)
MAX_EVENT_AGE = timedelta(hours=24)
# A heartbeat comes every 30 s; its value is the seconds actually played since the last one.
MAX_PLAYED_SECONDS = 120
MAX_COUNT = 1000

KIND_BY_NAME = {label: value for value, label in ViewingEvent.Kind.choices}
KindName = Literal[tuple(KIND_BY_NAME)]  # type: ignore[valid-type]


class EventIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seq: Annotated[int, Field(ge=0, lt=2**31)]
    kind: KindName
    t: Annotated[float, Field(gt=0, lt=1e13, description="milliseconds since 1970")]
    position: Annotated[float | None, Field(ge=0, le=172_800)] = None
    value: Annotated[int, Field(ge=0, le=MAX_COUNT)] = 0

    @model_validator(mode="after")
    def _plausible_value(self) -> "EventIn":
        if self.kind in ("heartbeat", "complete") and self.value > MAX_PLAYED_SECONDS:
            raise ValueError("more played seconds than fit between two heartbeats")
        return self


class BatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    session: uuid.UUID
    token: Annotated[str, Field(min_length=1, max_length=200)]
    offering: Annotated[int, Field(ge=1, lt=2**31)]
    showing: Annotated[int | None, Field(ge=1, lt=2**31)] = None
    events: Annotated[list[EventIn], Field(min_length=1, max_length=MAX_BATCH_EVENTS)]

    @model_validator(mode="after")
    def _in_order(self) -> "BatchIn":
        for earlier, later in zip(self.events, self.events[1:], strict=False):
            if later.seq <= earlier.seq or later.t < earlier.t:
                raise ValueError("events are out of order")
        return self


def batch_parse(body: bytes, *, now: datetime) -> BatchIn:
    if len(body) > MAX_BATCH_BYTES:
        raise RefusedError("feedback.beacon_too_large")
    try:
        batch = BatchIn.model_validate_json(body)
    except ValidationError as error:
        too_many = any(e["type"] == "too_long" for e in error.errors())
        raise RefusedError(
            "feedback.beacon_too_large" if too_many else "feedback.beacon_malformed"
        ) from None
    newest = datetime.fromtimestamp(batch.events[-1].t / 1000, tz=now.tzinfo)
    oldest = datetime.fromtimestamp(batch.events[0].t / 1000, tz=now.tzinfo)
    if newest > now + ALLOWED_CLOCK_SKEW:
        raise RefusedError("feedback.beacon_future")
    if oldest < now - MAX_EVENT_AGE:
        raise RefusedError("feedback.beacon_too_old")
    return batch


_TV = re.compile(r"SmartTV|SMART-TV|Tizen|Web0S|WebOS|HbbTV|AppleTV|BRAVIA|CrKey|AFT[A-Z]", re.I)
_TABLET = re.compile(r"iPad|Tablet|Android(?!.*Mobile)|Silk", re.I)
_PHONE = re.compile(r"Mobi|iPhone|iPod|Android", re.I)


def device_of(user_agent: str) -> int:
    """The kind of screen, from the User-Agent: all that reports need, nothing more."""
    if not user_agent:
        return ViewingEvent.Device.OTHER
    if _TV.search(user_agent):
        return ViewingEvent.Device.TV
    if _TABLET.search(user_agent):
        return ViewingEvent.Device.TABLET
    if _PHONE.search(user_agent):
        return ViewingEvent.Device.PHONE
    return ViewingEvent.Device.COMPUTER
