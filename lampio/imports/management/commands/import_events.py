from django.core.management.base import BaseCommand, CommandError

from lampio.imports.models import EventSource
from lampio.imports.services import source_import


class Command(BaseCommand):
    help = (
        "Import events from the configured Linked Events sources (all active ones, or the "
        "ones named): what changed since the last finished run, or everything with --full."
    )

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="*", help="slugs of sources (default: all active)")
        parser.add_argument("--full", action="store_true", help="read every coming event")

    def handle(self, *args, sources, full, **options):
        chosen = EventSource.objects.select_related("producer")
        chosen = chosen.filter(slug__in=sources) if sources else chosen.filter(is_active=True)
        unknown = set(sources) - {source.slug for source in chosen}
        if unknown:
            raise CommandError(f"No such source: {', '.join(sorted(unknown))}")
        failed = False
        for source in chosen:
            run = source_import(source=source, full=full)
            if run is None:
                self.stdout.write(f"{source.slug}: a run is already under way")
                continue
            counts = ", ".join(f"{name} {number}" for name, number in run.counts.items())
            self.stdout.write(f"{source.slug}: {counts}")
            for refusal in run.refusals:
                self.stdout.write(f"  refused {refusal['id']}: {refusal['reason']}")
            if not run.succeeded:
                failed = True
                self.stderr.write(f"{source.slug}: no answer from {run.error}")
        if failed:
            raise CommandError("A source could not be read to the end; what was read is kept.")
