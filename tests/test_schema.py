"""The schema is built by the committed migrations, and they match the models. A database the
replaced migrations built is taken as the base; one they left half way stops the start."""

from __future__ import annotations

import pytest
from piccolo.apps.migrations.tables import Migration

from server.models.piccolo_app import APP_CONFIG
from server.services import startup
from tests.conftest import ON_POSTGRES

pytestmark = pytest.mark.anyio


async def database_columns(table: str) -> set[str]:
    if ON_POSTGRES:
        rows = await Migration.raw(
            "SELECT column_name AS name FROM information_schema.columns WHERE table_name = {}",
            table,
        )
    else:
        rows = await Migration.raw(f"PRAGMA table_info({table})")  # table names are ours
    return {row["name"] for row in rows}


async def test_migrations_ran(client):
    ran = await Migration.get_migrations_which_ran(app_name="dekat")
    assert ran, "no migration recorded: the schema was not built by migrations"


@pytest.mark.parametrize("table", APP_CONFIG.table_classes, ids=lambda t: t._meta.tablename)
async def test_every_model_column_exists_in_the_migrated_schema(client, table):
    model = {column._meta.db_column_name for column in table._meta.columns}
    assert model == await database_columns(table._meta.tablename)


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
    await migration_history("2026-11-24T04:36:00:000000", startup.RETIRED_LAST_MIGRATION)
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
