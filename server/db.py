"""The database engine: embedded SQLite by default, PostgreSQL when `DATABASE_URL` says so."""

from __future__ import annotations

import sqlite3

import aiosqlite
from asyncpg.exceptions import UniqueViolationError
from piccolo.columns import Varchar
from piccolo.columns.combination import Where
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType, dict_factory

from server.settings import Settings, get_settings

#: What each engine raises when a unique constraint refuses a row.
UNIQUE_VIOLATIONS = (sqlite3.IntegrityError, UniqueViolationError)

#: How long a SQLite writer waits for another writer's lock before failing, in seconds.
SQLITE_BUSY_TIMEOUT = 30


#: Connections kept open by the SQLite engine: as many as the queries a busy process runs at
#: once (the load benchmark holds 64 requests open). An idle one costs a sleeping thread; its
#: page cache is held to `KEPT_CACHE_KIB`, the operating system caching the file anyway.
KEPT_OPEN = 64
KEPT_CACHE_KIB = 512


class KeptOpenSQLiteEngine(SQLiteEngine):
    """SQLite with connections kept open for the queries outside a transaction.

    Piccolo's engine opens a new connection, with its own thread, for every such query, which
    costs more than most queries do. Here a query borrows an open connection instead. Each runs
    in autocommit mode, as a new one would, so every statement sees the latest committed data
    and a write commits at once; a transaction still opens a connection of its own. When all
    kept connections are busy, a query opens one for itself, as before. No asyncio primitive
    is involved, so the engine works from any event loop (the tests use several).
    """

    def __init__(self, *args, keep_open: int = KEPT_OPEN, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.keep_open = keep_open
        self._idle: list = []
        self._opened = 0

    async def _kept_connection(self):
        if self._idle:
            return self._idle.pop()
        if self._opened >= self.keep_open:
            return None
        self._opened += 1
        try:
            connection = aiosqlite.connect(**self.connection_kwargs)
            # A kept connection waits for work on a thread of its own: a daemon thread, so that
            # a process that never closes its engine (a script, a test run) still exits. Idle
            # in autocommit, it holds no transaction that stopping it could cut.
            connection._thread.daemon = True
            connection = await connection
            connection.row_factory = dict_factory
            await connection.execute("PRAGMA foreign_keys = 1")
            await connection.execute(f"PRAGMA cache_size = -{KEPT_CACHE_KIB}")
        except BaseException:
            self._opened -= 1
            raise
        return connection

    async def _run_in_new_connection(self, query, args=None, query_type="generic", table=None):
        connection = await self._kept_connection()
        if connection is None:
            return await super()._run_in_new_connection(query, args, query_type, table)
        try:
            async with connection.execute(query, args or []) as cursor:
                return await cursor.fetchall()
        except sqlite3.ProgrammingError:
            # A closed or broken connection: forget it, the next query opens a fresh one.
            self._opened -= 1
            connection = None
            raise
        finally:
            if connection is not None:
                self._idle.append(connection)

    async def close_kept(self) -> None:
        idle, self._idle = self._idle, []
        self._opened -= len(idle)
        for connection in idle:
            await connection.close()


def engine_for(settings: Settings) -> Engine:
    if settings.database_kind == "postgresql":
        return PostgresEngine(config={"dsn": settings.database_url})
    return KeptOpenSQLiteEngine(path=str(settings.sqlite_path), timeout=SQLITE_BUSY_TIMEOUT)


#: The engine in use, set by `use_engine`; `server.piccolo_conf` hands it to Piccolo.
_current: Engine | None = None


def current_engine() -> Engine:
    """The engine in use: the one `use_engine` chose, else one for the settings."""
    global _current
    if _current is None:
        _current = engine_for(get_settings())
    return _current


def use_engine(engine: Engine) -> None:
    """Point Piccolo and every table at `engine` (tables cache the engine they first saw)."""
    from piccolo.apps.migrations.tables import Migration

    from server.models.piccolo_app import APP_CONFIG

    global _current
    _current = engine
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
    engine = current_engine()
    if isinstance(engine, SQLiteEngine):
        return engine.transaction(transaction_type=TransactionType.immediate)
    return engine.transaction()


async def start(engine: Engine) -> None:
    if isinstance(engine, PostgresEngine):
        await engine.start_connection_pool(min_size=1, max_size=10)


async def stop(engine: Engine) -> None:
    if isinstance(engine, PostgresEngine) and engine.pool is not None:
        await engine.close_connection_pool()
    if isinstance(engine, KeptOpenSQLiteEngine):
        await engine.close_kept()


def contains_text(column: Varchar, text: str) -> Where:
    """Case-insensitive "contains": ILIKE on PostgreSQL; SQLite's LIKE already ignores case."""
    pattern = f"%{text}%"
    if isinstance(column._meta.table._meta.db, PostgresEngine):
        return column.ilike(pattern)
    return column.like(pattern)
