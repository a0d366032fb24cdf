from django.contrib.auth.models import AbstractUser
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """Lämpiö's own user model, in place from the first migration so that login by email
    code, helpers and roles can grow here without swapping the user model later."""

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
