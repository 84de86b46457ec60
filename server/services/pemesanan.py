"""Booking a place at a published jemput-bola visit: a time window, the waiting list when the
visit is full, a home visit for the elderly and people with disabilities, cancelling and
rescheduling.

A window's places are taken by one conditional UPDATE (`terisi = terisi + 1 WHERE terisi <
kapasitas`), so however many people book at once, a window never holds more than its
capacity; the loser of the race is told "penuh" or joins the waiting list. A freed place goes
at once to the oldest entry of the waiting list.

A window's counter (`terisi`) always equals the tickets holding a place in it. Every move of a
place happens in one write transaction that first queues behind the other moves of the same
visit, reads the ticket as it is now, and changes it only if it is still so (`UPDATE … WHERE
status = <read> AND sesi = <read>`, rows counted): a ticket read earlier by the page, or
changed by a second tab at the same moment, can neither take a second place nor free one it
no longer holds.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from piccolo.columns.combination import WhereRaw

from server.db import UNIQUE_VIOLATIONS, contains_text, locked, write_transaction
from server.errors import UserError
from server.i18n import N_, Message
from server.models.accounts import Role
from server.models.jemput_bola import (
    Keperluan,
    Kunjungan,
    Pemesanan,
    Sesi,
    StatusKunjungan,
    StatusPemesanan,
)
from server.models.penduduk import KtpStatus, Penduduk, adult_cutoff
from server.models.permohonan import Permohonan, Status
from server.models.platform import DomainEvent
from server.services import audit, daftar_desa, notify
from server.services.auth import User
from server.services.kunjungan import today
from server.services.scope import kunjungan_scope

#: No 0/O, 1/I/L: read aloud or typed from a screen without doubt.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TICKET_PREFIX = "JB-"
HOME_REASONS = {"lansia": N_("Lanjut usia"), "disabilitas": N_("Penyandang disabilitas")}
FULL = N_("Jadwal ini sudah penuh. Pilih jam lain, atau masuk daftar tunggu.")
#: Bookings that hold (or wait for) a place.
OPEN = (StatusPemesanan.aktif, StatusPemesanan.menunggu)
#: Bookings counted in their window's `terisi`: a ticket keeps its place once checked in.
HOLDING = (StatusPemesanan.aktif, StatusPemesanan.hadir)
CLOSED = N_("Pemesanan ini sudah dibatalkan atau sudah dilayani.")
CHANGED = N_(
    "Pemesanan ini baru saja berubah. Muat ulang halaman untuk melihat keadaannya sekarang."
)
#: Residents a desa officer is offered to book for, at most.
RESIDENTS_PAGE = 30


class BookingError(UserError):
    """A booking that cannot be made, changed or cancelled; `full` when no place is left."""

    def __init__(self, message: str | Message, *, full: bool = False) -> None:
        super().__init__(message)
        self.full = full


def new_ticket() -> str:
    """`JB-` and 8 characters (31^8 ≈ 2^40): unguessable enough for a ticket that only
    matters to its visit's team."""
    return TICKET_PREFIX + "".join(secrets.choice(ALPHABET) for _ in range(8))


def normalise_ticket(raw: str) -> str:
    text = "".join(ch for ch in (raw or "").upper() if ch.isalnum())
    if text.startswith("JB"):
        text = text[2:]
    return TICKET_PREFIX + text if len(text) == 8 and set(text) <= set(ALPHABET) else ""


def _lock_key(kunjungan_id: int, penduduk_id: int) -> str:
    return f"{kunjungan_id}:{penduduk_id}"


@dataclass(frozen=True)
class Request:
    kunjungan_id: int
    penduduk_id: int
    sesi_id: int | None = None
    keperluan: str = Keperluan.rekam
    waiting_list: bool = False  # join the waiting list if the window is full
    home: bool = False  # a home visit instead of a window at the venue
    home_reason: str = ""  # "lansia" or "disabilitas"
    address: str = ""
    daftar_id: int | None = None  # the desa list row it was booked from (BAKSO)


TICKET_COLUMNS = (
    Pemesanan.id,
    Pemesanan.kode,
    Pemesanan.status,
    Pemesanan.keperluan,
    Pemesanan.nama,
    Pemesanan.kunjungan_rumah,
    Pemesanan.alasan_rumah,
    Pemesanan.alamat,
    Pemesanan.datang_langsung,
    Pemesanan.dibuat,
    Pemesanan.hadir_pada,
    Pemesanan.penduduk,
    Pemesanan.penduduk.nik,
    Pemesanan.penduduk.kk,
    Pemesanan.penduduk.desa.id,
    Pemesanan.dipesan_oleh,
    Pemesanan.sesi.id,
    Pemesanan.sesi.mulai,
    Pemesanan.sesi.selesai,
    Pemesanan.sesi.rumah,
    Pemesanan.kunjungan.id,
    Pemesanan.kunjungan.tanggal,
    Pemesanan.kunjungan.tempat,
    Pemesanan.kunjungan.status,
    Pemesanan.kunjungan.tim.id,
    Pemesanan.kunjungan.tim.nama,
    Pemesanan.kunjungan.desa.id,
    Pemesanan.kunjungan.desa.name,
)


async def may_book_for(user: User, penduduk_id: int) -> dict | None:
    """The resident if `user` may book for them: a citizen for their own KK, a desa officer
    for residents of their desa."""
    condition = Penduduk.id == penduduk_id
    if user.role == Role.warga and user.kk:
        condition &= Penduduk.kk == user.kk
    elif user.role == Role.operator_desa and user.desa_id:
        condition &= Penduduk.desa == user.desa_id
    else:
        return None
    return await Penduduk.select(Penduduk.id, Penduduk.nama, Penduduk.desa).where(condition).first()


async def home_desa(user: User | None) -> int | None:
    """The desa whose visits a person sees first: a citizen's own, a desa officer's."""
    if user is None:
        return None
    if user.role == Role.operator_desa:
        return user.desa_id
    if user.role == Role.warga and user.penduduk_id:
        row = await Penduduk.select(Penduduk.desa).where(Penduduk.id == user.penduduk_id).first()
        return row["desa"] if row else None
    return None


async def residents_to_serve(desa_id: int, kunjungan_id: int, query: str = "") -> list[dict]:
    """A desa's residents lacking documents, for the desa officer to book: adults not yet
    recorded, and those whose card or document waits to be collected, not yet booked."""
    ready = Permohonan.select(Permohonan.pemohon).where(Permohonan.status == Status.siap_diambil)
    condition = (Penduduk.desa == desa_id) & (
        (
            (Penduduk.ktp_status == KtpStatus.belum_rekam)
            & (Penduduk.tanggal_lahir <= adult_cutoff(today()))
        )
        | (Penduduk.ktp_status == KtpStatus.sudah_rekam)
        | Penduduk.id.is_in(ready)
    )
    if query:
        condition &= contains_text(Penduduk.nama, query)
    rows = (
        await Penduduk.select(Penduduk.id, Penduduk.nama, Penduduk.nik, Penduduk.ktp_status)
        .where(condition)
        .order_by(Penduduk.nama)
        .limit(RESIDENTS_PAGE * 3)
    )
    booked = {
        b["penduduk"]
        for b in await bookings_of_visit(kunjungan_id)
        if b.get("penduduk") is not None
    }
    return [r for r in rows if r["id"] not in booked][:RESIDENTS_PAGE]


async def _bookable_visit(kunjungan_id: int) -> dict:
    row = (
        await Kunjungan.select(
            Kunjungan.id, Kunjungan.desa, Kunjungan.desa.name, Kunjungan.tanggal, Kunjungan.status
        )
        .where(Kunjungan.id == kunjungan_id)
        .first()
    )
    if row is None or row["status"] != StatusKunjungan.diumumkan:
        raise BookingError(N_("Kunjungan ini tidak ditemukan atau belum diumumkan."))
    if row["tanggal"] < today():
        raise BookingError(N_("Kunjungan ini sudah lewat."))
    return row


async def _queue_behind_visit(kunjungan_id: int) -> None:
    """Let the moves of places in one visit commit one after the other (a row lock on the visit
    on PostgreSQL; SQLite's write transaction already holds the whole file).

    Each move is conditional on its own; this keeps two of them from each waiting for a row
    the other holds (a cancel promoting the very ticket someone reschedules), a deadlock
    PostgreSQL would end by failing one of them."""
    await locked(Kunjungan.select(Kunjungan.id).where(Kunjungan.id == kunjungan_id))


async def _ticket_now(pemesanan_id: int) -> dict | None:
    """A ticket's status and window as they are inside the transaction."""
    return (
        await Pemesanan.select(Pemesanan.status, Pemesanan.sesi, Pemesanan.sesi.rumah)
        .where(Pemesanan.id == pemesanan_id)
        .first()
    )


async def _change_ticket(pemesanan_id: int, was: dict, changes: dict) -> None:
    """Apply `changes` to a ticket only if its status and window are still what `was` read."""
    condition = (Pemesanan.id == pemesanan_id) & (Pemesanan.status == was["status"])
    if was["sesi"] is None:
        condition &= Pemesanan.sesi.is_null()
    else:
        condition &= Pemesanan.sesi == was["sesi"]
    changed = await Pemesanan.update(changes).where(condition).returning(Pemesanan.id)
    if not changed:
        raise BookingError(CHANGED)


async def _take_place(sesi_id: int) -> bool:
    """One place in the window, if any is left (atomic on both engines)."""
    taken = (
        await Sesi.update({Sesi.terisi: Sesi.terisi + 1})
        .where((Sesi.id == sesi_id) & WhereRaw("terisi < kapasitas"))
        .returning(Sesi.id)
    )
    return bool(taken)


async def _release_place(sesi_id: int) -> None:
    """Give back the place a ticket held. Called only after the ticket's own conditional
    change succeeded, so the place is given back once; the floor at 0 keeps a counter that an
    older version let fall behind its tickets from going negative."""
    await Sesi.update({Sesi.terisi: Sesi.terisi - 1}).where(
        (Sesi.id == sesi_id) & (Sesi.terisi > 0)
    )


async def book(user: User, request: Request) -> dict:
    """A ticket (status `aktif`) or a waiting-list entry (`menunggu`)."""
    person = await may_book_for(user, request.penduduk_id)
    if person is None:
        raise BookingError(
            N_("Anda hanya bisa memesan untuk diri sendiri atau anggota KK Anda.")
            if user.role == Role.warga
            else N_("Penduduk ini bukan warga desa Anda.")
        )
    visit = await _bookable_visit(request.kunjungan_id)
    if person["desa"] != visit["desa"]:
        raise BookingError(
            Message(
                "Kunjungan ini untuk warga Desa %(desa)s. Pilih kunjungan di desa Anda sendiri.",
                {"desa": visit["desa.name"]},
            )
        )
    if request.keperluan not in Keperluan.__members__:
        raise BookingError(N_("Pilih keperluan Anda."))
    home = request.home
    if home and request.home_reason not in HOME_REASONS:
        raise BookingError(N_("Kunjungan ke rumah hanya untuk lansia dan penyandang disabilitas."))
    address = request.address.strip()
    if home and not 5 <= len(address) <= 200:
        raise BookingError(N_("Tulis alamat rumah atau petunjuk jalannya (5 sampai 200 karakter)."))
    sesi = None
    if request.sesi_id is not None:
        sesi = (
            await Sesi.select()
            .where((Sesi.id == request.sesi_id) & (Sesi.kunjungan == visit["id"]))
            .first()
        )
    if sesi is None or sesi["rumah"] != home:
        raise BookingError(
            N_("Pilih kunjungan ke rumah.") if home else N_("Pilih jam kedatangan dari daftar.")
        )
    row = Pemesanan(
        kode=new_ticket(),
        kunjungan=visit["id"],
        penduduk=person["id"],
        nama=person["nama"],
        keperluan=request.keperluan,
        kunci=_lock_key(visit["id"], person["id"]),
        kunjungan_rumah=home,
        alasan_rumah=request.home_reason if home else "",
        alamat=address if home else "",
        dipesan_oleh=user.id,
    )
    try:
        async with write_transaction():
            await _queue_behind_visit(visit["id"])
            if await _take_place(sesi["id"]):
                row.sesi = sesi["id"]
                row.status = StatusPemesanan.aktif
            elif request.waiting_list and not home:
                row.status = StatusPemesanan.menunggu
            else:
                raise BookingError(FULL, full=True)
            booked = await Pemesanan.insert(row)
            if request.daftar_id:
                await daftar_desa.link_booking(
                    user, request.daftar_id, booked[0]["id"], person["id"]
                )
    except UNIQUE_VIOLATIONS as error:
        raise BookingError(
            Message(
                "%(nama)s sudah punya pemesanan untuk kunjungan ini. Lihat tiketnya di daftar "
                "pemesanan.",
                {"nama": person["nama"]},
            )
        ) from error
    if user.role != Role.warga or person["id"] != user.penduduk_id:
        await audit.record(user, "pesan_jemput_bola", "penduduk", person["id"])
    return await ticket(row.kode)


async def ticket(kode: str) -> dict | None:
    return await Pemesanan.select(*TICKET_COLUMNS).where(Pemesanan.kode == kode).first()


async def readable_ticket(user: User, kode: str) -> dict | None:
    """The ticket if `user` may open it: the resident's KK or whoever booked it; staff, for
    the visits they work on (scope.kunjungan_scope: the desa officer of its desa, the visit's
    team, the Dinas or the UPT of its kecamatan)."""
    row = await ticket(normalise_ticket(kode) or kode)
    if row is None:
        return None
    if user.role == Role.warga:
        mine = (user.kk is not None and row["penduduk.kk"] == user.kk) or row[
            "dipesan_oleh"
        ] == user.id
        return row if mine else None
    visible = await Kunjungan.exists().where(
        (Kunjungan.id == row["kunjungan.id"]) & kunjungan_scope(user)
    )
    return row if visible else None


async def waiting_position(row: dict) -> int | None:
    if row["status"] != StatusPemesanan.menunggu:
        return None
    ahead = await Pemesanan.count().where(
        (Pemesanan.kunjungan == row["kunjungan.id"])
        & (Pemesanan.status == StatusPemesanan.menunggu)
        & (Pemesanan.id < row["id"])
    )
    return ahead + 1


async def _promote(kunjungan_id: int, sesi_id: int) -> None:
    """Give a freed place in `sesi_id` to the oldest entry of the waiting list. The move is
    conditional on the entry still waiting: two places freed at once go to two people."""
    while True:
        waiting = (
            await Pemesanan.select(Pemesanan.id, Pemesanan.kode)
            .where(
                (Pemesanan.kunjungan == kunjungan_id)
                & (Pemesanan.status == StatusPemesanan.menunggu)
            )
            .order_by(Pemesanan.id)
            .first()
        )
        if waiting is None or not await _take_place(sesi_id):
            return
        moved = (
            await Pemesanan.update(
                {Pemesanan.status: StatusPemesanan.aktif, Pemesanan.sesi: sesi_id}
            )
            .where((Pemesanan.id == waiting["id"]) & (Pemesanan.status == StatusPemesanan.menunggu))
            .returning(Pemesanan.id)
        )
        if moved:
            await DomainEvent.insert(
                DomainEvent(
                    jenis="pemesanan.naik",
                    data={"pemesanan": waiting["id"], "kode": waiting["kode"], "sesi": sesi_id},
                )
            )
            visit = (
                await Kunjungan.select(Kunjungan.tanggal, Kunjungan.desa.name)
                .where(Kunjungan.id == kunjungan_id)
                .first()
            )
            window = await Sesi.select(Sesi.mulai, Sesi.selesai).where(Sesi.id == sesi_id).first()
            await notify.place_freed(waiting, visit, window)
            return
        await _release_place(sesi_id)  # another cancel moved them first: try the next one


def changeable(row: dict) -> bool:
    """A ticket can still be cancelled or moved: open, for a published visit not yet past."""
    return (
        row["status"] in OPEN
        and row["kunjungan.status"] == StatusKunjungan.diumumkan
        and row["kunjungan.tanggal"] >= today()
    )


def _must_be_changeable(row: dict) -> None:
    if row["status"] not in OPEN:
        raise BookingError(CLOSED)
    if not changeable(row):
        raise BookingError(N_("Kunjungan ini sudah lewat atau sudah ditutup."))


async def cancel(user: User, row: dict) -> None:
    """Cancel a ticket or leave the waiting list; a freed place moves the waiting list up."""
    _must_be_changeable(row)
    async with write_transaction():
        await _queue_behind_visit(row["kunjungan.id"])
        now = await _ticket_now(row["id"])
        if now is None or now["status"] not in OPEN:
            raise BookingError(CLOSED)
        await _change_ticket(
            row["id"], now, {Pemesanan.status: StatusPemesanan.dibatalkan, Pemesanan.kunci: None}
        )
        if now["status"] == StatusPemesanan.aktif and now["sesi"]:
            await _release_place(now["sesi"])
            if not now["sesi.rumah"]:
                await _promote(row["kunjungan.id"], now["sesi"])


async def reschedule(user: User, row: dict, sesi_id: int) -> None:
    """Move a ticket to another window of the same visit (the old place goes to the waiting
    list), or take a place from the waiting list if one is free."""
    _must_be_changeable(row)
    if row["kunjungan_rumah"]:
        raise BookingError(N_("Kunjungan ke rumah tidak punya jam; batalkan lalu pesan lagi."))
    if sesi_id == row["sesi.id"]:
        raise BookingError(N_("Itu jam yang sudah Anda pesan."))
    target = (
        await Sesi.select()
        .where(
            (Sesi.id == sesi_id) & (Sesi.kunjungan == row["kunjungan.id"]) & (Sesi.rumah == False)  # noqa: E712
        )
        .first()
    )
    if target is None:
        raise BookingError(N_("Pilih jam kedatangan dari daftar."))
    async with write_transaction():
        await _queue_behind_visit(row["kunjungan.id"])
        now = await _ticket_now(row["id"])
        if now is None or now["status"] not in OPEN:
            raise BookingError(CLOSED)
        if now["sesi"] == sesi_id:
            raise BookingError(N_("Itu jam yang sudah Anda pesan."))
        await _change_ticket(
            row["id"], now, {Pemesanan.sesi: sesi_id, Pemesanan.status: StatusPemesanan.aktif}
        )
        # Taken after the ticket moved, in the same transaction: when the window is full the
        # whole move is undone.
        if not await _take_place(sesi_id):
            raise BookingError(N_("Jam itu sudah penuh. Pilih jam lain."), full=True)
        if now["status"] == StatusPemesanan.aktif and now["sesi"]:
            await _release_place(now["sesi"])
            await _promote(row["kunjungan.id"], now["sesi"])


async def tickets_for(user: User) -> list[dict]:
    """A citizen's open tickets (their KK's, and any they booked), soonest first."""
    condition = Pemesanan.status.is_in([*OPEN, StatusPemesanan.hadir]) & (
        Pemesanan.kunjungan.tanggal >= today()
    )
    if user.role == Role.warga:
        condition &= (Pemesanan.penduduk.kk == user.kk) | (Pemesanan.dipesan_oleh == user.id)
    else:
        condition &= Pemesanan.dipesan_oleh == user.id
    return (
        await Pemesanan.select(*TICKET_COLUMNS)
        .where(condition)
        .order_by(Pemesanan.kunjungan.tanggal)
        .order_by(Pemesanan.id)
    )


async def bookings_of_visit(kunjungan_id: int, statuses=(*OPEN, StatusPemesanan.hadir)) -> list:
    """Who is coming, by window then name (for the printed list and the team's roster)."""
    return (
        await Pemesanan.select(*TICKET_COLUMNS)
        .where((Pemesanan.kunjungan == kunjungan_id) & Pemesanan.status.is_in(list(statuses)))
        .order_by(Pemesanan.sesi.rumah)
        .order_by(Pemesanan.sesi.mulai)
        .order_by(Pemesanan.nama)
    )
