import pytest
from django.utils import translation

from lampio.core.refusals import RefusedError
from lampio.media import probe
from lampio.media.probe import probe_video
from tests.support.media_files import make_audio_only, make_clip, make_image


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English here; their translations are tested elsewhere."""
    with translation.override("en"):
        yield


def test_a_real_clip_is_measured(tmp_path):
    info = probe_video(make_clip(tmp_path / "clip.mp4", seconds=3))
    assert (info.width, info.height, info.video_codec, info.has_audio) == (640, 360, "h264", True)
    assert 2.9 <= info.duration <= 3.2
    assert info.fps == 25


def write(path, data):
    if isinstance(data, str):
        path.write_text(data)
    else:
        path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: write(p, b""), "The file is empty"),
        (lambda p: write(p, "Tämä on tekstiä, ei videota.\n" * 50), "not a video file"),
        (lambda p: make_image(p), "no picture"),
        (lambda p: make_audio_only(p.with_suffix(".m4a")), "no picture"),
        (lambda p: write(p, b"\x00\x00\x00\x18ftypmp42" + b"\xde\xad" * 5000), "not a video file"),
    ],
    ids=["zero bytes", "renamed text file", "image", "sound only", "corrupted"],
)
def test_files_that_are_not_videos_get_a_clear_message(tmp_path, make, message):
    path = make(tmp_path / "upload.mp4")
    with pytest.raises(RefusedError, match=message):
        probe_video(path)


def test_a_truncated_video_is_refused(tmp_path):
    clip = make_clip(tmp_path / "clip.mp4", seconds=3)
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(clip.read_bytes()[:2000])
    with pytest.raises(RefusedError):
        probe_video(broken)


def test_over_size_and_over_length_uploads_are_refused(tmp_path, monkeypatch):
    clip = make_clip(tmp_path / "clip.mp4", seconds=3)
    monkeypatch.setattr(probe, "MAX_BYTES", 1000)
    with pytest.raises(RefusedError, match="larger than 20 GB"):
        probe_video(clip)
    monkeypatch.setattr(probe, "MAX_BYTES", 10**12)
    monkeypatch.setattr(probe, "MAX_DURATION_SECONDS", 2)
    with pytest.raises(RefusedError, match="longer than 4 hours"):
        probe_video(clip)
