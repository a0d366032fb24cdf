"""Offering pictures as the pages use them.

A picture is stored once at most PICTURE_MAX_SIDE pixels on its longer side, and beside it
in the narrower widths of PICTURE_WIDTHS, so that the browser picks through `srcset` what its
screen needs: a phone in a card grid loads a 480-pixel copy, not a 1,600-pixel one."""

import io

from django import forms
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

PICTURE_MAX_SIDE = 1600
PICTURE_WIDTHS = (480, 960)
MAX_PICTURE_BYTES = 10 * 1024 * 1024
MAX_PICTURE_PIXELS = 40_000_000


def picture_upload_check(upload) -> None:
    """What a form's ImageField let through must also be small enough to open: at most
    10 MB, JPEG, PNG or WebP, at most 40 million pixels (a small file can still decode to
    gigabytes)."""
    if upload.size > MAX_PICTURE_BYTES:
        raise forms.ValidationError(_("The picture is too large. The limit is 10 MB."))
    checked = getattr(upload, "image", None)
    if checked and checked.format not in ("JPEG", "PNG", "WEBP"):
        raise forms.ValidationError(
            _("This file is not a picture we can show. Use JPEG, PNG or WebP.")
        )
    width, height = checked.size if checked else (0, 0)
    if width * height > MAX_PICTURE_PIXELS:
        raise forms.ValidationError(
            _("The picture is too large: at most 40 million pixels (for example 8000 × 5000).")
        )


def picture_for_pages(upload) -> Image.Image:
    """Upright, RGB on white, at most PICTURE_MAX_SIDE; the metadata (a phone's photo
    carries where it was taken) is not copied to the new image."""
    with Image.open(upload) as original:
        picture = ImageOps.exif_transpose(original)
        if picture.mode not in ("RGB", "L"):
            background = Image.new("RGB", picture.size, (255, 255, 255))
            rgba = picture.convert("RGBA")
            background.paste(rgba, mask=rgba.getchannel("A"))
            picture = background
        picture = picture.convert("RGB")
    picture.thumbnail((PICTURE_MAX_SIDE, PICTURE_MAX_SIDE), Image.Resampling.LANCZOS)
    return picture


def jpeg(picture: Image.Image) -> ContentFile:
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=85, optimize=True, progressive=True)
    return ContentFile(out.getvalue())


def narrower_copies_save(*, name: str, storage, picture: Image.Image) -> dict[str, str]:
    """Save the narrower widths beside the stored picture `name`; returns width → name."""
    stem = name.rsplit(".", 1)[0]
    copies = {}
    for width in PICTURE_WIDTHS:
        if width >= picture.width:
            continue
        height = max(1, round(picture.height * width / picture.width))
        narrower = picture.resize((width, height), Image.Resampling.LANCZOS)
        copies[str(width)] = storage.save(f"{stem}-{width}w.jpg", jpeg(narrower))
    return copies


def narrower_copies_for_stored(*, name: str, storage) -> dict[str, str]:
    with storage.open(name) as stored, Image.open(stored) as picture:
        picture.load()
        return narrower_copies_save(name=name, storage=storage, picture=picture.convert("RGB"))
