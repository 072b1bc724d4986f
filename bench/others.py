"""The other benchmark targets, run as they are, and their key figures for the targets table.

``make bench-import``, ``bench-list``, ``bench-dashboard`` and
``bench-duplicates`` print their own tables; the suite copies each output in
whole and reads the few lines that answer a target. A line it cannot find
is reported as such, never guessed.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

from bench.import_speed import create_user, manage, remove_user, write_followers
from bench.report import Report, Target

REPO = Path(__file__).resolve().parent.parent


def make_arguments(followers: int) -> dict[str, list[str]]:
    """Each other target with the make arguments that give it this run's size."""
    return {
        "bench-import": [f"BENCH_ARGS=--rows {followers}"],
        "bench-list": [f"BENCH_CONTACTS={followers}"],
        "bench-dashboard": [f"BENCH_CONTACTS={followers}"],
        "bench-duplicates": [],
    }


def run(report: Report, target: str, make_args: list[str]) -> str:
    """Runs ``make target``, copies its output into the report and returns it ("" if unknown)."""
    # A fresh make: this run's own make variables (MAKEFLAGS) are not theirs.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    known = subprocess.run(
        ["make", "-n", target], cwd=REPO, env=env, capture_output=True, text=True, check=False
    )
    if known.returncode != 0:
        report.section(f"`make {target}`", [f"Not on this checkout: `make {target}` is unknown."])
        return ""
    print(f"\n== make {target}", flush=True)
    started = time.perf_counter()
    completed = subprocess.run(
        ["make", "-s", target, *make_args],
        cwd=REPO, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    report.section(
        f"`make {target}`",
        [
            f"Exit {completed.returncode} after {time.perf_counter() - started:.0f} s; its output:",
            "",
            "```",
            completed.stdout.rstrip(),
            "```",
        ],
    )
    if completed.returncode != 0:
        print(completed.stderr[-3000:], flush=True)
    return completed.stdout


def import_targets(report: Report, output: str, memory_200k_mb: float | None) -> None:
    """The import ratios and the job's memory from bench-import's output."""
    for figure, label, bound in (
        ("import, new rows", "import job", 0.5),
        ("re-import, unchanged", "re-import", 0.8),
    ):
        found = re.search(rf"^{label},.*ratio to COPY ([\d.]+)x", output, re.M)
        if found:
            ratio = float(found.group(1))
            report.target(Target(figure, f">= {bound}x binary COPY", f"{ratio}x", ratio >= bound))
        else:
            report.target(Target(figure, f">= {bound}x binary COPY", "not measured", False))
    memory = re.search(
        r"peak memory of the job process: (\d+) MB at 30,000 rows, (\d+) MB at ([\d,]+) rows",
        output,
    )
    if memory:
        small, full, rows = int(memory.group(1)), int(memory.group(2)), memory.group(3)
        middle = f", {memory_200k_mb:.0f} MB at 200k" if memory_200k_mb else ""
        report.target(
            Target(
                "worker memory 30k -> 1M rows",
                "< 32 MB growth",
                f"{small} MB at 30k{middle}, {full} MB at {rows}: +{full - small} MB",
                full - small < 32,
            )
        )


def list_targets(report: Report, output: str) -> None:
    found = re.search(r"^targets: .*; missed: (.*)$", output, re.M)
    measured = f"missed: {found.group(1)}" if found else "not measured"
    met = bool(found) and found.group(1) == "none"
    report.target(Target("list p95, every filter", "<= 50 ms and <= 1.5x hand SQL", measured, met))


def dashboard_targets(report: Report, output: str) -> None:
    """The home page, with current figures and while a worker renews them (p95 of both)."""
    pages = [
        re.search(rf"^{name}\s+([\d.]+)ms\s+([\d.]+)ms", output, re.M)
        for name in ("page", "page, renewing")
    ]
    worker = re.search(r"^figures, worker\s+([\d.]+)ms\s+([\d.]+)ms", output, re.M)
    if not all(pages) or not worker:
        report.target(Target("dashboard", "<= 200 ms", "not measured", False))
        return
    current, renewing = (float(found.group(2)) for found in pages)
    report.target(
        Target(
            "dashboard (p95)",
            "<= 200 ms",
            f"{current:.0f} ms, {renewing:.0f} ms while renewing "
            f"(the worker computes the figures in {float(worker.group(2)):.0f} ms)",
            max(current, renewing) <= 200,
        )
    )


def job_memory_mb(rows: int, workdir: Path) -> float:
    """Peak RSS of an ``import_network`` process importing ``rows`` new followers."""
    path = workdir / f"followers-{rows}.csv"
    write_followers(path, rows)
    env = dict(os.environ)
    user = create_user(env)
    try:
        _, _, peak = manage(env, "import_network", str(path), "--user", user,
                            "--as", "followers")  # fmt: skip
    finally:
        remove_user(env, user)
    return peak
