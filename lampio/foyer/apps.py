from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FoyerConfig(AppConfig):
    name = "lampio.foyer"
    label = "foyer"
    verbose_name = _("Foyer")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from lampio.accounts.session_signals import account_deleting, logged_out_everywhere

        from . import events, personal_data  # noqa: F401 - personal_data registers itself
        from .models import Seat
        from .services import author_names_remove, seat_given_up

        logged_out_everywhere.connect(
            lambda sender, user, **kwargs: events.account_logged_out(user.pk),
            weak=False,
            dispatch_uid="lampio_foyer_logged_out_everywhere",
        )
        account_deleting.connect(
            lambda sender, user, **kwargs: author_names_remove(user=user),
            weak=False,
            dispatch_uid="lampio_foyer_account_deleting",
        )
        post_delete.connect(
            lambda sender, instance, **kwargs: seat_given_up(seat=instance),
            sender=Seat,
            weak=False,
            dispatch_uid="lampio_foyer_seat_given_up",
        )
