"""Jemput-bola planner: time to plan 8 weeks for 5 teams over the regency's 254 desa, and
people served per team-day against visiting desa in alphabetical order.

Uses `planner.example_region()` (five teams at kecamatan offices, one working kit of 80 people
a day each, one broken kit, every desa with a need growing with its distance from Selong).
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

START = date(2026, 12, 7)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=8)
    args = parser.parse_args()
    print(f"load average before the run: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    teams, kits, needs = planner.example_region()
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        smart = planner.plan(teams, kits, needs, START, args.weeks)
        timings.append(time.perf_counter() - started)
    naive = planner.plan(teams, kits, needs, START, args.weeks, order="alphabetical")
    print(f"{len(teams)} teams, {len(needs)} desa, {args.weeks} weeks: {smart.team_days} team-days")
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
