import pytest
from django.utils import translation

from lampio.core.refusals import RefusedError
from lampio.media.captions import captions_to_vtt
from tests.support.media_files import SRT


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English here; their translations are tested elsewhere."""
    with translation.override("en"):
        yield


def test_srt_becomes_webvtt():
    vtt = captions_to_vtt(SRT.encode())
    assert vtt.startswith("WEBVTT\n")
    assert "00:00:00.500 --> 00:00:02.000\nTervetuloa Lämpiöön!" in vtt
    assert "00:00:02.500 --> 00:00:05.000\nLaulamme yhdessä." in vtt


def test_webvtt_with_header_notes_and_settings_is_kept():
    source = "WEBVTT - Lämpiö\n\nNOTE tekijä\n\n00:01.000 --> 00:02.000 line:90%\n<v Laulaja>Hei\n"
    vtt = captions_to_vtt(source.encode("utf-8-sig"))
    assert "00:00:01.000 --> 00:00:02.000 line:90%\n<v Laulaja>Hei" in vtt


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1\n00:00:01,000 -> 00:00:02,000\nHei\n", "Line 2:"),
        ("1\n00:00:03,000 --> 00:00:02,000\nHei\n", "Line 2: the caption ends before it starts"),
        ("1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\n00:00:00,500 --> 00:00:03,000\nB\n", "Line 6:"),
        ("1\n00:00:01,000 --> 00:00:02,000\n", "no text"),
        ("1\n00:00:01,000 --> 00:99:02,000\nHei\n", "Line 2:"),
        ("just some text\nand more\n", "Line 2:"),
        ("", "no captions"),
    ],
)
def test_broken_captions_are_rejected_with_the_line(text, message):
    with pytest.raises(RefusedError, match=message):
        captions_to_vtt(text.encode())


def test_non_utf8_caption_file_names_the_line():
    with pytest.raises(RefusedError, match="Line 3"):
        captions_to_vtt("1\n00:00:01,000 --> 00:00:02,000\nH\xe4n\n".encode("latin-1"))
