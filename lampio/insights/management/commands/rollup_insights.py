from django.core.management.base import BaseCommand
from django.db.models import Max, Min
from django.utils import timezone

from lampio.feedback.models import ViewingEvent
from lampio.insights.rollup import recent_days_rollup, rollup_run
from lampio.insights.tasks import insights_rollup_schedule


class Command(BaseCommand):
    help = "Roll up viewing events into daily facts (today and yesterday unless --all)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="every day that has raw events")
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="only put the hourly rollup on the background worker's queue",
        )

    def handle(self, *args, **options):
        if options["schedule"]:
            insights_rollup_schedule()
            return
        if options["all"]:
            span = ViewingEvent.objects.aggregate(first=Min("occurred_at"), last=Max("occurred_at"))
            if span["first"] is None:
                self.stdout.write("No viewing events.")
                return
            run = rollup_run(
                first_day=timezone.localtime(span["first"]).date(),
                last_day=timezone.localtime(span["last"]).date(),
            )
        else:
            run = recent_days_rollup()
        seconds = (run.finished_at - run.started_at).total_seconds()
        self.stdout.write(
            f"{run.first_day}–{run.last_day}: {run.facts} facts, "
            f"{run.events_deleted} old events deleted, {seconds:.1f} s"
        )
