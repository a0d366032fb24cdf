"""Settings for the test suite: production settings with test-only secrets and fast hashing.

DATABASE_URL and REDIS_URL pass through, so the same suite runs on SQLite + in-memory layers
and on PostgreSQL + Redis (see .ci/run).
"""

import os
import tempfile

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "tests-only-this-is-not-a-secret")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SSL_REDIRECT", "false")
os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="lampio-tests-")

from lampio.settings import *  # noqa: E402, F403
from lampio.settings import STORAGES  # noqa: E402

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SERVE_MEDIA = True
# Text messages go to the database outbox (week.TextMessage), as in the embedded default.
SMS_PROVIDER = "outbox"
