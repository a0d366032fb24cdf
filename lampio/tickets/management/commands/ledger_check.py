from django.core.management.base import BaseCommand, CommandError

from lampio.tickets.ledger import ledger_check


class Command(BaseCommand):
    help = "Prove the ledger: entries add up to zero and every balance equals its entries."

    def handle(self, *args, **options):
        result = ledger_check()
        if not result.sound:
            raise CommandError(
                f"ledger is off: total {result.total_cents} cents, "
                f"unbalanced transactions {result.unbalanced_transactions}, "
                f"accounts off {result.accounts_off}"
            )
        self.stdout.write(self.style.SUCCESS("The ledger sums to zero; every balance matches."))
