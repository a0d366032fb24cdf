from django.tasks import task

from lampio.core.scheduling import periodic_schedule

# Decisions go out at the first look after a round's selection closes.
DECISIONS_EVERY_MINUTES = 15


@task()
def academy_decisions_send() -> int:
    from .services import decisions_send

    told = decisions_send()
    academy_decisions_schedule()
    return told


def academy_decisions_schedule(*, now=None) -> bool:
    return periodic_schedule(academy_decisions_send, every_minutes=DECISIONS_EVERY_MINUTES, now=now)


# Attendance of platform sessions is read from their foyers a little after they end.
ATTENDANCE_EVERY_MINUTES = 15


@task()
def academy_attendance_collect() -> int:
    from .platform import attendance_collect_due

    present = attendance_collect_due()
    academy_attendance_schedule()
    return present


def academy_attendance_schedule(*, now=None) -> bool:
    return periodic_schedule(
        academy_attendance_collect, every_minutes=ATTENDANCE_EVERY_MINUTES, now=now
    )
