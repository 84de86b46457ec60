"""Jemput-bola planner: time to plan 8 weeks for 5 teams over the regency's 254 desa, and
people served per team-day against visiting desa in alphabetical order.

Two inputs: the demo data (`demo_region()`: the demo teams and kits, and the adults not yet
recorded in the 22,000-resident demo registry) and the regency at its real scale
(`planner.example_region()`: five teams at kecamatan offices, one working kit of 80 people a day
each, one broken kit, every desa with a need growing with its distance from Selong).
Timing is the best of five runs on one thread.

Run: .venv/bin/python bench/planner.py [--weeks 8]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from server.services import planner
from server.services.demo_jemput_bola import demo_region

START = date(2026, 12, 7)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=8)
    args = parser.parse_args()
    print(f"load average before the run: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for name, region in (
        ("demo data", demo_region(START)),
        ("regency scale", planner.example_region()),
    ):
        print(f"--- {name}")
        measure(*region, args.weeks)


def measure(teams, kits, needs, weeks: int) -> None:
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        smart = planner.plan(teams, kits, needs, START, weeks)
        timings.append(time.perf_counter() - started)
    naive = planner.plan(teams, kits, needs, START, weeks, order="alphabetical")
    print(f"{len(teams)} teams, {len(needs)} desa, {weeks} weeks: {smart.team_days} team-days")
    print(f"planned in {min(timings) * 1000:.0f} ms (best of 5)")
    print(
        f"proposed plan: {len(smart.visits)} visits, {smart.served} people, "
        f"{smart.served_per_team_day:.1f} per team-day"
    )
    print(
        f"alphabetical order: {len(naive.visits)} visits, {naive.served} people, "
        f"{naive.served_per_team_day:.1f} per team-day"
    )


if __name__ == "__main__":
    main()
