"""The database engine: embedded SQLite by default, PostgreSQL when `DATABASE_URL` says so."""

from __future__ import annotations

import sqlite3

from asyncpg.exceptions import UniqueViolationError
from piccolo.columns import Varchar
from piccolo.columns.combination import Where
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

from server.settings import Settings

#: What each engine raises when a unique constraint refuses a row.
UNIQUE_VIOLATIONS = (sqlite3.IntegrityError, UniqueViolationError)

#: How long a SQLite writer waits for another writer's lock before failing, in seconds.
SQLITE_BUSY_TIMEOUT = 30


def engine_for(settings: Settings) -> Engine:
    if settings.database_kind == "postgresql":
        return PostgresEngine(config={"dsn": settings.database_url})
    return SQLiteEngine(path=str(settings.sqlite_path), timeout=SQLITE_BUSY_TIMEOUT)


def use_engine(engine: Engine) -> None:
    """Point Piccolo and every table at `engine` (tables cache the engine they first saw)."""
    from piccolo.apps.migrations.tables import Migration

    import server.piccolo_conf as conf
    from server.models.piccolo_app import APP_CONFIG

    conf.DB = engine
    for table in [*APP_CONFIG.table_classes, Migration]:
        table._meta.db = engine


def prepare_sqlite_file(settings: Settings) -> None:
    """Create the data folder and switch the SQLite file to WAL, which lets readers and one
    writer work at once. WAL is a property of the file, so this runs once per start."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(settings.sqlite_path, timeout=SQLITE_BUSY_TIMEOUT) as connection:
        connection.execute("PRAGMA journal_mode=WAL")


def write_transaction():
    """A transaction for writes. On SQLite it takes the write lock at BEGIN (IMMEDIATE), so two
    writers queue on the busy timeout instead of one failing with "database is locked" when it
    tries to upgrade a read lock."""
    import server.piccolo_conf as conf

    engine = conf.DB
    if isinstance(engine, SQLiteEngine):
        return engine.transaction(transaction_type=TransactionType.immediate)
    return engine.transaction()


async def start(engine: Engine) -> None:
    if isinstance(engine, PostgresEngine):
        await engine.start_connection_pool(min_size=1, max_size=10)


async def stop(engine: Engine) -> None:
    if isinstance(engine, PostgresEngine) and engine.pool is not None:
        await engine.close_connection_pool()


def contains_text(column: Varchar, text: str) -> Where:
    """Case-insensitive "contains": ILIKE on PostgreSQL; SQLite's LIKE already ignores case."""
    pattern = f"%{text}%"
    if isinstance(column._meta.table._meta.db, PostgresEngine):
        return column.ilike(pattern)
    return column.like(pattern)
