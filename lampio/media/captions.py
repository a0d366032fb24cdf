"""Captions: WebVTT and SRT files checked cue by cue; SRT becomes WebVTT.

Errors name the line, so a producer can fix the file: "Line 7: the time is not in the form
00:01:02.500 --> 00:01:04.000."
"""

import re

from lampio.core.refusals import RefusedError

MAX_CAPTION_BYTES = 2 * 1024 * 1024
TIMING = re.compile(
    r"^\s*(?P<start>(?:\d{1,2}:)?\d{2}:\d{2}[.,]\d{3})\s*-->\s*"
    r"(?P<end>(?:\d{1,2}:)?\d{2}:\d{2}[.,]\d{3})(?P<settings>(?:\s+\S+)*)\s*$"
)


def _seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    if len(parts) == 2:
        parts.insert(0, "0")
    hours, minutes, seconds = parts
    if int(minutes) > 59 or float(seconds) >= 60:
        raise ValueError
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def _vtt_stamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def captions_to_vtt(data: bytes) -> str:
    """Return a clean WebVTT text, or raise RefusedError naming the line that is wrong."""
    if len(data) > MAX_CAPTION_BYTES:
        raise RefusedError("media.caption_too_large")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RefusedError("media.caption_not_utf8", line=line) from error
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    index = 0
    if lines and lines[0].startswith("WEBVTT"):
        index = 1
        while index < len(lines) and lines[index].strip():  # header block
            index += 1
    cues: list[tuple[float, float, str, list[str]]] = []
    previous_start = -1.0
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        if lines[index].startswith("NOTE") or lines[index].startswith("STYLE"):
            while index < len(lines) and lines[index].strip():
                index += 1
            continue
        if "-->" not in lines[index]:
            index += 1  # a cue identifier (SRT numbers them) precedes the timing line
            if index >= len(lines) or "-->" not in lines[index]:
                raise RefusedError(
                    "media.caption_no_start_time", line=min(index, len(lines) - 1) + 1
                )
        match = TIMING.match(lines[index])
        if match is None:
            raise RefusedError("media.caption_time", line=index + 1)
        try:
            start, end = _seconds(match["start"]), _seconds(match["end"])
        except ValueError as error:
            raise RefusedError("media.caption_time", line=index + 1) from error
        if end <= start:
            raise RefusedError("media.caption_ends_first", line=index + 1)
        if start < previous_start:
            raise RefusedError("media.caption_out_of_order", line=index + 1)
        previous_start = start
        settings = (match["settings"] or "").strip()
        index += 1
        body = []
        while index < len(lines) and lines[index].strip():
            body.append(lines[index].replace("-->", "->"))
            index += 1
        if not body:
            raise RefusedError("media.caption_no_text", line=index)
        cues.append((start, end, settings, body))
    if not cues:
        raise RefusedError("media.caption_empty")
    out = ["WEBVTT", ""]
    for start, end, settings, body in cues:
        timing = f"{_vtt_stamp(start)} --> {_vtt_stamp(end)}"
        out.append(f"{timing} {settings}".rstrip())
        out.extend(body)
        out.append("")
    return "\n".join(out)
