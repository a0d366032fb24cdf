from django.db import models
from django.utils.text import slugify


def unique_slug(model: type[models.Model], text: str, *, fallback: str, max_length: int = 120):
    """An address name from `text` that no row of `model` has yet ("kevat", "kevat-2", …)."""
    base = slugify(text)[:max_length] or fallback
    slug, counter = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug
