"""docs/benchmarks.md, written by ``make bench``: the targets first, then every section."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

COMMANDS = (
    "make bench                      # the whole suite, DATABASE_URL defaults to crm_bench",
    "make bench BENCH_ARGS='--followers 30000'   # a quick run",
    "make bench-import | bench-list | bench-dashboard | bench-duplicates   # one part alone",
)

# What follows this line in docs/benchmarks.md is written by people, reading
# the figures; a new run rewrites everything above it and keeps the rest.
ANALYSIS_MARK = "<!-- analysis: written by hand, kept when make bench rewrites the figures -->"


@dataclass(frozen=True)
class Target:
    figure: str
    target: str
    measured: str
    met: bool


@dataclass
class Report:
    started: datetime
    machine: list[str]
    targets: list[Target] = field(default_factory=list)
    sections: list[tuple[str, list[str]]] = field(default_factory=list)

    def target(self, target: Target) -> None:
        print(f"{target.figure}: {target.measured} (target {target.target})", flush=True)
        self.targets.append(target)

    def section(self, title: str, lines: list[str]) -> None:
        print(f"\n== {title}", *lines, sep="\n", flush=True)
        self.sections.append((title, lines))

    def write(self, path: Path) -> None:
        """Writes the figures, keeping the hand-written analysis below ANALYSIS_MARK."""
        kept = ""
        if path.exists() and ANALYSIS_MARK in path.read_text():
            kept = "\n" + ANALYSIS_MARK + path.read_text().split(ANALYSIS_MARK, 1)[1]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(self.lines()) + "\n" + kept)

    def lines(self) -> list[str]:
        lines = [
            "# Benchmarks",
            "",
            f"Written by `make bench` on {self.started:%Y-%m-%d %H:%M} UTC; every figure below "
            "comes from that one run, side by side, on this machine:",
            "",
            *self.machine,
            "",
            "```",
            *COMMANDS,
            "```",
            "",
            "## Targets",
            "",
            "| figure | target | measured | |",
            "|---|---|---|---|",
            *(
                f"| {t.figure} | {t.target} | {t.measured} | {'met' if t.met else '**missed**'} |"
                for t in self.targets
            ),
        ]
        for title, body in self.sections:
            lines += ["", f"## {title}", "", *body]
        return lines
