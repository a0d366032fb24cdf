from django.tasks import task


@task()
def video_transcode(*, asset_id: int) -> None:
    from .services import video_transcode_run

    video_transcode_run(asset_id=asset_id)
