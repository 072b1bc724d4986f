"""What the figures were measured on: CPU, cores, memory, load, PostgreSQL and its settings."""

from __future__ import annotations

import os
import platform
from pathlib import Path

from django.db import connection

POSTGRES_SETTINGS = ("shared_buffers", "work_mem", "max_wal_size", "synchronous_commit")


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def memory_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 2**20
    return 0.0


def postgres() -> tuple[str, dict[str, str]]:
    """The server's version string and the settings that move these figures most."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        [version] = cursor.fetchone()
        settings = {}
        for name in POSTGRES_SETTINGS:
            cursor.execute(f"SHOW {name}")
            settings[name] = cursor.fetchone()[0]
    return version, settings


def load_average() -> str:
    """The 1, 5 and 15 minute load averages: other work on the machine moves every figure."""
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


def describe() -> list[str]:
    """Markdown bullet lines describing this machine now."""
    version, settings = postgres()
    return [
        f"- CPU: {cpu_model()}, {os.cpu_count()} cores; memory: {memory_gib():.1f} GiB",
        f"- load average when the run started (1, 5, 15 min): {load_average()}",
        f"- PostgreSQL {version} ("
        + ", ".join(f"{name} {value}" for name, value in settings.items())
        + f"); Python {platform.python_version()}",
    ]
