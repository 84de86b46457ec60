"""Web Push: the push subscriptions of each account's devices, the notification outbox the
delivery worker drains, and the announcements the office sent."""

from __future__ import annotations

from enum import StrEnum

from piccolo.columns import JSON, Integer, Timestamptz, Varchar
from piccolo.columns.column_types import ForeignKey, OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from server.models.accounts import Account
from server.models.wilayah import Kecamatan


class Topik(StrEnum):
    permohonan = "permohonan"  # the status of my requests
    kunjungan = "kunjungan"  # jemput-bola visits in my desa, my bookings
    blanko = "blanko"  # blanko stock at my office
    pengumuman = "pengumuman"  # announcements


class LanggananPush(Table):
    """One browser's push subscription (`PushSubscription.toJSON()`), owned by one account.
    The endpoint identifies the device's subscription."""

    akun = ForeignKey(references=Account, on_delete=OnDelete.cascade, index=True)
    endpoint = Varchar(length=2048, unique=True)
    p256dh = Varchar(length=128)
    auth = Varchar(length=64)
    topik = JSON(default="[]")  # the Topik values this account chose
    dibuat = Timestamptz(default=TimestamptzNow())
    terakhir_terkirim = Timestamptz(null=True, default=None)


class StatusNotifikasi(StrEnum):
    menunggu = "menunggu"  # waiting for its turn (or its next attempt)
    terkirim = "terkirim"  # the push service accepted it
    gagal = "gagal"  # given up: the subscription is gone, or too many attempts


class Notifikasi(Table):
    """One message for one subscription, written in the same transaction as the event that
    causes it; the worker sends it (FOR UPDATE SKIP LOCKED on PostgreSQL)."""

    kode = Varchar(length=32, unique=True)  # in the payload: a click is counted by it
    # Kept (empty) when the subscription is gone, so the office's counts stay true.
    langganan = ForeignKey(
        references=LanggananPush, null=True, on_delete=OnDelete.set_null, index=True
    )
    topik = Varchar(length=16, choices=Topik)
    isi = JSON(default="{}")  # {"judul", "isi", "url", "tag"}: a first name at most
    ttl = Integer()  # seconds the push service keeps it for an offline phone
    urgensi = Varchar(length=8, default="normal")  # very-low | low | normal | high
    topic = Varchar(length=32, default="")  # Topic header: a newer message replaces an older one
    status = Varchar(length=10, choices=StatusNotifikasi, default=StatusNotifikasi.menunggu)
    percobaan = Integer(default=0)
    jadwal = Timestamptz(default=TimestamptzNow(), index=True)  # not before this
    dibuat = Timestamptz(default=TimestamptzNow())
    terkirim = Timestamptz(null=True, default=None)
    diklik = Timestamptz(null=True, default=None)
    galat = Varchar(length=200, default="")


class Pengumuman(Table):
    """An announcement the office sent: what, to which area (empty: the whole regency), by
    whom, and to how many devices it was queued."""

    judul = Varchar(length=60)
    isi = Varchar(length=200)
    tautan = Varchar(length=200, default="")
    kecamatan = ForeignKey(references=Kecamatan, null=True)
    pengirim = ForeignKey(references=Account, null=True, on_delete=OnDelete.set_null)
    perangkat = Integer(default=0)
    dibuat = Timestamptz(default=TimestamptzNow(), index=True)
