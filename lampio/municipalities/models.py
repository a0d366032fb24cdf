from django.db import models
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    """A Finnish municipality taking part in Lämpiö. Data, not code: admins add more."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    # Statistics Finland's three-digit municipality code, e.g. "091" for Helsinki.
    code = models.CharField(_("municipality code"), max_length=3, unique=True)
    is_coordinator = models.BooleanField(_("coordinates the platform"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
