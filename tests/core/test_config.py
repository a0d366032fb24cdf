import os
import subprocess
import sys
from pathlib import Path

import pytest

from lampio.config import ConfigurationError, Env

ROOT = Path(__file__).resolve().parents[2]


def clean_environ(**values: str) -> dict[str, str]:
    """The environment without any Lämpiö setting or the test suite's settings module."""
    ours = {name.upper() for name in Env.model_fields} | {
        "DJANGO_SETTINGS_MODULE",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
    keep = {k: v for k, v in os.environ.items() if k.upper() not in ours}
    return {**keep, "DJANGO_SETTINGS_MODULE": "lampio.settings", **values}


def test_production_refuses_to_start_without_secret_key_and_allowed_hosts(monkeypatch):
    for name in Env.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("DEBUG", "false")
    with pytest.raises(ConfigurationError, match="SECRET_KEY and ALLOWED_HOSTS"):
        Env(_env_file=None)
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    with pytest.raises(ConfigurationError, match="ALLOWED_HOSTS"):
        Env(_env_file=None)
    monkeypatch.setenv("ALLOWED_HOSTS", "lampio.fi, www.lampio.fi")
    assert Env(_env_file=None).allowed_hosts_list == ["lampio.fi", "www.lampio.fi"]


def test_manage_py_refuses_to_start_in_production_without_secrets(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=clean_environ(DEBUG="false", VAR_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "refuses to start with DEBUG off" in result.stderr


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean_environ(
            DEBUG="false",
            SECRET_KEY="k3P9xv-5TqL0m8Zr2Yb7Wn4Hc6Jd1Fs9Ga3Ue5Ri8Oo0Pl2Kk7Jj4Hh6Gg1Ff3",
            ALLOWED_HOSTS="lampio.example",
            VAR_DIR=str(tmp_path),
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_database_and_redis_urls_switch_the_backends(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE']);"
        "print(s.CHANNEL_LAYERS['default']['BACKEND']);"
        "print(s.CACHES['default']['BACKEND'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=clean_environ(
            DEBUG="true",
            VAR_DIR=str(tmp_path),
            DATABASE_URL="postgres://lampio@db.example:5432/lampio",
            REDIS_URL="redis://cache.example:6379/0",
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "channels_redis.pubsub.RedisPubSubChannelLayer",
        "django.core.cache.backends.redis.RedisCache",
    ], result.stderr


def test_streaming_services_and_the_media_bucket_are_in_the_content_security_policy(tmp_path):
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SECURE_CSP['media-src']); print(settings.SECURE_CSP['connect-src']); "
        "print(settings.SECURE_CSP['img-src']); print(settings.LIVE_STREAM_ORIGINS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={
            **clean_environ(
                DEBUG="true",
                VAR_DIR=str(tmp_path),
                LIVE_STREAM_ORIGINS="https://live.example.fi, https://*.cdn.example.net/",
                S3_BUCKET="lampio",
                S3_CUSTOM_DOMAIN="media.lampio.example",
            ),
            "DJANGO_SETTINGS_MODULE": "lampio.settings",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    media, connect, images, origins = result.stdout.splitlines()
    for line in (media, connect):
        assert "https://live.example.fi" in line and "https://*.cdn.example.net'" in line
        assert "https://media.lampio.example" in line
    assert "https://media.lampio.example" in images and "live.example.fi" not in images
    assert origins == "['https://live.example.fi', 'https://*.cdn.example.net']"


def test_the_embedded_database_can_be_moved_with_a_sqlite_url(tmp_path):
    database = tmp_path / "elsewhere" / "lampio.sqlite3"
    database.parent.mkdir()
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v", "0"],
        cwd=ROOT,
        env=clean_environ(
            DEBUG="true", VAR_DIR=str(tmp_path), DATABASE_URL=f"sqlite:///{database}"
        ),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert database.stat().st_size > 0
    assert not (tmp_path / "lampio.sqlite3").exists()


@pytest.mark.django_db
def test_a_refused_request_is_logged_in_one_line_without_a_traceback(client, caplog):
    import logging

    from tests.accounts.factories import UserFactory

    client.force_login(UserFactory(username="kavija"))
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/studio/")
    assert response.status_code == 403
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert "Forbidden" in record.getMessage()
    assert record.exc_info is None and not record.exc_text
