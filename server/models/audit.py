"""The audit log: who did or read what, when — never the personal values themselves."""

from __future__ import annotations

from datetime import datetime

from piccolo.columns import Integer, Timestamptz, Varchar
from piccolo.columns.column_types import ForeignKey, OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from server.models.accounts import Account


class AuditLog(Table):
    """One audited action by an account on an object, named by table and row id."""

    at = Timestamptz(default=TimestamptzNow(), index=True)
    actor = ForeignKey(references=Account, null=True, on_delete=OnDelete.set_null)
    actor_role = Varchar(length=20)
    action = Varchar(length=40)
    object_type = Varchar(length=40)
    object_id = Integer(null=True)


async def latest_entries(offset: int, limit: int) -> list[dict]:
    """Entries newest first, with the name of whoever acted."""
    return await (
        AuditLog.select(
            AuditLog.at,
            AuditLog.actor_role,
            AuditLog.action,
            AuditLog.object_type,
            AuditLog.object_id,
            AuditLog.actor.display_name,
        )
        .order_by(AuditLog.id, ascending=False)
        .limit(limit)
        .offset(offset)
    )


async def entries_since(moment: datetime) -> int:
    return await AuditLog.count().where(AuditLog.at > moment)
