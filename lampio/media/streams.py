"""Live broadcasts: which streaming services are allowed, and is the stream coming through?

A producer's encoder (OBS) sends to their streaming server or CDN, which publishes an HLS
playlist. The platform never touches the video itself; it reads the playlist to tell the
audience "Live now", "Starting soon" or "The broadcast has a problem, please wait".
"""

import fnmatch
import ipaddress
import logging
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urljoin, urlsplit

import httpx
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from lampio.core import dates
from lampio.programme.models import Showing, StreamState

logger = logging.getLogger(__name__)
FETCH_TIMEOUT_SECONDS = 4.0
MAX_PLAYLIST_BYTES = 512 * 1024
# A live playlist that has not changed for this long is stuck (3 × a usual target duration).
STALL_AFTER = timedelta(seconds=20)
RECHECK_AFTER = timedelta(seconds=10)
# Checks happen from this long before the start until the end of the showing.
WATCH_BEFORE_START = timedelta(minutes=45)


def stream_origin_allowed(url: str) -> bool:
    """Is the address on a streaming service in LIVE_STREAM_ORIGINS (and so in the CSP)?"""
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}".lower()
    return any(
        fnmatch.fnmatchcase(origin, allowed.lower()) for allowed in settings.LIVE_STREAM_ORIGINS
    )


MAX_REDIRECTS = 3


def _address_is_public(host: str) -> bool:
    """Does every address the host name resolves to lie on the public internet?"""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return False
    addresses = {ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos}
    return bool(addresses) and all(address.is_global for address in addresses)


def stream_url_fetchable(url: str) -> bool:
    """May the platform's server fetch this address? It must be http(s) on an allowed
    streaming origin and, unless LIVE_STREAM_PRIVATE_ADDRESSES says otherwise, resolve to
    public addresses only: the health check runs on anonymous requests and must never be a
    way to probe the platform's own network."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    if not stream_origin_allowed(url):
        return False
    return settings.LIVE_STREAM_PRIVATE_ADDRESSES or _address_is_public(parts.hostname)


@dataclass(frozen=True)
class PlaylistReading:
    marker: str  # changes whenever the live playlist moves on
    ended: bool


class StreamUnreachable(Exception):
    pass


def _local_media_name(url: str) -> str | None:
    """The storage name when the address is on the platform's own media (the embedded
    default's live origin writes there); such a playlist is read from storage, not fetched."""
    prefix = settings.MEDIA_URL
    if prefix.startswith("/") and url.startswith(prefix):
        return url[len(prefix) :].split("?", 1)[0]
    return None


def _read_local(name: str) -> str:
    try:
        with default_storage.open(name, "rb") as playlist:
            data = playlist.read(MAX_PLAYLIST_BYTES + 1)
    except (OSError, SuspiciousFileOperation) as error:
        raise StreamUnreachable(str(error)) from error
    if len(data) > MAX_PLAYLIST_BYTES:
        raise StreamUnreachable("playlist too large")
    text = data.decode("utf-8", "replace")
    if not text.startswith("#EXTM3U"):
        raise StreamUnreachable("not an HLS playlist")
    return text


def _fetch(client: httpx.Client, url: str) -> str:
    """GET a playlist, following redirects by hand so that every address on the way passes
    the same checks as the first."""
    local = _local_media_name(url)
    if local is not None:
        return _read_local(local)
    for _attempt in range(MAX_REDIRECTS + 1):
        if not stream_url_fetchable(url):
            raise StreamUnreachable("address not allowed")
        try:
            response = client.get(url)
        except httpx.HTTPError as error:
            raise StreamUnreachable(str(error)) from error
        if not response.is_redirect:
            break
        url = urljoin(url, response.headers.get("location", ""))
    else:
        raise StreamUnreachable("too many redirects")
    if response.status_code != 200 or len(response.content) > MAX_PLAYLIST_BYTES:
        raise StreamUnreachable(f"HTTP {response.status_code}")
    text = response.text
    if not text.startswith("#EXTM3U"):
        raise StreamUnreachable("not an HLS playlist")
    return text


def playlist_read(url: str) -> PlaylistReading:
    """Read a master or media playlist; for a master, follow its first variant."""
    with httpx.Client(timeout=FETCH_TIMEOUT_SECONDS, follow_redirects=False) as client:
        text = _fetch(client, url)
        if "#EXT-X-STREAM-INF" in text:
            lines = text.splitlines()
            variant = next(
                (
                    lines[i + 1].strip()
                    for i, line in enumerate(lines[:-1])
                    if line.startswith("#EXT-X-STREAM-INF")
                ),
                "",
            )
            if not variant:
                raise StreamUnreachable("master playlist without variants")
            url = urljoin(url, variant)
            text = _fetch(client, url)
    sequence = "0"
    segments = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("#EXT-X-MEDIA-SEQUENCE:"):
            sequence = line.split(":", 1)[1]
        elif line and not line.startswith("#"):
            segments.append(line)
    if not segments:
        raise StreamUnreachable("no segments yet")
    return PlaylistReading(
        marker=f"{sequence}|{len(segments)}|{segments[-1]}"[:600],
        ended="#EXT-X-ENDLIST" in text,
    )


def stream_health_check(showing: Showing, *, now: datetime | None = None) -> Showing:
    """Read the playlist once and record what it tells: coming through, stuck or missing."""
    now = now or timezone.now()
    fields = {"stream_checked_at": now}
    try:
        reading = playlist_read(showing.stream_url)
    except StreamUnreachable as error:
        logger.info("stream of showing %s unreachable: %s", showing.pk, error)
        fields["stream_state"] = StreamState.PROBLEM
    else:
        if reading.marker != showing.stream_marker:
            fields["stream_marker"] = reading.marker
            fields["stream_advanced_at"] = now
            advanced_at = now
        else:
            advanced_at = showing.stream_advanced_at or now
        if reading.ended:
            fields["stream_state"] = StreamState.ENDED
        elif now - advanced_at > STALL_AFTER:
            fields["stream_state"] = StreamState.PROBLEM
        else:
            fields["stream_state"] = StreamState.OK
    Showing.objects.filter(pk=showing.pk).update(**fields)
    for name, value in fields.items():
        setattr(showing, name, value)
    return showing


def stream_is_watched(showing: Showing, now: datetime) -> bool:
    return bool(showing.stream_url) and (
        showing.starts_at - WATCH_BEFORE_START <= now <= showing.ends_at
    )


def stream_health_refresh(showing: Showing, *, now: datetime | None = None) -> Showing:
    """Check again when the last check is older than RECHECK_AFTER; many viewers asking at
    once cause one check (a cache lock), the rest read the recorded state."""
    now = now or timezone.now()
    if not stream_is_watched(showing, now):
        return showing
    if showing.stream_checked_at and now - showing.stream_checked_at < RECHECK_AFTER:
        return showing
    if not cache.add(f"stream-check:{showing.pk}", 1, timeout=RECHECK_AFTER.total_seconds()):
        return showing
    return stream_health_check(showing, now=now)


class AudienceState:
    SOON = "soon"
    WAITING = "waiting"  # the start time has come, but no broadcast has been set up
    LIVE = "live"
    PROBLEM = "problem"
    ENDED = "ended"


def stream_audience_state(showing: Showing, *, now: datetime | None = None) -> str:
    """What the audience is told. Before the start it is always "starting soon": a problem
    before the show is the producer's to fix (the studio shows it), not the audience's worry."""
    now = now or timezone.now()
    if now > showing.ends_at:
        return AudienceState.ENDED
    if now < showing.starts_at:
        return AudienceState.SOON
    if not showing.stream_url:
        return AudienceState.WAITING
    if showing.stream_state == StreamState.ENDED:
        return AudienceState.ENDED
    if showing.stream_state == StreamState.OK:
        return AudienceState.LIVE
    return AudienceState.PROBLEM


def audience_text(state: str, showing) -> str:
    """The broadcast's state in the words the watch page shows (and the status poll sends)."""
    if state == AudienceState.SOON:
        return _("The broadcast starts here at %(time)s.") % {
            "time": dates.format_time(showing.starts_at)
        }
    return {
        AudienceState.WAITING: _("The broadcast has not started yet. Please wait a moment."),
        AudienceState.LIVE: _("Live now"),
        AudienceState.PROBLEM: _("The broadcast has a problem, please wait"),
        AudienceState.ENDED: _("The broadcast has ended. Thank you for watching!"),
    }[state]
