from django.core.management.base import BaseCommand

from lampio.media.reminders import caption_reminders_send


class Command(BaseCommand):
    help = (
        "Email producers whose live-broadcast recordings still lack captions and are due within "
        "three days (run daily, e.g. from cron)."
    )

    def handle(self, *args, **options) -> None:
        sent = caption_reminders_send()
        self.stdout.write(f"Caption reminders sent: {sent}")
