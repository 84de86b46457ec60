"""Blanko stock and the fair print queue.

Every change of an office's stock is a `BlankoMutasi` row written in the same transaction as the
conditional UPDATE of `Kantor.blanko_tersedia`, so the running total and its history never part.
KTP-el cards print per office in the order their requests became ready to print
(`Permohonan.siap_cetak`); printing one before its turn needs a written reason, kept with the
movement for `pengawas` to read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from piccolo.columns.combination import WhereRaw
from piccolo.query.functions.aggregate import Count, Max

from server.db import write_transaction
from server.errors import UserError
from server.i18n import N_, Message, lazy_ngettext
from server.models.accounts import Account, Role
from server.models.blanko import BlankoMutasi, JenisMutasi
from server.models.kantor import Kantor
from server.models.permohonan import Permohonan, Status
from server.models.platform import DomainEvent
from server.services import audit, notify
from server.services.auth import User
from server.services.layanan import CATALOGUE

#: Services that print a KTP-el card, and so use one blanko each.
BLANKO_SERVICES = tuple(kode for kode, item in CATALOGUE.items() if item.butuh_blanko)
#: Below this many cards an office is "running low", whoever waits.
LOW_STOCK = 25
#: The most cards one movement may bring or correct: a typo guard, not a business rule.
MAX_MOVEMENT = 100_000
MAX_REASON = 500


class StockState:
    tersedia = "tersedia"
    menipis = "menipis"
    habis = "habis"


class BlankoError(UserError):
    """A stock movement or a print that cannot be made."""


def _as_datetime(value: datetime | str) -> datetime:
    """An aggregate of a timestamp column comes back from SQLite as text."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def stock_state(available: int, waiting: int) -> str:
    """Out when none are left; running low under `LOW_STOCK` or under the number waiting."""
    if available <= 0:
        return StockState.habis
    if available < LOW_STOCK or available < waiting:
        return StockState.menipis
    return StockState.tersedia


def in_queue():
    """The condition for a request waiting in its office's print queue."""
    return (
        (Permohonan.status == Status.diproses)
        & Permohonan.layanan.is_in(list(BLANKO_SERVICES))
        & Permohonan.siap_cetak.is_not_null()
    )


def _ahead_of(row: dict):
    """Requests of the same office ahead of `row` in the queue (earlier, or as early and
    older by id)."""
    return (
        in_queue()
        & (Permohonan.kantor == row["kantor"])
        & (
            (Permohonan.siap_cetak < row["siap_cetak"])
            | ((Permohonan.siap_cetak == row["siap_cetak"]) & (Permohonan.id < row["id"]))
        )
    )


async def waiting_per_office() -> dict[int, int]:
    rows = await (
        Permohonan.select(Permohonan.kantor, Count(alias="n"))
        .where(in_queue())
        .group_by(Permohonan.kantor)
    )
    return {row["kantor"]: row["n"] for row in rows}


async def waiting_at(kantor_id: int) -> int:
    return await Permohonan.count().where(in_queue() & (Permohonan.kantor == kantor_id))


async def overview() -> list[dict]:
    """Every office, the Dinas first: stock, state, last arrival and people waiting to print."""
    offices = await Kantor.select(
        Kantor.id,
        Kantor.kode,
        Kantor.nama,
        Kantor.blanko_tersedia,
        Kantor.blanko_diperbarui,
        Kantor.kecamatan.id.as_alias("kecamatan_id"),
        Kantor.kecamatan.code.as_alias("kecamatan_kode"),
        Kantor.kecamatan.name.as_alias("kecamatan"),
    )
    arrivals = await (
        BlankoMutasi.select(BlankoMutasi.kantor, Max(BlankoMutasi.waktu, alias="terakhir"))
        .where(BlankoMutasi.jenis == JenisMutasi.kedatangan)
        .group_by(BlankoMutasi.kantor)
    )
    last_arrival = {row["kantor"]: _as_datetime(row["terakhir"]) for row in arrivals}
    waiting = await waiting_per_office()
    for office in offices:
        office["menunggu"] = waiting.get(office["id"], 0)
        office["kedatangan_terakhir"] = last_arrival.get(office["id"])
        office["keadaan"] = stock_state(office["blanko_tersedia"], office["menunggu"])
    return sorted(offices, key=lambda o: (o["kecamatan_kode"] is not None, o["kecamatan_kode"]))


def _queue_order(query):
    """First ready, first printed; the older request first when two became ready at once."""
    return query.order_by(Permohonan.siap_cetak).order_by(Permohonan.id)


async def queue_of(kantor_id: int, limit: int = 100) -> list[dict]:
    """The office's print queue in order: code, service, since when (no personal data)."""
    query = Permohonan.select(
        Permohonan.id, Permohonan.kode, Permohonan.layanan, Permohonan.siap_cetak
    ).where(in_queue() & (Permohonan.kantor == kantor_id))
    return await _queue_order(query).limit(limit)


async def position(row: dict) -> int | None:
    """The request's place in its office's print queue (1 = next), or None if not waiting."""
    if (
        row.get("status") != Status.diproses
        or row.get("layanan") not in BLANKO_SERVICES
        or row.get("siap_cetak") is None
    ):
        return None
    ahead = await Permohonan.count().where(_ahead_of(_queue_key(row)))
    return ahead + 1


def _queue_key(row: dict) -> dict:
    """The request's id, office and queue time, whichever names the row's query gave them."""
    kantor = row.get("kantor.id", row.get("kantor"))
    return {"id": row["id"], "kantor": kantor, "siap_cetak": row["siap_cetak"]}


async def _change_stock(kantor_id: int, delta: int, now: datetime) -> int | None:
    """Add `delta` to the stock unless that would take it below zero; the new stock, or None
    when refused. One conditional UPDATE, so two officers at once can never both take the
    last card."""
    changed = (
        await Kantor.update(
            {
                Kantor.blanko_tersedia: Kantor.blanko_tersedia + delta,
                Kantor.blanko_diperbarui: now,
            }
        )
        .where((Kantor.id == kantor_id) & WhereRaw("blanko_tersedia + {} >= 0", delta))
        .returning(Kantor.blanko_tersedia)
    )
    return changed[0]["blanko_tersedia"] if changed else None


def may_manage(user: User, kantor: dict) -> bool:
    """Dinas staff manage every office's stock; UPT staff only their own office's."""
    if user.role != Role.petugas_dinas:
        return False
    return not user.kecamatan_id or kantor.get("kecamatan") == user.kecamatan_id


async def managed_offices(user: User) -> list[dict]:
    """The offices whose stock and print queue `user` manages, by code."""
    rows = await Kantor.select(
        Kantor.id, Kantor.kode, Kantor.nama, Kantor.kecamatan, Kantor.blanko_tersedia
    ).order_by(Kantor.kode)
    return [row for row in rows if may_manage(user, row)]


@dataclass
class Movement:
    """A movement as the officer typed it, checked by `check_movement`."""

    jenis: str
    jumlah: int
    catatan: str


def check_movement(jenis: str, jumlah_text: str, catatan: str) -> tuple[Movement | None, dict]:
    """(movement, errors by field). An arrival brings a positive number of cards; a correction
    adds or removes some (negative for spoilt or missing cards) and always says why."""
    errors: dict[str, str | Message] = {}
    if jenis not in (JenisMutasi.kedatangan, JenisMutasi.koreksi):
        errors["jenis"] = N_("Pilih jenis catatan: kedatangan atau koreksi.")
    text = (jumlah_text or "").strip().replace(".", "")
    try:
        jumlah = int(text)
    except ValueError:
        jumlah = 0
        errors["jumlah"] = N_("Jumlah harus bilangan bulat, misalnya 500 atau -3.")
    catatan = (catatan or "").strip()
    if "jumlah" not in errors:
        if jumlah == 0:
            errors["jumlah"] = N_("Jumlah tidak boleh 0.")
        elif abs(jumlah) > MAX_MOVEMENT:
            errors["jumlah"] = lazy_ngettext(
                "Jumlah terlalu besar (maksimal %(num)s lembar sekali catat).",
                "Jumlah terlalu besar (maksimal %(num)s lembar sekali catat).",
                MAX_MOVEMENT,
            )
        elif jenis == JenisMutasi.kedatangan and jumlah < 0:
            errors["jumlah"] = N_("Kedatangan harus positif. Untuk mengurangi stok, pilih koreksi.")
    if jenis == JenisMutasi.koreksi and not catatan:
        errors["catatan"] = N_("Tuliskan alasan koreksi, misalnya 5 blanko rusak saat dicetak.")
    if len(catatan) > MAX_REASON:
        errors["catatan"] = lazy_ngettext(
            "Catatan terlalu panjang (maksimal %(num)s karakter).",
            "Catatan terlalu panjang (maksimal %(num)s karakter).",
            MAX_REASON,
        )
    if errors:
        return None, errors
    return Movement(jenis, jumlah, catatan), {}


async def record_movement(user: User, kantor: dict, movement: Movement) -> int:
    """Write an arrival or a correction; the new stock. An arrival tells those it lets print."""
    if not may_manage(user, kantor):
        raise BlankoError(N_("Anda hanya bisa mencatat stok kantor Anda sendiri."))
    now = datetime.now(UTC)
    async with write_transaction():
        stock = await _change_stock(kantor["id"], movement.jumlah, now)
        if stock is None:
            raise BlankoError(
                lazy_ngettext(
                    "Stok tidak boleh kurang dari 0. Stok sekarang %(num)s lembar.",
                    "Stok tidak boleh kurang dari 0. Stok sekarang %(num)s lembar.",
                    kantor["blanko_tersedia"],
                )
            )
        row = await BlankoMutasi.insert(
            BlankoMutasi(
                kantor=kantor["id"],
                jenis=movement.jenis,
                jumlah=movement.jumlah,
                sisa=stock,
                alasan=movement.catatan,
                pelaku=user.id,
                waktu=now,
            )
        ).returning(BlankoMutasi.id)
        await audit.record(user, f"blanko_{movement.jenis}", "blanko_mutasi", row[0]["id"])
        if movement.jenis == JenisMutasi.kedatangan:
            await _announce_arrival(kantor, movement.jumlah, stock)
    return stock


async def _announce_arrival(kantor: dict, jumlah: int, stock: int) -> None:
    """The arrival as a domain event, and a notification to the people it lets print: those
    of the queue beyond what the stock before it already covered, as many as arrived (anyone
    further back would only be disappointed). The message speaks to the applicant, so it goes
    to the applicant's own account and to a family member who filed for them, never to a desa
    officer who filed at the counter."""
    covered_before = max(stock - jumlah, 0)
    query = Permohonan.select(Permohonan.pemohon, Permohonan.diajukan_oleh).where(
        in_queue() & (Permohonan.kantor == kantor["id"])
    )
    now_covered = await _queue_order(query).offset(covered_before).limit(jumlah)
    await DomainEvent.insert(
        DomainEvent(
            jenis="blanko.datang",
            data=json.dumps(
                {"kantor": kantor["id"], "jumlah": jumlah, "menunggu": len(now_covered)}
            ),
        )
    )
    if not now_covered:
        return
    people = sorted({row["pemohon"] for row in now_covered})
    filers = sorted({row["diajukan_oleh"] for row in now_covered})
    citizens = await Account.select(Account.id).where(
        (Account.role == Role.warga) & (Account.penduduk.is_in(people) | Account.id.is_in(filers))
    )
    await notify.blanko_arrived(kantor, sorted(row["id"] for row in citizens))


async def use_card(user: User, row: dict, reason: str, now: datetime) -> None:
    """Take one blanko for printing the card of `row` (a request in the print queue), inside
    the caller's transaction. Refused when the office is out, or when the request is not next
    in line and no reason is given; a reason is kept with the number of requests passed."""
    key = _queue_key(row)
    reason = (reason or "").strip()[:MAX_REASON]
    ahead = await Permohonan.count().where(_ahead_of(key)) if key["siap_cetak"] else 0
    if ahead and not reason:
        raise BlankoError(
            lazy_ngettext(
                "Ada %(num)s permohonan yang lebih dulu siap dicetak di kantor ini. Cetak sesuai "
                "urutan, atau tuliskan alasan mencetak lebih dulu (misalnya keadaan darurat).",
                "Ada %(num)s permohonan yang lebih dulu siap dicetak di kantor ini. Cetak sesuai "
                "urutan, atau tuliskan alasan mencetak lebih dulu (misalnya keadaan darurat).",
                ahead,
            )
        )
    stock = await _change_stock(key["kantor"], -1, now)
    if stock is None:
        raise BlankoError(
            N_(
                "Blanko di kantor ini habis. Catat kedatangan blanko dulu, atau arahkan pemohon ke "
                "aktivasi IKD."
            )
        )
    entry = await BlankoMutasi.insert(
        BlankoMutasi(
            kantor=key["kantor"],
            jenis=JenisMutasi.pemakaian,
            jumlah=-1,
            sisa=stock,
            permohonan=key["id"],
            dilewati=ahead,
            alasan=reason if ahead else "",
            pelaku=user.id,
            waktu=now,
        )
    ).returning(BlankoMutasi.id)
    action = "cetak_luar_urutan" if ahead else "blanko_pemakaian"
    await audit.record(user, action, "blanko_mutasi", entry[0]["id"])


async def history(kantor_ids: list[int] | None, limit: int = 100) -> list[dict]:
    """Recent movements, newest first, with the office and the officer's unit account."""
    query = BlankoMutasi.select(
        BlankoMutasi.id,
        BlankoMutasi.jenis,
        BlankoMutasi.jumlah,
        BlankoMutasi.sisa,
        BlankoMutasi.dilewati,
        BlankoMutasi.alasan,
        BlankoMutasi.waktu,
        BlankoMutasi.kantor.nama.as_alias("kantor"),
        BlankoMutasi.permohonan.kode.as_alias("kode"),
        BlankoMutasi.pelaku.display_name.as_alias("pelaku"),
    )
    if kantor_ids is not None:
        query = query.where(BlankoMutasi.kantor.is_in(kantor_ids))
    return await query.order_by(BlankoMutasi.id, ascending=False).limit(limit)


async def out_of_turn(kantor_ids: list[int] | None, limit: int = 200) -> list[dict]:
    """Cards printed before their turn, newest first: for `pengawas` and the Dinas."""
    query = (
        BlankoMutasi.select(
            BlankoMutasi.id,
            BlankoMutasi.dilewati,
            BlankoMutasi.alasan,
            BlankoMutasi.waktu,
            BlankoMutasi.kantor.nama.as_alias("kantor"),
            BlankoMutasi.permohonan.kode.as_alias("kode"),
            BlankoMutasi.pelaku.display_name.as_alias("pelaku"),
            BlankoMutasi.pelaku.role.as_alias("peran"),
        )
        .where(BlankoMutasi.dilewati > 0)
        .order_by(BlankoMutasi.id, ascending=False)
        .limit(limit)
    )
    if kantor_ids is not None:
        query = query.where(BlankoMutasi.kantor.is_in(kantor_ids))
    return await query


async def print_place(row: dict) -> dict | None:
    """For a request waiting to print: its place, and its office's stock and state."""
    place = await position(row)
    if place is None:
        return None
    key = _queue_key(row)
    office = (
        await Kantor.select(Kantor.nama, Kantor.blanko_tersedia)
        .where(Kantor.id == key["kantor"])
        .first()
    )
    return {
        "posisi": place,
        "kantor": office["nama"],
        "stok": office["blanko_tersedia"],
        "keadaan": stock_state(office["blanko_tersedia"], place),
    }
