"""IKD activation: a citizen's request, shown as a QR code, that an authorised officer scans,
checks against the registry and confirms in person."""

from __future__ import annotations

from enum import StrEnum

from piccolo.columns import Timestamptz, Varchar
from piccolo.columns.column_types import ForeignKey, OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from server.models.accounts import Account
from server.models.penduduk import Penduduk


class AktivasiStatus(StrEnum):
    menunggu = "menunggu"
    selesai = "selesai"


class IkdAktivasi(Table):
    """One activation request. The code is short enough to type, unguessable within its life
    (50 bits, 30 minutes, usable only by a signed-in authorised officer)."""

    kode = Varchar(length=16, unique=True)
    penduduk = ForeignKey(references=Penduduk, on_delete=OnDelete.cascade, index=True)
    status = Varchar(length=10, choices=AktivasiStatus, default=AktivasiStatus.menunggu)
    dibuat = Timestamptz(default=TimestamptzNow())
    kedaluwarsa = Timestamptz()
    petugas = ForeignKey(references=Account, null=True, on_delete=OnDelete.set_null)
    selesai = Timestamptz(null=True, default=None)
