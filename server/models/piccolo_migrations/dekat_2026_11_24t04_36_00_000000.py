from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-24T04:36:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Complaints: each filing form's key files one complaint at most"

# SQLite cannot add a UNIQUE column, so the previous migration adds the column and this one
# its unique index (which lets any number of rows leave it empty, on both engines).
UNIQUE_KEY = "CREATE UNIQUE INDEX IF NOT EXISTS pengaduan_kunci ON pengaduan (kunci)"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="dekat", description=DESCRIPTION)

    async def unique_key():
        from server.models.pengaduan import Pengaduan

        await Pengaduan.raw(UNIQUE_KEY)

    manager.add_raw(unique_key)
    return manager
