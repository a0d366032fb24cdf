from django.middleware.gzip import GZipMiddleware

COMPRESSIBLE = (
    "text/",
    "application/json",
    "application/javascript",
    "application/xml",
    "image/svg+xml",
    "application/vnd.apple.mpegurl",
    "application/x-mpegurl",
)


class TextGZipMiddleware(GZipMiddleware):
    """Django's GZip (with its BREACH padding), for text only: video segments and images
    are already compressed and would only cost CPU."""

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").lower()
        if not content_type.startswith(COMPRESSIBLE):
            return response
        return super().process_response(request, response)
