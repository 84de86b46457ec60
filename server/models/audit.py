"""The audit log: who did or read what, when — never the personal values themselves."""

from __future__ import annotations

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
