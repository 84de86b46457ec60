from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Bytea
from piccolo.columns.indexes import IndexMethod

ID = "2026-11-23T22:10:40:003132"
VERSION = "1.38.0"
DESCRIPTION = "Idempotency records keep the first answer's body as bytes (it may be gzipped)"


async def forwards():
    # A new column, not a conversion: stored answers are a retry cache whose status and headers
    # (the redirect target) stay; an old text body was unusable when compressed. (SQLite keeps
    # the dropped column where it cannot drop it; nothing reads it.)
    manager = MigrationManager(migration_id=ID, app_name="dekat", description=DESCRIPTION)
    manager.drop_column(
        table_class_name="IdempotencyRecord",
        tablename="idempotency_record",
        column_name="body",
        db_column_name="body",
        schema=None,
    )
    manager.add_column(
        table_class_name="IdempotencyRecord",
        tablename="idempotency_record",
        column_name="response_body",
        db_column_name="response_body",
        column_class_name="Bytea",
        column_class=Bytea,
        params={
            "default": b"",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )
    return manager
