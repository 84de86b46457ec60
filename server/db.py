"""The database engine: embedded SQLite by default, PostgreSQL when `DATABASE_URL` says so."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from contextlib import closing, suppress
from queue import SimpleQueue

from asyncpg.exceptions import UniqueViolationError
from piccolo.columns import Varchar
from piccolo.columns.combination import Where
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType, dict_factory
from piccolo.query.methods.select import Select
from piccolo.querystring import QueryString

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
    costs more than most queries do. Here a query borrows an open connection instead, which
    runs it on a thread of its own. Each runs in autocommit mode, as a new one would, so every
    statement sees the latest committed data and a write commits at once; a transaction still
    opens a connection of its own. When all kept connections are busy, a query opens one for
    itself, as before. No asyncio primitive outlives a query, so the engine works from any
    event loop (the tests use several).

    It stands on public interfaces only: `run_querystring`, which every Piccolo engine
    implements, the engine's `current_transaction` and `connection_kwargs`, and the standard
    library's `sqlite3` and `threading`.
    """

    def __init__(self, *args, keep_open: int = KEPT_OPEN, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.keep_open = keep_open
        #: Idle kept connections, each known by the queue its thread takes queries from.
        self._idle: list[SimpleQueue] = []
        self._opened = 0
        # Held for a few list operations only, never across an await: the connections' threads
        # put themselves back among the idle.
        self._lock = threading.Lock()

    async def run_querystring(self, querystring: QueryString, in_pool: bool = False):
        # In a transaction the query is the transaction's; with query logging on, Piccolo's
        # own path prints it.
        if self.current_transaction.get() or self.log_queries or self.log_responses:
            return await super().run_querystring(querystring, in_pool)
        # Compiled before borrowing: a connection once borrowed always gets its query.
        query, args = querystring.compile_string(engine_type=self.engine_type)
        jobs = self._borrow()
        if jobs is None:
            return await super().run_querystring(querystring, in_pool)
        answer = asyncio.get_running_loop().create_future()
        jobs.put((answer, query, args))
        return await answer

    def _borrow(self) -> SimpleQueue | None:
        """An idle kept connection, or a new one while fewer than `keep_open` are open."""
        with self._lock:
            if self._idle:
                return self._idle.pop()
            if self._opened >= self.keep_open:
                return None
            self._opened += 1
        try:
            connection = sqlite3.connect(**self.connection_kwargs, check_same_thread=False)
            connection.row_factory = dict_factory
            connection.execute("PRAGMA foreign_keys = 1")
            connection.execute(f"PRAGMA cache_size = -{KEPT_CACHE_KIB}")
            jobs = SimpleQueue()
            # A daemon thread, so that a process that never closes its engine (a script, a test
            # run) still exits. Idle in autocommit, it holds no transaction that stopping it
            # could cut.
            threading.Thread(target=self._serve, args=(connection, jobs), daemon=True).start()
        except BaseException:
            with self._lock:
                self._opened -= 1
            raise
        return jobs

    def _serve(self, connection: sqlite3.Connection, jobs: SimpleQueue) -> None:
        """A kept connection's thread: its queries one at a time. The connection goes back
        among the idle only once SQLite is done with a query, even when the query's caller
        stopped waiting (a cancelled request), so no two queries ever share it."""
        while True:
            answer, query, args = jobs.get()
            if query is None:  # closing
                connection.close()
                _answer(answer, None, None)
                return
            try:
                with closing(connection.execute(query, args)) as cursor:
                    rows, error = cursor.fetchall(), None
            except sqlite3.ProgrammingError as broken:
                # A closed or broken connection: forget it, the next query opens a fresh one.
                connection.close()
                with self._lock:
                    self._opened -= 1
                _answer(answer, None, broken)
                return
            except Exception as failed:
                rows, error = None, failed
            with self._lock:
                self._idle.append(jobs)
            _answer(answer, rows, error)

    async def close_kept(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
            self._opened -= len(idle)
        loop = asyncio.get_running_loop()
        closed = [loop.create_future() for _ in idle]
        for jobs, answer in zip(idle, closed, strict=True):
            jobs.put((answer, None, None))
        await asyncio.gather(*closed)


def _answer(answer: asyncio.Future, rows: list | None, error: BaseException | None) -> None:
    """Hand a kept connection's result to the event loop that waits for it."""

    def settle() -> None:
        if answer.done():  # cancelled
            return
        if error is None:
            answer.set_result(rows)
        else:
            answer.set_exception(error)

    # A closed loop has no one left waiting; the thread must live on to serve the next query.
    with suppress(RuntimeError):
        answer.get_loop().call_soon_threadsafe(settle)


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


def locked(query: Select) -> Select:
    """`query` locking the rows it reads against other writers until the transaction ends, on
    PostgreSQL (`FOR NO KEY UPDATE`: rows that merely reference them, checked by a foreign
    key, can still be added meanwhile). SQLite has no row locks and needs none: a write
    transaction there holds the whole database from its BEGIN (see `write_transaction`)."""
    if isinstance(query.table._meta.db, PostgresEngine):
        return query.lock_rows("NO KEY UPDATE")
    return query


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
