"""What the media app keeps about a person, for "My data": the uploads they sent."""

from lampio.accounts.personal_data import personal_data_section

from .models import Upload


@personal_data_section("uploads")
def uploads(*, user, emails) -> list[dict]:
    return [
        {
            "time": upload.created_at,
            "performance": upload.offering.title,
            "file_name": upload.filename,
            "bytes": upload.length,
            "status": upload.status,
        }
        for upload in Upload.objects.filter(user=user).select_related("offering")
    ]
