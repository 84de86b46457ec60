"""Jemput-bola visits from need to publication: the need per desa read from the registry, the
plan proposed from it (services.planner), a person's edits, acceptance and publication, and the
equipment whose state decides what may go.

A visit moves `diusulkan` → `diterima` → `diumumkan` → `selesai`, or `diusulkan`/`diterima` →
`ditolak`. Publishing opens its time windows for booking.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from piccolo.query.functions.aggregate import Count, Max, Sum

from server.db import UNIQUE_VIOLATIONS, write_transaction
from server.errors import UserError
from server.i18n import N_, Message, lazy_ngettext
from server.models.accounts import Account, Role
from server.models.ikd import AktivasiStatus, IkdAktivasi
from server.models.jemput_bola import (
    HariLibur,
    JenisPerangkat,
    Kunjungan,
    Pemesanan,
    Perangkat,
    PerangkatRiwayat,
    Sesi,
    StatusKunjungan,
    StatusPemesanan,
    StatusPerangkat,
    Tim,
    TimAnggota,
)
from server.models.penduduk import IkdStatus, KtpStatus, Penduduk, adult_cutoff
from server.models.permohonan import Permohonan, Status
from server.models.platform import DomainEvent
from server.models.wilayah import Desa
from server.services import notify, planner
from server.services.auth import User
from server.services.scope import (
    akun_scope,
    desa_scope,
    kunjungan_scope,
    perangkat_scope,
    tim_scope,
    upt_kecamatan,
)
from server.services.wilayah import SELONG, today

#: Time windows of a published visit at the venue, and the home-visit round after it.
WINDOWS = (("08.00", "10.00"), ("10.00", "12.00"), ("13.00", "15.00"))
HOME_WINDOW = ("15.00", "17.00")
HOME_VISITS = 5
MAX_WEEKS = 12
#: Visits that hold a team's day and count against a desa's need.
HOLDING = (StatusKunjungan.diterima, StatusKunjungan.diumumkan)
#: Visits still ahead or open on the day.
LIVE = (StatusKunjungan.diusulkan, StatusKunjungan.diterima, StatusKunjungan.diumumkan)


class VisitError(UserError):
    """A visit that cannot be planned, edited or published as asked."""


class OutOfScope(VisitError):
    """A visit, team or kit that does not exist or that the user does not work on: the
    routes answer 404 either way."""


VISIT_NOT_FOUND = N_("Kunjungan tidak ditemukan.")


# --- Teams and equipment ----------------------------------------------------------------


async def team_of(user: User) -> dict | None:
    """The team a `petugas_keliling` belongs to."""
    return (
        await TimAnggota.select(
            TimAnggota.tim.id.as_alias("id"), TimAnggota.tim.nama.as_alias("nama")
        )
        .where(TimAnggota.akun == user.id)
        .first()
    )


async def teams(user: User | None = None) -> list[dict]:
    """Every team with its office, members and equipment; with `user`, the teams in their
    scope (scope.tim_scope)."""
    query = Tim.select(
        Tim.id,
        Tim.nama,
        Tim.aktif,
        Tim.kantor.id,
        Tim.kantor.nama,
        Tim.kantor.kecamatan.latitude,
        Tim.kantor.kecamatan.longitude,
    ).order_by(Tim.nama)
    rows = await (query.where(tim_scope(user)) if user else query)
    members = await TimAnggota.select(
        TimAnggota.tim, TimAnggota.akun.id, TimAnggota.akun.display_name
    ).order_by(TimAnggota.akun.display_name)
    kits = await equipment(user)
    for row in rows:
        row["anggota"] = [m for m in members if m["tim"] == row["id"]]
        row["perangkat"] = [k for k in kits if k["tim"] == row["id"]]
    return rows


def office_location(row: dict) -> tuple[float, float]:
    """A team's starting point: its UPT's kecamatan, or Selong for the Dinas."""
    lat = row.get("kantor.kecamatan.latitude")
    lon = row.get("kantor.kecamatan.longitude")
    return (lat, lon) if lat is not None and lon is not None else SELONG


async def equipment(user: User | None = None) -> list[dict]:
    """The equipment register; with `user`, the kits in their scope (scope.perangkat_scope)."""
    query = Perangkat.select(
        Perangkat.id,
        Perangkat.kode,
        Perangkat.jenis,
        Perangkat.tim,
        Perangkat.tim.nama,
        Perangkat.kantor.nama,
        Perangkat.kantor.kecamatan.name,
        Perangkat.status,
        Perangkat.status_sejak,
        Perangkat.kapasitas_harian,
    ).order_by(Perangkat.kode)
    return await (query.where(perangkat_scope(user)) if user else query)


async def equipment_history(perangkat_id: int) -> list[dict]:
    return (
        await PerangkatRiwayat.select(
            PerangkatRiwayat.dari,
            PerangkatRiwayat.ke,
            PerangkatRiwayat.catatan,
            PerangkatRiwayat.dilaporkan_ke,
            PerangkatRiwayat.pelaku.display_name,
            PerangkatRiwayat.kunjungan,
            PerangkatRiwayat.waktu,
        )
        .where(PerangkatRiwayat.perangkat == perangkat_id)
        .order_by(PerangkatRiwayat.id, ascending=False)
    )


async def set_equipment_status(
    user: User,
    perangkat_id: int,
    status: str,
    note: str = "",
    told: str = "",
    kunjungan_id: int | None = None,
) -> dict:
    """Change a kit's status, keeping who, when, why and whom they told."""
    if status not in StatusPerangkat.__members__:
        raise VisitError(N_("Pilih status perangkat: baik, rusak, atau dalam perbaikan."))
    if len(note) > 500 or len(told) > 120:
        raise VisitError(N_("Catatan terlalu panjang."))
    async with write_transaction():
        kit = (
            await Perangkat.select()
            .where((Perangkat.id == perangkat_id) & perangkat_scope(user))
            .first()
        )
        if kit is None:
            raise OutOfScope(N_("Perangkat tidak ditemukan."))
        if kit["status"] == status:
            return kit
        await Perangkat.update(
            {Perangkat.status: status, Perangkat.status_sejak: datetime.now(UTC)}
        ).where(Perangkat.id == perangkat_id)
        await PerangkatRiwayat.insert(
            PerangkatRiwayat(
                perangkat=perangkat_id,
                dari=kit["status"],
                ke=status,
                catatan=note,
                dilaporkan_ke=told,
                pelaku=user.id,
                kunjungan=kunjungan_id,
            )
        )
    return {**kit, "status": status}


# --- Need per desa -----------------------------------------------------------------------


@dataclass
class DesaFigures:
    id: int
    name: str
    kecamatan: str
    location: tuple[float, float]
    unrecorded: int = 0
    cards_waiting: int = 0
    ikd_requests: int = 0
    bookings: int = 0
    planned: int = 0
    last_visit: date | None = None
    travel_minutes: int = 0  # there and back, from the nearest team's office
    nearest_team: str = ""


async def _count_by_desa(query, key: str = "desa") -> dict[int, int]:
    return {row[key]: row["n"] for row in await query}


async def desa_figures(day: date | None = None, user: User | None = None) -> list[DesaFigures]:
    """What each desa needs from a visit, from the registry as it is now, largest need first
    (a handful of grouped queries over the whole regency); with `user`, the desa they plan
    for (scope.desa_scope)."""
    day = day or today()
    query = Desa.select(Desa.id, Desa.name, Desa.latitude, Desa.longitude, Desa.kecamatan.name)
    desa_rows = await (query.where(desa_scope(user)) if user else query)
    unrecorded = await _count_by_desa(
        Penduduk.select(Penduduk.desa.as_alias("desa"), Count(alias="n"))
        .where(
            (Penduduk.ktp_status == KtpStatus.belum_rekam)
            & (Penduduk.tanggal_lahir <= adult_cutoff(day))
        )
        .group_by(Penduduk.desa)
    )
    desa_of_applicant = Permohonan.pemohon.desa.id
    cards = await _count_by_desa(
        Permohonan.select(desa_of_applicant.as_alias("desa"), Count(alias="n"))
        .where(Permohonan.status == Status.siap_diambil)
        .group_by(desa_of_applicant)
    )
    ikd_rows = await IkdAktivasi.select(
        IkdAktivasi.penduduk.as_alias("penduduk"), IkdAktivasi.penduduk.desa.as_alias("desa")
    ).where(
        (IkdAktivasi.status == AktivasiStatus.menunggu)
        & (IkdAktivasi.penduduk.ikd_status != IkdStatus.aktif)
    )
    ikd: dict[int, set[int]] = {}
    for row in ikd_rows:
        ikd.setdefault(row["desa"], set()).add(row["penduduk"])
    visit_desa = Pemesanan.kunjungan.desa.id
    bookings = await _count_by_desa(
        Pemesanan.select(visit_desa.as_alias("desa"), Count(alias="n"))
        .where(
            Pemesanan.status.is_in([StatusPemesanan.aktif, StatusPemesanan.menunggu])
            & (Pemesanan.kunjungan.status == StatusKunjungan.diumumkan)
            & (Pemesanan.kunjungan.tanggal >= day)
        )
        .group_by(visit_desa)
    )
    planned = {
        row["desa"]: row["n"] or 0
        for row in await Kunjungan.select(Kunjungan.desa, Sum(Kunjungan.kapasitas, alias="n"))
        .where(Kunjungan.status.is_in(list(HOLDING)) & (Kunjungan.tanggal >= day))
        .group_by(Kunjungan.desa)
    }
    last = {
        row["desa"]: row["n"]
        for row in await Kunjungan.select(Kunjungan.desa, Max(Kunjungan.tanggal, alias="n"))
        .where(
            (Kunjungan.status == StatusKunjungan.selesai)
            | ((Kunjungan.status == StatusKunjungan.diumumkan) & (Kunjungan.tanggal < day))
        )
        .group_by(Kunjungan.desa)
    }
    offices = [(t["nama"], office_location(t)) for t in await teams() if t["aktif"]]
    result = []
    for row in desa_rows:
        location = (row["latitude"], row["longitude"])
        nearest = min(
            ((planner.travel_hours(o, location), name) for name, o in offices),
            default=(0.0, ""),
        )
        last_visit = last.get(row["id"])
        if isinstance(last_visit, str):  # SQLite hands MAX(date) back as text
            last_visit = date.fromisoformat(last_visit)
        result.append(
            DesaFigures(
                id=row["id"],
                name=row["name"],
                kecamatan=row["kecamatan.name"],
                location=location,
                unrecorded=unrecorded.get(row["id"], 0),
                cards_waiting=cards.get(row["id"], 0),
                ikd_requests=len(ikd.get(row["id"], ())),
                bookings=bookings.get(row["id"], 0),
                planned=planned.get(row["id"], 0),
                last_visit=last_visit,
                travel_minutes=round(nearest[0] * 60),
                nearest_team=nearest[1],
            )
        )
    return sorted(
        result, key=lambda f: (-(f.unrecorded + f.cards_waiting + f.ikd_requests), f.name)
    )


# --- Planning ----------------------------------------------------------------------------


def next_monday(day: date) -> date:
    return day + timedelta(days=7 - day.weekday())


async def holidays(user: User | None = None) -> list[dict]:
    """Public holidays and teams' days off; with `user`, those of the teams in their scope."""
    query = HariLibur.select(
        HariLibur.id, HariLibur.tanggal, HariLibur.tim, HariLibur.tim.nama, HariLibur.keterangan
    ).order_by(HariLibur.tanggal)
    if user is not None:
        query = query.where(
            HariLibur.tim.is_null() | HariLibur.tim.is_in(Tim.select(Tim.id).where(tim_scope(user)))
        )
    return await query


async def add_day_off(user: User, tanggal: date, tim_id: int | None, keterangan: str) -> None:
    """A public holiday (the Dinas only: it closes every team) or one team's day off."""
    if tim_id is None and upt_kecamatan(user) is not None:
        raise VisitError(N_("Hari libur umum ditetapkan oleh Dinas. Pilih tim Anda."))
    if tim_id is not None and not await Tim.exists().where((Tim.id == tim_id) & tim_scope(user)):
        raise VisitError(N_("Tim tidak ditemukan."))
    if not keterangan.strip() or len(keterangan) > 120:
        raise VisitError(N_("Tulis keterangan hari libur (maksimal 120 karakter)."))
    await HariLibur.insert(HariLibur(tanggal=tanggal, tim=tim_id, keterangan=keterangan.strip()))


async def _planner_input(
    user: User, start: date, weeks: int
) -> tuple[list[planner.Team], list[planner.Kit], list[planner.DesaNeed], list[date]]:
    """The teams, kits and desa `user` plans for (a UPT: its own teams, its kecamatan)."""
    end = start + timedelta(weeks=weeks)
    team_rows = [t for t in await teams(user) if t["aktif"]]
    days_off: dict[int | None, set[date]] = {}
    for row in await holidays():
        days_off.setdefault(row["tim"], set()).add(row["tanggal"])
    busy = await Kunjungan.select(Kunjungan.tim, Kunjungan.tanggal).where(
        Kunjungan.status.is_in(list(HOLDING))
        & (Kunjungan.tanggal >= start)
        & (Kunjungan.tanggal < end)
    )
    for row in busy:
        days_off.setdefault(row["tim"], set()).add(row["tanggal"])
    team_list = [
        planner.Team(t["id"], t["nama"], office_location(t), frozenset(days_off.get(t["id"], ())))
        for t in team_rows
    ]
    kits = [
        planner.Kit(k["id"], k["tim"], k["status"] == StatusPerangkat.baik, k["kapasitas_harian"])
        for t in team_rows
        for k in t["perangkat"]
        if k["jenis"] == JenisPerangkat.perekaman
    ]
    needs = [
        planner.DesaNeed(
            id=f.id,
            name=f.name,
            location=f.location,
            unrecorded=f.unrecorded,
            cards_waiting=f.cards_waiting,
            ikd_requests=f.ikd_requests,
            last_visit=f.last_visit,
            planned=f.planned,
        )
        for f in await desa_figures(start, user)
    ]
    return team_list, kits, needs, sorted(days_off.get(None, ()))


async def propose(user: User, start: date, weeks: int) -> planner.Plan:
    """Replace the open proposals from `start` on with a fresh plan for `weeks` weeks."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise VisitError(
            lazy_ngettext(
                "Pilih 1 sampai %(num)s minggu.", "Pilih 1 sampai %(num)s minggu.", MAX_WEEKS
            )
        )
    if start < today():
        raise VisitError(N_("Tanggal mulai sudah lewat."))
    team_list, kits, needs, closed = await _planner_input(user, start, weeks)
    result = planner.plan(team_list, kits, needs, start, weeks, closed)
    names = {n.id: n.name for n in needs}
    async with write_transaction():
        await Kunjungan.delete().where(
            (Kunjungan.status == StatusKunjungan.diusulkan)
            & (Kunjungan.tanggal >= start)
            & Kunjungan.id.is_in(Kunjungan.select(Kunjungan.id).where(kunjungan_scope(user)))
        )
        if result.visits:
            await Kunjungan.insert(
                *(
                    Kunjungan(
                        desa=v.desa_id,
                        tanggal=v.day,
                        tim=v.team_id,
                        perangkat=v.kit_id,
                        kapasitas=v.capacity,
                        tempat=f"Kantor Desa {names[v.desa_id]}",
                        status=StatusKunjungan.diusulkan,
                        alasan=v.reason,
                        jam_perjalanan=round(v.travel_hours * 60),
                    )
                    for v in result.visits
                )
            )
    return result


VISIT_COLUMNS = (
    Kunjungan.id,
    Kunjungan.tanggal,
    Kunjungan.status,
    Kunjungan.kapasitas,
    Kunjungan.tempat,
    Kunjungan.alasan,
    Kunjungan.jam_perjalanan,
    Kunjungan.diumumkan,
    Kunjungan.selesai,
    Kunjungan.desa.id,
    Kunjungan.desa.name,
    Kunjungan.desa.kecamatan.id,
    Kunjungan.desa.kecamatan.name,
    Kunjungan.tim.id,
    Kunjungan.tim.nama,
    Kunjungan.perangkat.id,
    Kunjungan.perangkat.kode,
    Kunjungan.perangkat.status,
    Kunjungan.perangkat.kapasitas_harian,
)


async def visit(kunjungan_id: int) -> dict | None:
    """A visit as anyone may read it (its public page); staff work through `visit_of`."""
    return await Kunjungan.select(*VISIT_COLUMNS).where(Kunjungan.id == kunjungan_id).first()


async def visit_of(user: User, kunjungan_id: int) -> dict | None:
    """The visit if `user` works on it (scope.kunjungan_scope); None whether absent or out of
    scope, so that a guess does not tell which."""
    return (
        await Kunjungan.select(*VISIT_COLUMNS)
        .where((Kunjungan.id == kunjungan_id) & kunjungan_scope(user))
        .first()
    )


async def visits_between(
    start: date, end: date, statuses=LIVE, user: User | None = None
) -> list[dict]:
    """Visits in the range; with `user`, those they work on (scope.kunjungan_scope)."""
    condition = (
        Kunjungan.status.is_in(list(statuses))
        & (Kunjungan.tanggal >= start)
        & (Kunjungan.tanggal < end)
    )
    return (
        await Kunjungan.select(*VISIT_COLUMNS)
        .where(condition & kunjungan_scope(user) if user else condition)
        .order_by(Kunjungan.tanggal)
        .order_by(Kunjungan.tim.nama)
    )


async def published_for_desa(desa_id: int, day: date | None = None) -> list[dict]:
    """Published visits of a desa from `day` on, with places left."""
    rows = (
        await Kunjungan.select(*VISIT_COLUMNS)
        .where(
            (Kunjungan.desa == desa_id)
            & (Kunjungan.status == StatusKunjungan.diumumkan)
            & (Kunjungan.tanggal >= (day or today()))
        )
        .order_by(Kunjungan.tanggal)
    )
    for row in rows:
        row["sesi"] = await windows(row["id"])
    return rows


async def team_visits_ahead(team: dict | None, days: int = 366) -> list[dict]:
    """A team's published visits from today on, soonest first."""
    if team is None:
        return []
    start = today()
    rows = await visits_between(start, start + timedelta(days=days), (StatusKunjungan.diumumkan,))
    return [row for row in rows if row["tim.id"] == team["id"]]


async def windows(kunjungan_id: int) -> list[dict]:
    rows = (
        await Sesi.select()
        .where(Sesi.kunjungan == kunjungan_id)
        .order_by(Sesi.rumah)
        .order_by(Sesi.mulai)
    )
    for row in rows:
        row["sisa"] = max(0, row["kapasitas"] - row["terisi"])
    return rows


async def _check_assignment(
    user: User, kunjungan_id: int, tanggal: date, tim_id: int, perangkat_id: int, kapasitas: int
) -> None:
    """The rules the planner keeps, checked again for a person's edit; the team and the kit
    must be in `user`'s scope."""
    if tanggal < today():
        raise VisitError(N_("Tanggal kunjungan sudah lewat."))
    if tanggal.weekday() >= 5:
        raise VisitError(N_("Kunjungan hanya pada hari kerja (Senin sampai Jumat)."))
    closed = await HariLibur.select(HariLibur.keterangan).where(
        (HariLibur.tanggal == tanggal) & ((HariLibur.tim.is_null()) | (HariLibur.tim == tim_id))
    )
    if closed:
        raise VisitError(
            Message("Tanggal itu hari libur: %(reason)s.", {"reason": closed[0]["keterangan"]})
        )
    kit = (
        await Perangkat.select()
        .where(
            (Perangkat.id == perangkat_id)
            & perangkat_scope(user)
            & Perangkat.tim.is_in(Tim.select(Tim.id).where(tim_scope(user)))
        )
        .first()
    )
    if kit is None or kit["jenis"] != JenisPerangkat.perekaman or kit["tim"] != tim_id:
        raise VisitError(N_("Pilih perangkat perekaman milik tim ini."))
    if kit["status"] != StatusPerangkat.baik:
        raise VisitError(
            Message(
                "Perangkat %(kode)s sedang tidak baik dan tidak bisa dibawa.", {"kode": kit["kode"]}
            )
        )
    if not 1 <= kapasitas <= kit["kapasitas_harian"]:
        raise VisitError(
            lazy_ngettext(
                "Kapasitas harus 1 sampai %(num)s orang (kemampuan perangkat sehari).",
                "Kapasitas harus 1 sampai %(num)s orang (kemampuan perangkat sehari).",
                kit["kapasitas_harian"],
            )
        )
    clash = await Kunjungan.exists().where(
        (Kunjungan.id != kunjungan_id)
        & (Kunjungan.tanggal == tanggal)
        & Kunjungan.status.is_in(list(LIVE))
        & ((Kunjungan.tim == tim_id) | (Kunjungan.perangkat == perangkat_id))
    )
    if clash:
        raise VisitError(N_("Tim atau perangkat ini sudah punya kunjungan lain pada tanggal itu."))


async def edit(
    user: User,
    kunjungan_id: int,
    tanggal: date,
    tim_id: int,
    perangkat_id: int,
    kapasitas: int,
    tempat: str,
) -> None:
    row = await visit_of(user, kunjungan_id)
    if row is None:
        raise OutOfScope(VISIT_NOT_FOUND)
    if row["status"] not in (StatusKunjungan.diusulkan, StatusKunjungan.diterima):
        raise VisitError(N_("Kunjungan yang sudah diumumkan tidak bisa diubah di sini."))
    tempat = tempat.strip()
    if not tempat or len(tempat) > 120:
        raise VisitError(N_("Tulis tempat kunjungan (maksimal 120 karakter)."))
    async with write_transaction():
        await _check_assignment(user, kunjungan_id, tanggal, tim_id, perangkat_id, kapasitas)
        await Kunjungan.update(
            {
                Kunjungan.tanggal: tanggal,
                Kunjungan.tim: tim_id,
                Kunjungan.perangkat: perangkat_id,
                Kunjungan.kapasitas: kapasitas,
                Kunjungan.tempat: tempat,
            }
        ).where(Kunjungan.id == kunjungan_id)
        if tim_id != row["tim.id"] and row["status"] != StatusKunjungan.diusulkan:
            await notify.team_assignment([row["tim.id"], tim_id], {**row, "tanggal": tanggal})


async def decide(user: User, kunjungan_id: int, action: str) -> dict:
    """`terima`, `tolak` or `umumkan` one visit."""
    async with write_transaction():
        row = await visit_of(user, kunjungan_id)
        if row is None:
            raise OutOfScope(VISIT_NOT_FOUND)
        if action == "terima":
            if row["status"] != StatusKunjungan.diusulkan:
                raise VisitError(N_("Hanya usulan yang bisa diterima."))
            await _check_assignment(
                user,
                row["id"],
                row["tanggal"],
                row["tim.id"],
                row["perangkat.id"],
                row["kapasitas"],
            )
            new = StatusKunjungan.diterima
        elif action == "tolak":
            if row["status"] not in (StatusKunjungan.diusulkan, StatusKunjungan.diterima):
                raise VisitError(N_("Kunjungan yang sudah diumumkan tidak bisa ditolak."))
            new = StatusKunjungan.ditolak
        elif action == "umumkan":
            if row["status"] != StatusKunjungan.diterima:
                raise VisitError(N_("Terima kunjungan ini dulu, baru umumkan."))
            await _check_assignment(
                user,
                row["id"],
                row["tanggal"],
                row["tim.id"],
                row["perangkat.id"],
                row["kapasitas"],
            )
            await _open_windows(row)
            new = StatusKunjungan.diumumkan
        else:
            raise VisitError(N_("Tindakan tidak dikenal."))
        changes = {Kunjungan.status: new}
        if new == StatusKunjungan.diumumkan:
            changes[Kunjungan.diumumkan] = datetime.now(UTC)
        await Kunjungan.update(changes).where(Kunjungan.id == kunjungan_id)
    return {**row, "status": new}


def split_capacity(total: int, parts: int) -> list[int]:
    """`total` places over `parts` windows, as even as can be, earlier windows first."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


async def _open_windows(row: dict) -> None:
    sizes = split_capacity(row["kapasitas"], len(WINDOWS))
    await Sesi.insert(
        *(
            Sesi(kunjungan=row["id"], mulai=start, selesai=end, kapasitas=size)
            for (start, end), size in zip(WINDOWS, sizes, strict=True)
        ),
        Sesi(
            kunjungan=row["id"],
            mulai=HOME_WINDOW[0],
            selesai=HOME_WINDOW[1],
            kapasitas=HOME_VISITS,
            rumah=True,
        ),
    )
    await DomainEvent.insert(
        DomainEvent(
            jenis="kunjungan.diumumkan",
            data={
                "kunjungan": row["id"],
                "desa": row["desa.id"],
                "tanggal": row["tanggal"].isoformat(),
            },
        )
    )
    await notify.visit_published(row)


async def accept_all(
    user: User, start: date, end: date, action: str
) -> tuple[int, list[tuple[dict, str | Message]]]:
    """Accept every proposal (`terima`) or publish every accepted visit (`umumkan`) in the
    range; returns how many went through and, for the others, the visit and why not."""
    status = StatusKunjungan.diusulkan if action == "terima" else StatusKunjungan.diterima
    rows = await visits_between(start, end, (status,), user)
    done, problems = 0, []
    for row in rows:
        try:
            await decide(user, row["id"], action)
            done += 1
        except VisitError as error:
            problems.append((row, error.message))
    return done, problems


async def free_petugas(user: User) -> list[dict]:
    """Active field officers of `user`'s area who are in no team yet."""
    assigned = {row["akun"] for row in await TimAnggota.select(TimAnggota.akun)}
    officers = await Account.select(Account.id, Account.display_name).where(
        (Account.role == Role.petugas_keliling)
        & (Account.is_active == True)  # noqa: E712
        & akun_scope(user)
    )
    return [officer for officer in officers if officer["id"] not in assigned]


async def add_member(user: User, tim_id: int, akun: int | None) -> None:
    """Put a field officer's account into a team, both in `user`'s area. An account is in one
    team at most: the table's unique key decides between two such changes made at once."""
    if not await Tim.exists().where((Tim.id == tim_id) & tim_scope(user)):
        raise OutOfScope(N_("Tim tidak ditemukan."))
    refused = VisitError(Message("Pilih petugas keliling yang belum masuk tim."))
    if not (
        akun is not None
        and await Account.exists().where(
            (Account.id == akun) & (Account.role == Role.petugas_keliling) & akun_scope(user)
        )
    ):
        raise refused
    try:
        await TimAnggota.insert(TimAnggota(tim=tim_id, akun=akun))
    except UNIQUE_VIOLATIONS:
        raise refused from None
