"""A complaint form's key shows the complaint it filed again only for the same content, to the
browser that filed it: two nullable columns on `pengaduan` hold the SHA-256 of each. Complaints
filed before have neither, and their keys show nothing again."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar

ID = "2026-12-05T19:49:43:182566"
VERSION = "1.38.0"
DESCRIPTION = "Bind a complaint form's key to its content and to the browser that filed it"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="dekat", description=DESCRIPTION)
    for column in ("kunci_sidik", "kunci_pemilik"):
        manager.add_column(
            table_class_name="Pengaduan",
            tablename="pengaduan",
            column_name=column,
            db_column_name=column,
            column_class_name="Varchar",
            column_class=Varchar,
            params={"length": 64, "default": None, "null": True},
        )
    return manager
