"""The SQLite engine that keeps connections open: it must behave exactly as a new connection
per query did (autocommit, fresh data, errors that leave the connection usable) and never
keep more than it may."""

from __future__ import annotations

import asyncio
import sqlite3

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
