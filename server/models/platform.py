"""Cross-cutting records: idempotency keys for retried submissions, and domain events for
later workers (push notifications) to read."""

from __future__ import annotations

from piccolo.columns import JSON, Bytea, Integer, Timestamptz, Varchar
from piccolo.columns.column_types import ForeignKey, OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from server.models.accounts import Account


class IdempotencyRecord(Table):
    """The first answer to a request carrying an `Idempotency-Key`, per account."""

    scoped_key = Varchar(length=120, unique=True)  # "<account id>:<key>"
    account = ForeignKey(references=Account, on_delete=OnDelete.cascade)
    fingerprint = Varchar(length=64)  # SHA-256 of method, path and body
    selesai = Timestamptz(null=True, default=None)  # None while the first request runs
    status_code = Integer(null=True, default=None)
    headers = JSON(default="{}")
    response_body = Bytea(default=b"")  # as sent: it may be compressed
    dibuat = Timestamptz(default=TimestamptzNow(), index=True)


class DomainEvent(Table):
    """Something that happened, for a worker to act on (e.g. notify the applicant)."""

    jenis = Varchar(length=60, index=True)  # "permohonan.status"
    data = JSON(default="{}")
    dibuat = Timestamptz(default=TimestamptzNow())
    diproses = Timestamptz(null=True, default=None, index=True)
