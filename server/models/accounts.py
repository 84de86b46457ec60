"""Accounts with one role each, their server-side sessions, failed-login records, and the
second factors of staff with regency-wide reach."""

from __future__ import annotations

from enum import StrEnum

from piccolo.columns import BigInt, Boolean, Integer, Text, Timestamptz, Varchar
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
    # Made by the demo seed (`--demo`): signs in with its published password alone, so that
    # checks from outside can sign in; a second factor is offered, never required.
    demo = Boolean(default=False)
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


class JenisKode(StrEnum):
    daftar = "daftar"  # a first sign-up
    pemulihan = "pemulihan"  # a new password for an account an officer took back for its owner


class SaluranKode(StrEnum):
    """How the code reached the person. Only the printed slip exists today; a code sent by SMS to
    the phone number on record would be a second channel issued by the same mechanism."""

    slip = "slip"


class StatusKode(StrEnum):
    menunggu = "menunggu"  # issued, not yet used
    dipakai = "dipakai"  # used once, never again
    dibatalkan = "dibatalkan"  # replaced by a newer code for the same resident


class DokumenDiperiksa(StrEnum):
    """The original document an officer saw before taking an account back for its owner."""

    ktp_el = "ktp_el"
    kk = "kk"
    suket = "suket"  # the Dukcapil's temporary certificate in place of a KTP-el
    akta = "akta"  # birth certificate, for residents without a KTP-el yet


DOKUMEN_DIPERIKSA_LABELS = {
    DokumenDiperiksa.ktp_el: N_("KTP-el asli"),
    DokumenDiperiksa.kk: N_("Kartu Keluarga asli bersama wajah yang cocok dengan data"),
    DokumenDiperiksa.suket: N_("Surat keterangan pengganti KTP-el (suket) asli"),
    DokumenDiperiksa.akta: N_("Akta kelahiran asli (warga yang belum punya KTP-el)"),
}


class KodeDaftar(Table):
    """A one-time code that lets a resident set the password of their own account: handed over
    in person by an officer in their scope. Only its SHA-256 is stored."""

    penduduk = ForeignKey(references=Penduduk, on_delete=OnDelete.cascade, index=True)
    jenis = Varchar(length=10, choices=JenisKode)
    saluran = Varchar(length=10, choices=SaluranKode, default=SaluranKode.slip)
    kode_hash = Varchar(length=64, unique=True)
    status = Varchar(length=10, choices=StatusKode, default=StatusKode.menunggu)
    dibuat = Timestamptz(default=TimestamptzNow())
    kedaluwarsa = Timestamptz()
    dipakai = Timestamptz(null=True, default=None)
    petugas = ForeignKey(references=Account, null=True, on_delete=OnDelete.set_null)
    # The office as the slip names it, kept as issued (an officer may move desa later).
    kantor = Varchar(length=120)
    # Recovery only: which original document the officer saw.
    dokumen = Varchar(length=10, choices=DokumenDiperiksa, null=True, default=None)


class Passkey(Table):
    """A WebAuthn credential (passkey) that signs its owner in as the second factor."""

    account = ForeignKey(references=Account, on_delete=OnDelete.cascade, index=True)
    credential_id = Varchar(length=1400, unique=True)  # base64url, as the browser sends it
    public_key = Text()  # COSE key, base64url
    sign_count = BigInt(default=0)
    transports = Varchar(length=200, default="")  # comma-separated, a hint for the browser
    name = Varchar(length=60)
    created_at = Timestamptz(default=TimestamptzNow())
    last_used_at = Timestamptz(null=True, default=None)


class TotpSecret(Table):
    """An authenticator app's shared secret (the fallback second factor), one per account."""

    account = ForeignKey(references=Account, on_delete=OnDelete.cascade, unique=True)
    secret = Varchar(length=64)  # base32
    #: The last 30-second step whose code was accepted: no code of it or before is taken again.
    last_step = BigInt(default=0)
    created_at = Timestamptz(default=TimestamptzNow())


class RecoveryCode(Table):
    """A single-use code that stands in for the second factor; only its SHA-256 is kept."""

    account = ForeignKey(references=Account, on_delete=OnDelete.cascade, index=True)
    code_hash = Varchar(length=64)
    used_at = Timestamptz(null=True, default=None)


class PendingSignIn(Table):
    """Half signed in: the password was right, the second factor is still to come. Its cookie
    holds a token whose SHA-256 is stored here; it opens nothing but the second step, lives a
    few minutes and is deleted when the session starts."""

    token_hash = Varchar(length=64, unique=True)
    account = ForeignKey(references=Account, on_delete=OnDelete.cascade, index=True)
    next_path = Varchar(length=500, default="/")
    challenge = Varchar(length=100, null=True, default=None)  # WebAuthn, base64url
    totp_secret = Varchar(length=64, null=True, default=None)  # being enrolled, not confirmed
    created_at = Timestamptz(default=TimestamptzNow())


class FactorSetup(Table):
    """A signed-in person adding a passkey or a new TOTP secret: the challenge or secret the
    server handed out, until confirmed."""

    session = ForeignKey(references=Session, on_delete=OnDelete.cascade, unique=True)
    challenge = Varchar(length=100, null=True, default=None)
    totp_secret = Varchar(length=64, null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
