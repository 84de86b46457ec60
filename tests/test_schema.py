"""The schema is built by the committed migrations, and they match the models."""

from __future__ import annotations

import pytest
from piccolo.apps.migrations.tables import Migration

from server.models.piccolo_app import APP_CONFIG
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
