"""Starting Lämpiö the way production runs it, for the benchmarks and the two-process test:
one helper for the environment (DEBUG off, no HTTPS redirect, a var dir of its own), one for
an uvicorn process, one to wait until it answers."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# Settings that would point a benchmark server at the developer's own database or Redis.
INHERITED_SETTINGS = ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(
    var_dir: Path, *, debug: bool = False, keep_services: bool = False, **extra: str
) -> dict:
    """The environment of a server started here: production settings unless `debug`, no
    HTTPS, its own var dir. The caller's DATABASE_URL and REDIS_URL are kept only with
    `keep_services` (to measure on PostgreSQL and Redis); `extra` overrides anything."""
    dropped = ("DJANGO_SETTINGS_MODULE",) if keep_services else INHERITED_SETTINGS
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update(
        DEBUG="true" if debug else "false",
        SECRET_KEY="benchmark-only-not-a-secret-" + "x" * 30,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SSL_REDIRECT="false",
        VAR_DIR=str(var_dir),
        DJANGO_SETTINGS_MODULE="lampio.settings",
        **extra,
    )
    return env


def manage(env: dict, *args: str, **run_options) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, **run_options
    )


def wait_for_port(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def wait_for_health(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def uvicorn_start(
    env: dict,
    port: int,
    *,
    pin_to_core: int | None = None,
    extra_args: tuple[str, ...] = (),
    tree: Path = ROOT,
) -> subprocess.Popen:
    """One uvicorn process serving Lämpiö as scripts/start does (no access log, plain
    WebSocket frames: tiny JSON gains nothing from per-message compression). Returns once
    the port answers. `tree`: another checkout of Lämpiö (a baseline commit) to run."""
    command = [
        PYTHON,
        "-m",
        "uvicorn",
        "lampio.asgi:application",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
        "--ws-per-message-deflate",
        "false",
        *extra_args,
    ]
    if pin_to_core is not None and shutil.which("taskset"):
        command = ["taskset", "-c", str(pin_to_core), *command]
    server = subprocess.Popen(command, cwd=tree, env=env)
    try:
        wait_for_port(port)
    except OSError:
        server.kill()
        raise RuntimeError("the server did not start") from None
    return server


def uvicorn_stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def machine_cpu_seconds() -> float:
    """Busy CPU time of the whole machine (all cores), in seconds."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def fresh_postgres_database(server_url: str, name: str) -> str:
    """An empty database `name` on DATABASE_URL's server (dropped first if it exists)."""
    import psycopg

    admin_url = server_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")
    return server_url.rsplit("/", 1)[0] + "/" + name
