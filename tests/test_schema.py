"""The schema is built by the committed migrations and is the one the models declare: columns,
indexes, unique constraints and foreign keys, on either engine. A database the replaced
migrations built is taken as the base; one they left half way stops the start."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import NamedTuple

import pytest
from piccolo.apps.migrations.commands.new import AutoMigrationManager
from piccolo.apps.migrations.tables import Migration

from server.models.piccolo_app import APP_CONFIG
from server.services import startup
from tests.conftest import ON_POSTGRES

pytestmark = pytest.mark.anyio

TABLES = pytest.mark.parametrize("table", APP_CONFIG.table_classes, ids=lambda t: t._meta.tablename)


class Index(NamedTuple):
    #: None for the index behind a UNIQUE column, which each engine names in its own way.
    name: str | None
    columns: tuple[str, ...]
    unique: bool
    partial: bool


#: Indexes no model column declares, which the base's SQL makes and the app relies on.
RAW_INDEXES = {
    "notifikasi": {Index("notifikasi_menunggu", ("id",), unique=False, partial=True)},
    "pengaduan": {Index("pengaduan_kunci", ("kunci",), unique=True, partial=False)},
}

PG_INDEXES = """
SELECT CASE WHEN con.contype = 'u' THEN NULL ELSE i.relname END AS name,
       ARRAY(SELECT a.attname FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
             JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum
             ORDER BY k.n) AS columns,
       ix.indisunique AS "unique", ix.indpred IS NOT NULL AS partial
FROM pg_index ix
JOIN pg_class i ON i.oid = ix.indexrelid
JOIN pg_class t ON t.oid = ix.indrelid
LEFT JOIN pg_constraint con ON con.conindid = ix.indexrelid
WHERE t.relname = {} AND pg_table_is_visible(t.oid) AND NOT ix.indisprimary
"""

PG_FOREIGN_KEYS = """
SELECT a.attname AS "from", target.relname AS "table",
       CASE c.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT'
            WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' ELSE 'SET DEFAULT' END AS on_delete
FROM pg_constraint c
JOIN pg_class t ON t.oid = c.conrelid
JOIN pg_class target ON target.oid = c.confrelid
JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
WHERE c.contype = 'f' AND t.relname = {} AND pg_table_is_visible(t.oid)
"""

# Table names below are the models' own, never input.


async def database_columns(table: str) -> dict[str, bool]:
    """Each column with whether it takes NULL."""
    if ON_POSTGRES:
        rows = await Migration.raw(
            "SELECT column_name AS name, is_nullable = 'YES' AS nullable "
            "FROM information_schema.columns WHERE table_name = {}",
            table,
        )
        return {row["name"]: row["nullable"] for row in rows}
    rows = await Migration.raw(f"PRAGMA table_info({table})")
    return {row["name"]: not row["notnull"] for row in rows}


async def database_indexes(table: str) -> set[Index]:
    """Every index but the primary key's."""
    if ON_POSTGRES:
        rows = await Migration.raw(PG_INDEXES, table)
        return {Index(r["name"], tuple(r["columns"]), r["unique"], r["partial"]) for r in rows}
    indexes = set()
    for row in await Migration.raw(f"PRAGMA index_list({table})"):
        if row["origin"] == "pk":
            continue
        columns = await Migration.raw(f"PRAGMA index_info({row['name']})")
        indexes.add(
            Index(
                None if row["origin"] == "u" else row["name"],
                tuple(c["name"] for c in sorted(columns, key=lambda c: c["seqno"])),
                bool(row["unique"]),
                bool(row["partial"]),
            )
        )
    return indexes


async def database_foreign_keys(table: str) -> set[tuple[str, str, str]]:
    """(column, the table it references, what a delete there does)."""
    if ON_POSTGRES:
        rows = await Migration.raw(PG_FOREIGN_KEYS, table)
    else:
        rows = await Migration.raw(f"PRAGMA foreign_key_list({table})")
    return {(row["from"], row["table"], row["on_delete"]) for row in rows}


def declared_indexes(table) -> set[Index]:
    indexes = set(RAW_INDEXES.get(table._meta.tablename, ()))
    for column in table._meta.columns:
        name = column._meta.db_column_name
        if column._meta.unique:
            indexes.add(Index(None, (name,), unique=True, partial=False))
        if column._meta.index:
            # Piccolo names a column's index after its table and column.
            indexes.add(
                Index(f"{table._meta.tablename}_{name}", (name,), unique=False, partial=False)
            )
    return indexes


async def test_the_base_migration_ran_once(client):
    ran = await Migration.get_migrations_which_ran(app_name="dekat")
    assert ran.count(startup.base_migration.ID) == 1, "the schema was not built by the base"


@TABLES
async def test_every_model_column_exists_in_the_migrated_schema_and_takes_null_as_declared(
    client, table
):
    model = {column._meta.db_column_name: column._meta.null for column in table._meta.columns}
    assert model == await database_columns(table._meta.tablename)


@TABLES
async def test_every_declared_index_and_unique_column_exists_and_no_other(client, table):
    assert declared_indexes(table) == await database_indexes(table._meta.tablename)


@TABLES
async def test_every_foreign_key_references_its_table_and_keeps_its_delete_rule(client, table):
    model = {
        (
            column._meta.db_column_name,
            column._foreign_key_meta.resolved_references._meta.tablename,
            column._foreign_key_meta.on_delete.value,
        )
        for column in table._meta.foreign_key_columns
    }
    assert model == await database_foreign_keys(table._meta.tablename)


async def test_the_models_need_no_migration_the_folder_lacks():
    """What `piccolo migrations new dekat --auto` would write: nothing."""
    statements = await AutoMigrationManager(auto_input="y").get_alter_statements(APP_CONFIG)
    assert [line for alter in statements for line in alter.statements] == []


def test_no_migration_imports_the_app():
    """A migration imports Piccolo only: a live model changes, the migration must not."""
    for path in Path(APP_CONFIG.resolved_migrations_folder_path).glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            else:
                continue
            assert not any(m.split(".")[0] in {"server", "tests"} for m in modules), path.name


@pytest.fixture
async def migration_history(client):
    """Lets a test say which migrations the database has run; puts the real record back after."""
    kept = await Migration.select().where(Migration.app_name == "dekat")

    async def record(*names: str) -> None:
        await Migration.delete().where(Migration.app_name == "dekat")
        for name in names:
            await Migration.insert(Migration(name=name, app_name="dekat"))

    yield record
    await Migration.delete().where(Migration.app_name == "dekat")
    await Migration.insert(*[Migration(**row) for row in kept])


async def test_a_database_the_replaced_migrations_built_is_taken_as_the_base(migration_history):
    # Migrations after the base changed this test database already: they stay recorded.
    ran = await Migration.get_migrations_which_ran(app_name="dekat")
    later = [name for name in ran if name > startup.base_migration.ID]
    await migration_history("2026-11-24T04:36:00:000000", startup.RETIRED_LAST_MIGRATION, *later)
    await startup.migrate()
    await startup.migrate()
    ran = await Migration.get_migrations_which_ran(app_name="dekat")
    assert ran.count(startup.base_migration.ID) == 1
    assert startup.RETIRED_LAST_MIGRATION in ran


async def test_a_database_the_replaced_migrations_left_half_way_stops_the_start(
    migration_history,
):
    await migration_history("2026-11-23T18:30:27:158841", "2026-11-24T01:14:23:110083")
    with pytest.raises(RuntimeError, match="migrasi lama yang belum selesai"):
        await startup.migrate()
    ran = await Migration.get_migrations_which_ran(app_name="dekat")
    assert startup.base_migration.ID not in ran
