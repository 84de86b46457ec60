"""Start-up work, explicit and idempotent: the database file, the schema, the reference data."""

from __future__ import annotations

import contextlib
import io

from piccolo.apps.migrations.commands.forwards import run_forwards
from piccolo.apps.migrations.tables import Migration

from server import db
from server.models.piccolo_migrations import dekat_2026_12_05t16_30_00_000000 as base_migration
from server.services.reference_data import ensure_reference_data
from server.settings import Settings

#: The last of the migrations the base replaced. A database that ran it has the base's schema:
#: the two were compared table by table and index by index, on both engines.
RETIRED_LAST_MIGRATION = "2026-11-24T04:52:56:049385"


async def adopt_retired_migrations() -> None:
    """Record the base as run on a database the replaced migrations built, where it would
    otherwise try to create tables that exist. One they left half way has no route to the base:
    the start stops and says what to do."""
    if not await Migration.table_exists():
        return
    ran = await Migration.get_migrations_which_ran(app_name="dekat")
    if not ran or base_migration.ID in ran:
        return
    if RETIRED_LAST_MIGRATION not in ran:
        raise RuntimeError(
            f"Database ini dibuat oleh migrasi lama yang belum selesai (terakhir {ran[-1]}). "
            "Lengkapi dulu migrasinya dengan versi Dekat sebelum Desember 2026, "
            "atau mulai dengan database baru."
        )
    await Migration.insert(Migration(name=base_migration.ID, app_name="dekat"))


async def migrate() -> None:
    await adopt_retired_migrations()
    # Piccolo narrates each migration on stdout; a server start should stay quiet.
    with contextlib.redirect_stdout(io.StringIO()):
        result = await run_forwards("dekat")
    if not result.success:
        raise RuntimeError(f"Migrasi database gagal: {result.message}")


async def prepare_database(settings: Settings) -> None:
    """Bring the database to the current schema with its reference data. Demo data is not for
    production: `server.demo.seed_demo` adds it, when asked for, after this."""
    if settings.database_kind == "sqlite":
        db.prepare_sqlite_file(settings)
    await migrate()
    await ensure_reference_data()
