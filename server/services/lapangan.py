"""The field day: the team's roster, check-ins, outcomes, walk-ins, a kit reported broken, and
the visit report.

Records are made on the team's device, often without signal, and reach the server through the
outbox. Each carries a code made on the device (a record arrives once, whatever retries) and
the device's time; the server keeps who sent it. An outcome moves the registry: a recording
makes the resident `sudah_rekam`, a handed-over card closes their ready request — so the desa's
figures follow the day's work.

The field day obeys the same resident scope as every other page (services/scope.py): a walk-in's
NIK is looked up only among the residents the officer may see who live in the visit's
kecamatan (any other NIK is treated as unknown, whether it exists or not), and an outcome moves
the registry row of such a resident only. IKD is activated only through the in-person
activation flow (services/ikd_aktivasi.py: the code the person asked for, checked by the
officer); the roster's "IKD diaktifkan" records that service and is refused until the flow has
activated it.
"""

from __future__ import annotations

import contextlib
import re
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta

from server.db import UNIQUE_VIOLATIONS, write_transaction
from server.i18n import N_, Message
from server.models.accounts import Role
from server.models.ikd import AktivasiStatus, IkdAktivasi
from server.models.jemput_bola import (
    AlasanGagal,
    CatatanLapangan,
    JenisCatatan,
    Keperluan,
    Kunjungan,
    Pemesanan,
    PerangkatRiwayat,
    StatusKunjungan,
    StatusPemesanan,
    StatusPerangkat,
)
from server.models.penduduk import IkdStatus, KtpStatus, Penduduk
from server.models.permohonan import Permohonan, PermohonanEvent, Status
from server.models.platform import DomainEvent
from server.services import kunjungan, nik
from server.services.auth import User
from server.services.pemesanan import TICKET_COLUMNS, BookingError, normalise_ticket
from server.services.permohonan import FIELD_TEAM_UNIT, HANDED_OVER_NOTE
from server.services.scope import in_area
from server.services.wilayah import LOCAL_TIME

NOT_ON_ROSTER = N_(
    "Orang ini tidak ada di daftar kunjungan ini. Daftarkan sebagai warga datang langsung."
)
RECORD_CODE = re.compile(r"[A-Za-z0-9-]{8,40}")
#: Outcomes that count a person as served.
SERVED = (JenisCatatan.direkam, JenisCatatan.kartu_diserahkan, JenisCatatan.ikd_diaktifkan)
#: Roster entries: holding a place, on the waiting list (they may come anyway), checked in.
ON_ROSTER = (StatusPemesanan.aktif, StatusPemesanan.menunggu, StatusPemesanan.hadir)


async def team_visit(user: User, kunjungan_id: int) -> dict:
    """The visit, if `user` works it: a member of its team, or the Dinas (UPT staff: in their
    kecamatan), as scope.kunjungan_scope says."""
    row = None
    if user.role in (Role.petugas_keliling, Role.petugas_dinas):
        row = await kunjungan.visit_of(user, kunjungan_id)
    if row is None or row["status"] not in (StatusKunjungan.diumumkan, StatusKunjungan.selesai):
        raise BookingError(N_("Kunjungan ini tidak ditemukan, atau bukan tugas tim Anda."))
    return row


async def roster(kunjungan_id: int) -> list[dict]:
    """Everyone expected or already met, with what was recorded for each."""
    rows = (
        await Pemesanan.select(*TICKET_COLUMNS)
        .where((Pemesanan.kunjungan == kunjungan_id) & Pemesanan.status.is_in(list(ON_ROSTER)))
        .order_by(Pemesanan.datang_langsung)
        .order_by(Pemesanan.sesi.rumah)
        .order_by(Pemesanan.sesi.mulai)
        .order_by(Pemesanan.nama)
    )
    records = await CatatanLapangan.select(
        CatatanLapangan.pemesanan, CatatanLapangan.jenis, CatatanLapangan.alasan
    ).where(CatatanLapangan.kunjungan == kunjungan_id)
    by_booking: dict[int, list[dict]] = {}
    for record in records:
        by_booking.setdefault(record["pemesanan"], []).append(record)
    for row in rows:
        row["catatan"] = by_booking.get(row["id"], [])
    return rows


def _device_time(raw: str) -> datetime:
    """The time the device says the record was made. A clock a little ahead is accepted; a
    time far off is not believed."""
    try:
        value = datetime.fromisoformat((raw or "").strip().replace("Z", "+00:00"))
    except ValueError:
        raise BookingError(N_("Waktu pencatatan tidak terbaca.")) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=LOCAL_TIME)
    now = datetime.now(UTC)
    if not now - timedelta(days=30) <= value <= now + timedelta(hours=1):
        raise BookingError(
            N_("Waktu pencatatan di perangkat tidak masuk akal. Periksa jam perangkat.")
        )
    return value


async def record(
    user: User, kunjungan_id: int, kode: str, tiket: str, jenis: str, alasan: str, waktu: str
) -> dict:
    """Store one outcome (or check-in) and apply it to the registry. The same `kode` twice
    stores it once."""
    visit = await team_visit(user, kunjungan_id)
    if not kode and not waktu:  # a plain form post, without the page's script
        kode, waktu = uuid.uuid4().hex, datetime.now(UTC).isoformat()
    if not RECORD_CODE.fullmatch(kode or ""):
        raise BookingError(N_("Kode catatan tidak valid."))
    if jenis not in JenisCatatan.__members__:
        raise BookingError(N_("Pilih hasil layanan dari daftar."))
    if jenis == JenisCatatan.gagal and alasan not in AlasanGagal.__members__:
        raise BookingError(N_("Pilih alasan gagal: perangkat, jaringan, listrik, atau data."))
    when = _device_time(waktu)
    booking = (
        await Pemesanan.select(
            Pemesanan.id, Pemesanan.status, Pemesanan.penduduk, Pemesanan.hadir_pada
        )
        .where(
            (Pemesanan.kode == normalise_ticket(tiket))
            & (Pemesanan.kunjungan == visit["id"])
            & Pemesanan.status.is_in(list(ON_ROSTER))
        )
        .first()
    )
    if booking is None:
        raise BookingError(NOT_ON_ROSTER)
    resident = await _resident_in_area(user, visit, booking["penduduk"])
    if jenis == JenisCatatan.ikd_diaktifkan:
        await _check_ikd_active(resident)
    if jenis != JenisCatatan.gagal and await CatatanLapangan.exists().where(
        (CatatanLapangan.pemesanan == booking["id"]) & (CatatanLapangan.jenis == jenis)
    ):
        return booking  # already recorded, on this device or another team member's
    try:
        async with write_transaction():
            await CatatanLapangan.insert(
                CatatanLapangan(
                    kode=kode,
                    kunjungan=visit["id"],
                    pemesanan=booking["id"],
                    jenis=jenis,
                    alasan=alasan if jenis == JenisCatatan.gagal else "",
                    petugas=user.id,
                    waktu=when,
                )
            )
            if booking["status"] != StatusPemesanan.hadir:
                await Pemesanan.update(
                    {
                        Pemesanan.status: StatusPemesanan.hadir,
                        Pemesanan.hadir_pada: when,
                        Pemesanan.kunci: None,
                    }
                ).where(Pemesanan.id == booking["id"])
            if resident is not None:
                await _apply(user, resident["id"], jenis)
    except UNIQUE_VIOLATIONS:
        pass  # the same record, sent twice at once: stored by the other
    return booking


async def _resident_in_area(user: User, visit: dict, penduduk_id: int | None) -> dict | None:
    """The booked resident, if the field day may move their registry row: within `user`'s
    scope and living in the visit's kecamatan. None for anyone else, as for a walk-in the
    registry does not know."""
    if penduduk_id is None:
        return None
    return (
        await Penduduk.select(Penduduk.id, Penduduk.ikd_status)
        .where((Penduduk.id == penduduk_id) & in_area(user, visit["desa.kecamatan.id"]))
        .first()
    )


NO_IKD_REQUEST = N_(
    "IKD tidak diaktifkan: warga ini belum meminta aktivasi IKD. Minta warga membuat kode "
    "aktivasi di aplikasi Dekat, lalu pindai kodenya di halaman Aktivasi IKD."
)
IKD_NOT_CHECKED = N_(
    "IKD belum aktif: pindai kode aktivasi di ponsel warga di halaman Aktivasi IKD, periksa "
    "datanya, lalu catat hasil ini lagi."
)


async def _check_ikd_active(resident: dict | None) -> None:
    """The roster's "IKD diaktifkan" records a service the activation flow has done; it never
    activates. Refused, saying what to do, while the IKD is not active; a resident outside the
    scope is answered as one with no activation request."""
    if resident is not None and resident["ikd_status"] == IkdStatus.aktif:
        return
    asked = resident is not None and await IkdAktivasi.exists().where(
        (IkdAktivasi.penduduk == resident["id"])
        & (IkdAktivasi.status == AktivasiStatus.menunggu)
        & (IkdAktivasi.kedaluwarsa > datetime.now(UTC))
    )
    raise BookingError(IKD_NOT_CHECKED if asked else NO_IKD_REQUEST)


async def _apply(user: User, penduduk_id: int, jenis: str) -> None:
    """Move the registry row of a resident `_resident_in_area` allowed."""
    if jenis == JenisCatatan.direkam:
        await Penduduk.update({Penduduk.ktp_status: KtpStatus.sudah_rekam}).where(
            (Penduduk.id == penduduk_id) & (Penduduk.ktp_status == KtpStatus.belum_rekam)
        )
    elif jenis == JenisCatatan.kartu_diserahkan:
        await _hand_over(user, penduduk_id)


async def _hand_over(user: User, penduduk_id: int) -> None:
    """The card is in the resident's hands: their printed card is done, and a request that
    waited for collection is finished."""
    await Penduduk.update({Penduduk.ktp_status: KtpStatus.sudah_cetak}).where(
        Penduduk.id == penduduk_id
    )
    ready = await Permohonan.select(Permohonan.id, Permohonan.kode).where(
        (Permohonan.pemohon == penduduk_id) & (Permohonan.status == Status.siap_diambil)
    )
    for row in ready:
        await Permohonan.update(
            {Permohonan.status: Status.selesai, Permohonan.diperbarui: datetime.now(UTC)}
        ).where(Permohonan.id == row["id"])
        await PermohonanEvent.insert(
            PermohonanEvent(
                permohonan=row["id"],
                dari=Status.siap_diambil,
                ke=Status.selesai,
                pelaku=user.id,
                peran=user.role.value,
                unit=FIELD_TEAM_UNIT,
                catatan=HANDED_OVER_NOTE,
            )
        )
        await DomainEvent.insert(
            DomainEvent(
                jenis="permohonan.status",
                data={"permohonan": row["id"], "kode": row["kode"], "ke": Status.selesai},
            )
        )


async def register_walk_in(
    user: User, kunjungan_id: int, tiket: str, nama: str, nik_text: str, keperluan: str, waktu: str
) -> dict:
    """Someone who came without booking. The device makes their ticket code, so outcomes
    recorded offline can name them before the server has seen them."""
    visit = await team_visit(user, kunjungan_id)
    code = normalise_ticket(tiket)
    if not code:
        raise BookingError(N_("Kode tiket warga datang langsung tidak valid."))
    if keperluan not in Keperluan.__members__:
        raise BookingError(N_("Pilih keperluan."))
    when = _device_time(waktu)
    existing = (
        await Pemesanan.select(Pemesanan.id, Pemesanan.kunjungan, Pemesanan.datang_langsung)
        .where(Pemesanan.kode == code)
        .first()
    )
    if existing is not None:
        if existing["kunjungan"] == visit["id"] and existing["datang_langsung"]:
            return existing  # sent again
        raise BookingError(N_("Kode tiket ini sudah dipakai. Daftarkan lagi."))
    person, unknown_nik = None, ""
    if nik_text.strip():
        try:
            value = nik.parse_nik(nik_text).value
        except nik.NikError as error:
            raise BookingError(str(error)) from None
        # Only a resident the officer may see in the visit's area: any other NIK is stored
        # as typed, exactly as one the registry does not know.
        person = (
            await Penduduk.select(Penduduk.id, Penduduk.nama)
            .where((Penduduk.nik == value) & in_area(user, visit["desa.kecamatan.id"]))
            .first()
        )
        unknown_nik = "" if person else value
    name = person["nama"] if person else nama.strip()
    if not 2 <= len(name) <= 120:
        raise BookingError(N_("Tulis nama warga (2 sampai 120 huruf)."))
    if person is not None:
        booked = (
            await Pemesanan.select(Pemesanan.kode)
            .where(
                (Pemesanan.kunjungan == visit["id"])
                & (Pemesanan.penduduk == person["id"])
                & Pemesanan.status.is_in(list(ON_ROSTER))
            )
            .first()
        )
        if booked:
            raise BookingError(
                Message(
                    "%(nama)s sudah ada di daftar (tiket %(kode)s). Catat hasilnya pada nama itu.",
                    {"nama": name, "kode": booked["kode"]},
                )
            )
    row = Pemesanan(
        kode=code,
        kunjungan=visit["id"],
        penduduk=person["id"] if person else None,
        nama=name,
        nik=unknown_nik,
        keperluan=keperluan,
        status=StatusPemesanan.hadir,
        datang_langsung=True,
        dipesan_oleh=user.id,
        hadir_pada=when,
    )
    with contextlib.suppress(*UNIQUE_VIOLATIONS):  # the same walk-in, sent twice at once
        await Pemesanan.insert(row)
    return {"kode": code}


async def report_broken_kit(user: User, kunjungan_id: int, note: str = "") -> dict | None:
    """One tap on the field day: the visit's recording set is broken. The Dinas is told."""
    visit = await team_visit(user, kunjungan_id)
    if not visit["perangkat.id"]:
        raise BookingError(N_("Kunjungan ini tidak membawa perangkat perekaman."))
    return await kunjungan.set_equipment_status(
        user,
        visit["perangkat.id"],
        StatusPerangkat.rusak,
        note=note.strip()[:500] or "Dilaporkan rusak saat kunjungan",
        told=N_("Dinas Dukcapil"),
        kunjungan_id=visit["id"],
    )


async def close(user: User, kunjungan_id: int) -> None:
    visit = await team_visit(user, kunjungan_id)
    if visit["status"] == StatusKunjungan.selesai:
        return
    if visit["tanggal"] > kunjungan.today():
        raise BookingError(N_("Kunjungan ini belum berlangsung."))
    await Kunjungan.update(
        {Kunjungan.status: StatusKunjungan.selesai, Kunjungan.selesai: datetime.now(UTC)}
    ).where(Kunjungan.id == visit["id"])


async def report(visit: dict) -> dict:
    """Served, no-shows, walk-ins, failures by reason and equipment problems, with the desa's
    figures as they are now."""
    bookings = await Pemesanan.select(
        Pemesanan.id, Pemesanan.status, Pemesanan.datang_langsung
    ).where(
        (Pemesanan.kunjungan == visit["id"])
        & Pemesanan.status.is_in([StatusPemesanan.aktif, StatusPemesanan.hadir])
    )
    records = await CatatanLapangan.select(
        CatatanLapangan.pemesanan, CatatanLapangan.jenis, CatatanLapangan.alasan
    ).where(CatatanLapangan.kunjungan == visit["id"])
    outcomes = Counter(r["jenis"] for r in records)
    failures = Counter(r["alasan"] for r in records if r["jenis"] == JenisCatatan.gagal)
    served = {r["pemesanan"] for r in records if r["jenis"] in SERVED}
    booked = [b for b in bookings if not b["datang_langsung"]]
    problems = await PerangkatRiwayat.select(
        PerangkatRiwayat.perangkat.kode,
        PerangkatRiwayat.ke,
        PerangkatRiwayat.catatan,
        PerangkatRiwayat.waktu,
    ).where(PerangkatRiwayat.kunjungan == visit["id"])
    figures = next((f for f in await kunjungan.desa_figures() if f.id == visit["desa.id"]), None)
    return {
        "dipesan": len(booked),
        "hadir": sum(1 for b in booked if b["status"] == StatusPemesanan.hadir),
        "datang_langsung": sum(1 for b in bookings if b["datang_langsung"]),
        "dilayani": len(served),
        "tidak_datang": sum(1 for b in booked if b["status"] == StatusPemesanan.aktif),
        "hasil": {j.value: outcomes.get(j.value, 0) for j in JenisCatatan},
        "gagal": {a.value: failures.get(a.value, 0) for a in AlasanGagal},
        "perangkat": problems,
        "desa": figures,
    }
