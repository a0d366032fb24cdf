from django.core.management.base import BaseCommand
from django.db import transaction

from lampio.demo.academy import demo_academy_load
from lampio.demo.audience import demo_audience_load
from lampio.demo.imports import demo_imports_load
from lampio.demo.live_origin import demo_stream_url
from lampio.demo.season import load_demo_season
from lampio.demo.tickets import demo_tickets_load
from lampio.demo.videos import demo_videos_make
from lampio.demo.week import demo_week_load


class Command(BaseCommand):
    help = "Load (or refresh) the demo season: producers, 32 offerings, showings and posters."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--with-video",
            action="store_true",
            help="Also make a video for every demo recording and premiere, and a premiere in "
            "ten minutes (ffmpeg, about a minute on the first load).",
        )
        parser.add_argument(
            "--with-live-origin",
            action="store_true",
            help="Point the live showings at the demo live origin (manage.py demo_live_origin).",
        )

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            counts = load_demo_season(
                stream_url=demo_stream_url() if options["with_live_origin"] else ""
            )
        if options["with_video"]:
            self.stdout.write(f"Demo videos ready: {demo_videos_make()}.")
        self.stdout.write(f"Demo audience for the insights pages: {demo_audience_load()}.")
        self.stdout.write(f"Demo academy: {demo_academy_load()}.")
        self.stdout.write(f"Demo balances and tickets: {demo_tickets_load()}.")
        self.stdout.write(f"Demo week (a care-home unit, a programme): {demo_week_load()}.")
        self.stdout.write(f"Demo events from Linked Events: {demo_imports_load()}.")
        self.stdout.write(
            self.style.SUCCESS(
                "Demo season ready: {producers} producers, {offerings} offerings, "
                "{showings} showings.".format(**counts)
            )
        )
