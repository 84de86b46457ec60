"""Accounts with one role each, their server-side sessions, and failed-login records."""

from __future__ import annotations

from enum import StrEnum

from piccolo.columns import Boolean, Integer, Timestamptz, Varchar
from piccolo.columns.column_types import ForeignKey, OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from server.i18n import N_
from server.models.penduduk import Penduduk
from server.models.wilayah import Desa, Kecamatan


class Role(StrEnum):
    warga = "warga"
    operator_desa = "operator_desa"
    petugas_keliling = "petugas_keliling"
    petugas_dinas = "petugas_dinas"
    pengawas = "pengawas"


#: What each role is called on pages.
ROLE_LABELS = {
    Role.warga: N_("Warga"),
    Role.operator_desa: N_("Operator desa"),
    Role.petugas_keliling: N_("Petugas keliling"),
    Role.petugas_dinas: N_("Petugas Dinas Dukcapil"),
    Role.pengawas: N_("Pengawas"),
}


class Account(Table):
    """A person's login. Its scope columns say which residents it may see (see services.scope)."""

    username = Varchar(length=64, unique=True)  # the NIK for citizens
    password_hash = Varchar(length=128)
    role = Varchar(length=20, choices=Role)
    display_name = Varchar(length=120)
    penduduk = ForeignKey(references=Penduduk, null=True, unique=True)  # warga: who they are
    desa = ForeignKey(references=Desa, null=True)  # operator_desa: their desa
    kecamatan = ForeignKey(references=Kecamatan, null=True)  # petugas: the area served
    is_active = Boolean(default=True)
    # operator_desa only: the office has allowed this officer to activate IKD at the desa.
    boleh_aktivasi_ikd = Boolean(default=False)
    created_at = Timestamptz(default=TimestamptzNow())


class Session(Table):
    """A server-side login session; the cookie holds a token whose SHA-256 is stored here."""

    token_hash = Varchar(length=64, unique=True)
    account = ForeignKey(references=Account, on_delete=OnDelete.cascade, index=True)
    created_at = Timestamptz(default=TimestamptzNow())
    last_seen_at = Timestamptz(default=TimestamptzNow())
    idle_seconds = Integer()


class LoginAttempt(Table):
    """A failed check, counted per account ("akun:<name>"), per account and address
    ("pasangan:<hash>") and per address and kind ("ip:", "lacak:", "kode-pengaduan:<addr>");
    or an address an account signed in from ("dikenal:pasangan:<hash>"). See services/auth.py."""

    key = Varchar(length=100, index=True)
    at = Timestamptz(default=TimestamptzNow(), index=True)
