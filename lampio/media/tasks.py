from django.tasks import task

from lampio.core.scheduling import periodic_schedule

# A transcoding that has not moved for an hour lost its worker; look every quarter hour.
RECOVER_EVERY_MINUTES = 15


@task()
def video_transcode(*, asset_id: int) -> None:
    from .services import video_transcode_run

    video_transcode_run(asset_id=asset_id)


@task()
def video_transcode_recover() -> int:
    """Requeue transcodings whose worker died, then schedule the next look."""
    from .services import video_transcode_recover_stale

    requeued = video_transcode_recover_stale()
    video_transcode_recover_schedule()
    return requeued


def video_transcode_recover_schedule(*, now=None) -> bool:
    return periodic_schedule(video_transcode_recover, every_minutes=RECOVER_EVERY_MINUTES, now=now)
