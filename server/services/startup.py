"""Start-up work, explicit and idempotent: the database file, the schema, the reference data."""

from __future__ import annotations

import contextlib
import io

from piccolo.apps.migrations.commands.forwards import run_forwards

from server import db
from server.services.reference_data import ensure_reference_data
from server.settings import Settings


async def migrate() -> None:
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
