"""Test data made on the spot: the test database holds only the small registry, so each test
makes the teams, kits, visits and residents it needs (`Scratch`), and removes them again
afterwards (the `scratch` fixture in tests/conftest.py). Also the small helpers those tests read
answers with."""

from __future__ import annotations

import itertools
import re
import secrets
from datetime import UTC, date, datetime, timedelta
from urllib.parse import unquote

from bs4 import BeautifulSoup

from server.models.accounts import Account, Role
from server.models.jemput_bola import (
    HariLibur,
    JenisPerangkat,
    Kunjungan,
    Pemesanan,
    Perangkat,
    Sesi,
    StatusKunjungan,
    StatusPerangkat,
    Tim,
    TimAnggota,
)
from server.models.kantor import Kantor
from server.models.penduduk import Hubungan, KtpStatus, Penduduk
from server.models.platform import DomainEvent
from server.models.wilayah import Desa, Kecamatan
from server.services import kunjungan
from server.services.auth import User, user_by_username
from tests.conftest import csrf_token

TICKET_PATH = re.compile(r"^/jemput-bola/tiket/(JB-[2-9A-Z]{8})$")

# --- Shared helpers -----------------------------------------------------------------------

_serial = itertools.count(7001)  # NIK serials: the registry's own end in 0011 and 0021
_tags = itertools.count(1)


def unique_tag() -> str:
    """Short and unique within a run, for names and codes that must not collide."""
    return f"{next(_tags):03d}{secrets.token_hex(2).upper()}"


def working_day(week: int = 0, weekday: int = 0) -> date:
    """A Monday-to-Friday date in the future: the coming Monday, `week` weeks later, plus
    `weekday` days (0 = Monday ... 4 = Friday)."""
    assert 0 <= weekday <= 4
    return kunjungan.next_monday(kunjungan.today()) + timedelta(weeks=week, days=weekday)


def saturday(week: int = 0) -> date:
    return kunjungan.next_monday(kunjungan.today()) + timedelta(weeks=week, days=5)


def galat(response) -> str:
    """The message of a refused request, from the `X-Dekat-Galat` header."""
    return unquote(response.headers.get("x-dekat-galat", ""))


def text_of(response) -> str:
    return BeautifulSoup(response.text, "html.parser").get_text(" ", strip=True)


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def refused_with(response, status: int, message: str) -> None:
    """The person sees `message` on the page, and the outbox reads it from the header."""
    assert response.status_code == status, (response.status_code, galat(response))
    assert message in text_of(response), text_of(response)[:2000]
    assert message in galat(response), galat(response)


async def post(client, path: str, data: dict | None = None, headers: dict | None = None):
    token = await csrf_token(client, "/")
    return await client.post(
        path,
        data={**(data or {}), "_csrf_token": token},
        headers=headers or {},
        follow_redirects=False,
    )


async def desa_of(kecamatan: str, desa: str) -> int:
    row = (
        await Desa.select(Desa.id)
        .where((Desa.name == desa) & (Desa.kecamatan.name == kecamatan))
        .first()
    )
    return row["id"]


async def account_id(username: str) -> int:
    return (await Account.select(Account.id).where(Account.username == username).first())["id"]


async def unrecorded_in(desa_id: int) -> int:
    """The desa's figure the Dinas plans from: adults not yet recorded for KTP-el."""
    figures = await kunjungan.desa_figures()
    return next(f.unrecorded for f in figures if f.id == desa_id)


async def windows_of(visit_id: int) -> dict[int, dict]:
    return {row["id"]: row for row in await kunjungan.windows(visit_id)}


async def bookings_of(visit_id: int) -> list[dict]:
    return await Pemesanan.select().where(Pemesanan.kunjungan == visit_id).order_by(Pemesanan.id)


async def events(jenis: str) -> list[dict]:
    return (
        await DomainEvent.select(DomainEvent.data)
        .where(DomainEvent.jenis == jenis)
        .order_by(DomainEvent.id)
        .output(load_json=True)
    )


class Scratch:
    """Teams, kits, visits, residents and accounts made by one test, and removed after it:
    the database is shared by the whole run."""

    def __init__(self) -> None:
        self.team_ids: list[int] = []
        self.people: list[int] = []
        self.accounts: list[int] = []
        self.days_off: list[int] = []

    async def team(
        self,
        kecamatan: str,
        kits: tuple[tuple[str, int], ...] = ((StatusPerangkat.baik, 40),),
        *,
        petugas: str | None = None,
    ) -> dict:
        """A team based at the kecamatan's UPT with recording sets `(status, capacity)`, and
        the `petugas` account (a user name) as its member."""
        tag = unique_tag()
        kec = await Kecamatan.select(Kecamatan.id).where(Kecamatan.name == kecamatan).first()
        kantor = (await Kantor.select(Kantor.id).where(Kantor.kecamatan == kec["id"]).first())["id"]
        nama = f"Tim Uji {tag}"
        tim_id = (await Tim.insert(Tim(nama=nama, kantor=kantor)))[0]["id"]
        self.team_ids.append(tim_id)
        kit_rows = []
        for number, (status, capacity) in enumerate(kits, 1):
            kode = f"PRK-{tag}-{number}"
            row = await Perangkat.insert(
                Perangkat(
                    kode=kode,
                    jenis=JenisPerangkat.perekaman,
                    tim=tim_id,
                    kantor=kantor,
                    status=status,
                    kapasitas_harian=capacity,
                )
            )
            kit_rows.append({"id": row[0]["id"], "kode": kode, "status": status})
        if petugas:
            akun = await account_id(petugas)
            await TimAnggota.delete().where(TimAnggota.akun == akun)
            await TimAnggota.insert(TimAnggota(tim=tim_id, akun=akun))
        return {"id": tim_id, "nama": nama, "kantor": kantor, "kits": kit_rows}

    async def visit(
        self,
        team: dict,
        desa_id: int,
        day: date,
        kapasitas: int = 30,
        *,
        status: str = StatusKunjungan.diumumkan,
        kit: int | None = None,
        tempat: str = "Kantor Desa",
    ) -> dict:
        """A visit; a published one with its three windows and the home-visit round, as
        `kunjungan.decide` opens them."""
        published = status in (StatusKunjungan.diumumkan, StatusKunjungan.selesai)
        row = await Kunjungan.insert(
            Kunjungan(
                desa=desa_id,
                tanggal=day,
                tim=team["id"],
                perangkat=kit or team["kits"][0]["id"],
                kapasitas=kapasitas,
                tempat=tempat,
                status=status,
                alasan="Uji",
                diumumkan=datetime.now(UTC) if published else None,
            )
        )
        visit_id = row[0]["id"]
        sesi: list[int] = []
        rumah = None
        if published:
            sizes = kunjungan.split_capacity(kapasitas, len(kunjungan.WINDOWS))
            for (start, end), size in zip(kunjungan.WINDOWS, sizes, strict=True):
                sesi.append(
                    (
                        await Sesi.insert(
                            Sesi(kunjungan=visit_id, mulai=start, selesai=end, kapasitas=size)
                        )
                    )[0]["id"]
                )
            rumah = (
                await Sesi.insert(
                    Sesi(
                        kunjungan=visit_id,
                        mulai=kunjungan.HOME_WINDOW[0],
                        selesai=kunjungan.HOME_WINDOW[1],
                        kapasitas=kunjungan.HOME_VISITS,
                        rumah=True,
                    )
                )
            )[0]["id"]
        return {"id": visit_id, "tanggal": day, "sesi": sesi, "rumah": rumah, "desa": desa_id}

    async def residents(
        self,
        desa_id: int,
        count: int = 1,
        *,
        ktp: str = KtpStatus.belum_rekam,
        born: date = date(1990, 1, 1),
    ) -> list[dict]:
        """Adults of one desa, each with their own KK, valid NIK and a unique name."""
        code = (await Desa.select(Desa.kecamatan.code).where(Desa.id == desa_id).first())[
            "kecamatan.code"
        ].replace(".", "")
        tag = unique_tag()
        rows = []
        for number in range(count):
            serial = next(_serial)
            rows.append(
                Penduduk(
                    nik=f"{code}{born:%d%m%y}{serial:04d}",
                    kk=f"{code}0101{serial:06d}",
                    nama=f"Warga Uji {tag} {number + 1:02d}",
                    tempat_lahir="Selong",
                    tanggal_lahir=born,
                    jenis_kelamin="L",
                    hubungan=Hubungan.kepala_keluarga,
                    desa=desa_id,
                    ktp_status=ktp,
                )
            )
        ids = [row["id"] for row in await Penduduk.insert(*rows)]
        self.people.extend(ids)
        return (
            await Penduduk.select(Penduduk.id, Penduduk.nik, Penduduk.nama, Penduduk.kk)
            .where(Penduduk.id.is_in(ids))
            .order_by(Penduduk.id)
        )

    async def operator(self, desa_id: int) -> User:
        """A desa officer of `desa_id`, as the services see a signed-in user."""
        username = f"operator.uji.{unique_tag().lower()}"
        row = await Account.insert(
            Account(
                username=username,
                password_hash="!",  # never signs in
                role=Role.operator_desa,
                display_name=f"Operator {username}",
                desa=desa_id,
            )
        )
        self.accounts.append(row[0]["id"])
        return await user_by_username(username)

    async def cleanup(self) -> None:
        if self.days_off:
            await HariLibur.delete().where(HariLibur.id.is_in(self.days_off))
        if self.team_ids:
            # Visits take their windows, bookings and records with them; teams their kits.
            await Kunjungan.delete().where(Kunjungan.tim.is_in(self.team_ids))
            await Tim.delete().where(Tim.id.is_in(self.team_ids))
        if self.people:
            await Penduduk.delete().where(Penduduk.id.is_in(self.people))
        if self.accounts:
            await Account.delete().where(Account.id.is_in(self.accounts))


def ticket_code(response) -> str:
    assert response.status_code == 303, (response.status_code, galat(response))
    match = TICKET_PATH.match(response.headers["location"])
    assert match, response.headers["location"]
    return match.group(1)
