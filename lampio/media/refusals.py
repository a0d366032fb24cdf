"""Why a recording, a caption file or an upload was refused (RefusedError("media.<code>")).

Caption refusals name the line, so a producer can fix the file."""

from django.utils.translation import gettext_lazy as _

REFUSALS = {
    # Captions
    "caption_too_large": _("The caption file is larger than 2 MB."),
    "caption_not_utf8": _(
        "Line %(line)d: the file is not UTF-8 text. Save it as UTF-8 and try again."
    ),
    "caption_no_start_time": _(
        "Line %(line)d: a caption must start with a time, like 00:01:02.500 --> 00:01:04.000."
    ),
    "caption_time": _("Line %(line)d: the time is not in the form 00:01:02.500 --> 00:01:04.000."),
    "caption_ends_first": _("Line %(line)d: the caption ends before it starts."),
    "caption_out_of_order": _("Line %(line)d: this caption starts before the one above it."),
    "caption_no_text": _("Line %(line)d: the caption has a time but no text."),
    "caption_empty": _("The file has no captions in it."),
    # The video file itself (ffprobe)
    "video_empty": _("The file is empty. Please choose the video file again."),
    "video_too_large": _("The file is larger than 20 GB. Please make it smaller and try again."),
    "video_damaged": _("The file could not be read. It may be damaged."),
    "video_unreadable": _(
        "This is not a video file we can read. Please choose a video file (for example MP4 or MOV)."
    ),
    "video_no_picture": _(
        "The file has no picture. Please choose a video file, not a sound or an image."
    ),
    "video_codec": _(
        "The video is in a format we cannot convert (%(codec)s). Please export it as MP4 (H.264)."
    ),
    "video_too_long": _("The video is longer than 4 hours. Please split it into parts."),
    # The resumable upload (tus)
    "upload_too_long": _("More data arrived than the file has. Please start the upload again."),
    "upload_wrong_offset": _(
        "The upload continued from the wrong place. Your browser will ask where to continue."
    ),
    "upload_finished": _("This upload has already finished."),
    "upload_not_allowed": _("You cannot add recordings to this performance."),
    "upload_bad_request": _(
        "The upload request was not understood. Please start the upload again."
    ),
}
