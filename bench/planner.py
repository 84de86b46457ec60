"""Jemput-bola planner: time to plan 8 weeks for 5 teams over the regency's 254 desa, and
people served per team-day against visiting desa in alphabetical order.

Two inputs: the demo data (`demo_region()`: the demo teams and kits, and the adults not yet
recorded in the 22,000-resident demo registry) and the regency at its real scale
(`planner.example_region()`: five teams at kecamatan offices, one working kit of 80 people a day
each, one broken kit, every desa with a need growing with its distance from Selong).
Timing is the best of five runs on one thread. With `--database sqlite|postgresql` it also
times what the planner page does on a freshly seeded demo database: read the need per desa from
the registry, plan, and store the proposed visits (`kunjungan.propose`).

Run: .venv/bin/python bench/planner.py [--weeks 8] [--database sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench._server import DEFAULT_POSTGRES_URL, ensure_postgres_database
from server.demo.jemput_bola import demo_region
from server.services import planner

START = date(2026, 12, 7)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=8)
    parser.add_argument("--database", choices=("sqlite", "postgresql"))
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    args = parser.parse_args()
    print(f"load average before the run: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for name, region in (
        ("demo data", demo_region(START)),
        ("regency scale", planner.example_region()),
    ):
        print(f"--- {name}")
        measure(*region, args.weeks)
    if args.database:
        print(f"--- demo database on {args.database}: need, plan and store")
        if args.database == "postgresql":
            ensure_postgres_database(args.postgres_url)
        asyncio.run(measure_in_app(args.database, args.postgres_url, args.weeks))


async def measure_in_app(database: str, postgres_url: str, weeks: int) -> None:
    os.environ["DEKAT_DATA_DIR"] = tempfile.mkdtemp(prefix="dekat-bench-planner-")
    os.environ.pop("DATABASE_URL", None)
    if database == "postgresql":
        connection = await asyncpg.connect(postgres_url)
        await connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        await connection.close()
        os.environ["DATABASE_URL"] = postgres_url
    from server import db
    from server.demo import seed_demo
    from server.services import kunjungan
    from server.services.auth import user_by_username
    from server.services.startup import prepare_database
    from server.settings import get_settings

    settings = get_settings()
    engine = db.engine_for(settings)
    db.use_engine(engine)
    await prepare_database(settings)
    await seed_demo(settings.data_dir)
    await db.start(engine)
    try:
        user = await user_by_username("dinas.demo")
        start = kunjungan.next_monday(kunjungan.today())
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            result = await kunjungan.propose(user, start, weeks)
            timings.append(time.perf_counter() - started)
        print(
            f"{len(result.visits)} visits proposed for {weeks} weeks in "
            f"{statistics.median(timings) * 1000:.0f} ms (median of 5; best "
            f"{min(timings) * 1000:.0f} ms)"
        )
    finally:
        await db.stop(engine)


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
