"""Poster images drawn with Pillow, so the demo season and tests need nothing downloaded."""

import io
import textwrap

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

POSTER_SIZE = (960, 540)


def poster_jpeg(
    title: str, colours: tuple[tuple[int, int, int], tuple[int, int, int]]
) -> ContentFile:
    width, height = POSTER_SIZE
    top, bottom = colours
    image = Image.new("RGB", POSTER_SIZE, top)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        mix = y / (height - 1)
        colour = tuple(round(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    # A warm "lamp" circle: Lämpiö's visual motif.
    draw.ellipse((width - 260, -120, width + 120, 260), fill=(255, 226, 160))
    font = ImageFont.load_default(size=72)
    lines = textwrap.wrap(title, width=18)[:3]
    y = height - 60 - 86 * len(lines)
    for line in lines:
        draw.text((52, y + 3), line, font=font, fill=(0, 0, 0))
        draw.text((48, y), line, font=font, fill=(255, 255, 255))
        y += 86
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=78, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue())
