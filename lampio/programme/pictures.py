"""Offering pictures as the pages use them.

A picture is stored once at most PICTURE_MAX_SIDE pixels on its longer side, and beside it
in the narrower widths of PICTURE_WIDTHS, so that the browser picks through `srcset` what its
screen needs: a phone in a card grid loads a 480-pixel copy, not a 1,600-pixel one."""

import io

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

PICTURE_MAX_SIDE = 1600
PICTURE_WIDTHS = (480, 960)


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
