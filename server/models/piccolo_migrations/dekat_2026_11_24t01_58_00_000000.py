from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-24T01:58:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Notification outbox: an index on the messages still waiting"

# Delivered messages stay for the office's counts, so the worker's claim must not walk them:
# a partial index (PostgreSQL and SQLite alike) holds only the waiting ones.
INDEX = (
    "CREATE INDEX IF NOT EXISTS notifikasi_menunggu ON notifikasi (id) WHERE status = 'menunggu'"
)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="dekat", description=DESCRIPTION)

    async def create_index():
        from server.models.notifikasi import Notifikasi

        await Notifikasi.raw(INDEX)

    manager.add_raw(create_index)
    return manager
