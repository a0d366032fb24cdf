from django.core.management.base import BaseCommand

from lampio.academy.tasks import academy_attendance_schedule, academy_decisions_schedule
from lampio.imports.tasks import events_import_schedule
from lampio.insights.tasks import insights_rollup_schedule
from lampio.media.tasks import video_transcode_recover_schedule
from lampio.tickets.tasks import (
    cancelled_showings_refund_schedule,
    ledger_check_schedule,
    payments_settle_schedule,
)
from lampio.week.tasks import digests_schedule, reminders_schedule


class Command(BaseCommand):
    help = (
        "Put the periodic background work on the worker's queue (each reschedules itself): "
        "the insights rollup, the recovery of transcodings whose worker died and the academy's "
        "decision mails and its platform sessions' attendance, the nightly ledger check, the "
        "reminders and the weekly digests."
    )

    def handle(self, *args, **options):
        scheduled = {
            "insights rollup": insights_rollup_schedule(),
            "transcoding recovery": video_transcode_recover_schedule(),
            "academy decisions": academy_decisions_schedule(),
            "academy attendance": academy_attendance_schedule(),
            "ledger check": ledger_check_schedule(),
            "unsettled payments": payments_settle_schedule(),
            "refunds of cancelled showings": cancelled_showings_refund_schedule(),
            "reminders": reminders_schedule(),
            "weekly digests": digests_schedule(),
            "events from Linked Events": events_import_schedule(),
        }
        for name, new in scheduled.items():
            self.stdout.write(f"{name}: {'scheduled' if new else 'already waiting'}")
