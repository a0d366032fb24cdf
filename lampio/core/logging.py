"""Log filters."""

import logging


class RefusalsWithoutTraceback(logging.Filter):
    """A 403 is the platform saying no, as designed: keep its one line, drop the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
