"""The SQLite engine that keeps connections open: it must behave exactly as a new connection
per query did (autocommit, fresh data, errors that leave the connection usable) and never
keep more than it may."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys

import pytest

from server.db import KeptOpenSQLiteEngine

pytestmark = pytest.mark.anyio


@pytest.fixture
async def engine(tmp_path):
    path = tmp_path / "uji.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)")
    engine = KeptOpenSQLiteEngine(path=str(path), timeout=5, keep_open=2)
    yield engine, path
    await engine.close_kept()


async def run(engine, sql: str, *args):
    from piccolo.querystring import QueryString

    return await engine.run_querystring(QueryString(sql, *args))


async def test_a_write_commits_at_once_and_every_read_sees_the_latest(engine):
    engine, path = engine
    await run(engine, "INSERT INTO t (name) VALUES ({})", "satu")
    # Another process (a plain connection) sees it: nothing waits in an open transaction.
    with sqlite3.connect(path) as other:
        assert other.execute("SELECT name FROM t").fetchall() == [("satu",)]
        other.execute("INSERT INTO t (name) VALUES ('dua')")
    # And the kept connection sees the other's write on its next read.
    rows = await run(engine, "SELECT name FROM t ORDER BY id")
    assert [row["name"] for row in rows] == ["satu", "dua"]
    assert engine._opened == 1


async def test_an_error_leaves_the_connection_kept_and_usable(engine):
    engine, _ = engine
    await run(engine, "INSERT INTO t (name) VALUES ({})", "sama")
    with pytest.raises(sqlite3.IntegrityError):
        await run(engine, "INSERT INTO t (name) VALUES ({})", "sama")
    assert (engine._opened, len(engine._idle)) == (1, 1)
    assert len(await run(engine, "SELECT * FROM t")) == 1


async def test_more_queries_at_once_than_kept_connections_still_run(engine):
    engine, _ = engine
    rows = await asyncio.gather(*(run(engine, "SELECT {} AS n", n) for n in range(10)))
    assert sorted(row[0]["n"] for row in rows) == list(range(10))
    assert engine._opened <= 2
    assert len(engine._idle) == engine._opened
    await engine.close_kept()
    assert (engine._opened, engine._idle) == (0, [])


async def test_a_query_inside_a_transaction_runs_on_the_transactions_connection(engine):
    engine, path = engine
    async with engine.transaction():
        await run(engine, "INSERT INTO t (name) VALUES ({})", "belum")
        # Not committed: the transaction sees its row, another connection does not.
        assert len(await run(engine, "SELECT * FROM t")) == 1
        with sqlite3.connect(path) as other:
            assert other.execute("SELECT * FROM t").fetchall() == []
    assert engine._opened == 0


async def test_a_cancelled_query_keeps_its_connection_until_sqlite_is_done_with_it(engine):
    engine, _ = engine
    slow = (
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000)"
        " SELECT count(*) AS n FROM c"
    )
    query = asyncio.ensure_future(run(engine, slow))
    await asyncio.sleep(0.01)
    query.cancel()
    with pytest.raises(asyncio.CancelledError):
        await query
    # Lent to no one else while SQLite still runs the query on it...
    assert (engine._opened, engine._idle) == (1, [])
    for _ in range(200):
        if engine._idle:
            break
        await asyncio.sleep(0.05)
    # ...and back once it is done, ready for the next.
    assert len(engine._idle) == 1
    assert (await run(engine, "SELECT 1 AS n"))[0]["n"] == 1


def test_a_process_that_never_closes_its_engine_still_exits(tmp_path):
    script = (
        "import asyncio\n"
        "from piccolo.querystring import QueryString\n"
        "from server.db import KeptOpenSQLiteEngine\n"
        f"engine = KeptOpenSQLiteEngine(path={str(tmp_path / 'uji.sqlite3')!r})\n"
        "print(asyncio.run(engine.run_querystring(QueryString('SELECT 1 AS n'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stdout.strip()) == (0, "[{'n': 1}]"), done.stderr
