"""Desa lists (program BAKSO): time to check and import a CSV file of 10,000 residents.

The file is built from the seeded demo registry: 10,000 residents with their desa codes and
NIKs, each lacking a document, so every row is valid and matched to the registry. Each run
starts from empty lists and times the two steps the Dinas goes through: the preview (read and
check every row, look up rows already listed) and the import (one transaction: match the
registry, insert in chunks, audit). Median of three runs, after one warm-up run.

SQLite always; PostgreSQL as well when `--postgres-url` is given or `DATABASE_URL` is set
(a database of its own, created when missing and reset for the run).

Run: .venv/bin/python bench/daftar_desa_import.py [--rows 10000] [--postgres-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench._server import ensure_postgres_database

RUNS = 3
DOKUMEN = ("KTP-el", "KK", "akta", "KIA")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--postgres-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--measure", choices=("sqlite", "postgresql"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        if args.measure == "postgresql":
            ensure_postgres_database(args.postgres_url)
        asyncio.run(measure(args.measure, args.postgres_url, args.rows))
        return
    print(f"load average before the run: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    databases = ["sqlite"] + (["postgresql"] if args.postgres_url else [])
    for database in databases:
        # One process per database: the settings are read once per process.
        command = [sys.executable, __file__, "--measure", database, "--rows", str(args.rows)]
        if args.postgres_url:
            command += ["--postgres-url", args.postgres_url]
        subprocess.run(command, check=True)


def build_file(people: list[dict]) -> bytes:
    lines = ["kode_desa;nik;nama;dokumen"]  # as Excel in Indonesia writes it
    for index, person in enumerate(people):
        lines.append(f"{person['desa.code']};{person['nik']};{person['nama']};{DOKUMEN[index % 4]}")
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


async def measure(database: str, postgres_url: str | None, rows: int) -> None:
    os.environ["DEKAT_DATA_DIR"] = tempfile.mkdtemp(prefix="dekat-bench-bakso-")
    os.environ.pop("DATABASE_URL", None)
    if database == "postgresql":
        import asyncpg

        connection = await asyncpg.connect(postgres_url)
        await connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        await connection.close()
        os.environ["DATABASE_URL"] = postgres_url
    from server import db
    from server.demo import seed_demo
    from server.models.daftar_desa import DaftarDesa, DaftarImpor
    from server.models.penduduk import Penduduk
    from server.services import impor_daftar as impor
    from server.services.auth import user_by_username
    from server.services.startup import prepare_database
    from server.settings import get_settings

    settings = get_settings()
    engine = db.engine_for(settings)
    db.use_engine(engine)
    started = time.perf_counter()
    await prepare_database(settings)
    await seed_demo(settings.data_dir)
    await db.start(engine)
    print(f"--- {database}: demo data seeded in {time.perf_counter() - started:.1f} s")
    try:
        people = await (
            Penduduk.select(Penduduk.nik, Penduduk.nama, Penduduk.desa.code)
            .order_by(Penduduk.id)
            .limit(rows)
        )
        content = build_file(people)
        user = await user_by_username("dinas.demo")
        previews, imports = [], []
        for run in range(RUNS + 1):
            await DaftarDesa.delete(force=True)
            await DaftarImpor.delete(force=True)
            started = time.perf_counter()
            checked = await impor.check(user, content)
            checked_at = time.perf_counter()
            result = await impor.import_rows(user, "bench.csv", checked.rows)
            done = time.perf_counter()
            assert not checked.errors and result.added == len(people), (checked.errors[:3], result)
            if run:  # the first run warms caches and the connection pool
                previews.append(checked_at - started)
                imports.append(done - checked_at)
        again = time.perf_counter()
        checked = await impor.check(user, content)
        repeat = time.perf_counter() - again
        preview, write = statistics.median(previews), statistics.median(imports)
        n = len(people)
        print(f"file: {n} rows, {len(content) / 1024:.0f} KB, semicolons and a BOM")
        print(f"preview (read and check every row): {preview:.2f} s, {n / preview:,.0f} rows/s")
        print(f"import (one transaction):           {write:.2f} s, {n / write:,.0f} rows/s")
        total = preview + write
        print(f"preview + import:                   {total:.2f} s, {n / total:,.0f} rows/s")
        print(f"same file again (all {len(checked.existing)} rows already listed): {repeat:.2f} s")
        print(f"(median of {RUNS} runs after a warm-up run)")
    finally:
        await db.stop(engine)


if __name__ == "__main__":
    main()
