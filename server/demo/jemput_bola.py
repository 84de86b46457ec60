"""Demo jemput-bola data: five teams with their equipment (one recording set broken, one
printer being repaired), fixed-date public holidays, past visits that give desa a "last visited"
date, and published visits to the demo citizen's desa — one of them today, with people booked,
so the field day has a real roster."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta

from server.demo.accounts import DEMO_PASSWORD
from server.demo.registry import generate_registry
from server.models.accounts import Account, Role
from server.models.jemput_bola import (
    HariLibur,
    JenisPerangkat,
    Keperluan,
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
from server.models.kantor import Kantor
from server.models.penduduk import IkdStatus, KtpStatus, Penduduk, adult_cutoff
from server.models.wilayah import Desa
from server.services import planner
from server.services.auth import hash_password
from server.services.kunjungan import HOME_VISITS, HOME_WINDOW, WINDOWS, split_capacity, today
from server.services.pemesanan import new_ticket
from server.services.permohonan import add_working_days
from server.services.wilayah import SELONG, load_lombok_timur

#: (team, office code, member user name, member name)
TEAMS = (
    ("Tim Keliling Labuhan Haji", "UPT-52.03.17", "petugas.demo", None),
    ("Tim Keliling Selong", "DINAS", "petugas.selong", "Lalu Ahmad Zaini"),
    ("Tim Keliling Sembalun", "UPT-52.03.15", "petugas.sembalun", "Nurul Aini"),
    ("Tim Keliling Keruak", "UPT-52.03.01", "petugas.keruak", "Supardi Hakim"),
    ("Tim Keliling Pringgabaya", "UPT-52.03.08", "petugas.pringgabaya", "Baiq Sumiati"),
)
#: Fixed-date national holidays (the moving ones are added by the office each year).
FIXED_HOLIDAYS = (
    (1, 1, "Tahun Baru Masehi"),
    (5, 1, "Hari Buruh"),
    (6, 1, "Hari Lahir Pancasila"),
    (8, 17, "Hari Kemerdekaan"),
    (12, 25, "Hari Natal"),
)
DEMO_DESA = "Labuhan Haji"
RECORDING_CAPACITY = 80
#: People booked for today's demo visit.
ROSTER_SIZE = 30


async def seed_demo_jemput_bola(seed: int = 7) -> None:
    if await Tim.count() > 0:
        return
    rng = random.Random(seed)
    now = datetime.now(UTC)
    day = today()
    offices = {row["kode"]: row["id"] for row in await Kantor.select(Kantor.id, Kantor.kode)}
    password = hash_password(DEMO_PASSWORD)
    team_ids = []
    for index, (name, office, username, member) in enumerate(TEAMS, 1):
        team_id = (await Tim.insert(Tim(nama=name, kantor=offices[office])))[0]["id"]
        team_ids.append(team_id)
        account = await Account.select(Account.id).where(Account.username == username).first()
        if account is None:
            account = (
                await Account.insert(
                    Account(
                        username=username,
                        password_hash=password,
                        role=Role.petugas_keliling,
                        display_name=f"{member} ({name})",
                        demo=True,
                    )
                )
            )[0]
        await TimAnggota.insert(TimAnggota(tim=team_id, akun=account["id"]))
        await Perangkat.insert(
            Perangkat(
                kode=f"PRK-{index:02d}",
                jenis=JenisPerangkat.perekaman,
                tim=team_id,
                kantor=offices[office],
                kapasitas_harian=RECORDING_CAPACITY,
            ),
            Perangkat(
                kode=f"PRN-{index:02d}",
                jenis=JenisPerangkat.printer,
                tim=team_id,
                kantor=offices[office],
            ),
        )
    # A second recording set of the Selong team broke six weeks ago; a printer is in repair.
    broken_since = now - timedelta(days=41)
    broken = await Perangkat.insert(
        Perangkat(
            kode="PRK-06",
            jenis=JenisPerangkat.perekaman,
            tim=team_ids[1],
            kantor=offices["DINAS"],
            status=StatusPerangkat.rusak,
            status_sejak=broken_since,
            kapasitas_harian=120,
        )
    )
    await PerangkatRiwayat.insert(
        PerangkatRiwayat(
            perangkat=broken[0]["id"],
            dari=StatusPerangkat.baik,
            ke=StatusPerangkat.rusak,
            catatan="Pemindai sidik jari tidak terbaca",
            dilaporkan_ke="Dinas Dukcapil; Ditjen Dukcapil (permintaan suku cadang)",
            waktu=broken_since,
        )
    )
    await Perangkat.update(
        {Perangkat.status: StatusPerangkat.dalam_perbaikan, Perangkat.status_sejak: now}
    ).where(Perangkat.kode == "PRN-03")
    printer = await Perangkat.select(Perangkat.id).where(Perangkat.kode == "PRN-03").first()
    await PerangkatRiwayat.insert(
        PerangkatRiwayat(
            perangkat=printer["id"],
            dari=StatusPerangkat.baik,
            ke=StatusPerangkat.dalam_perbaikan,
            catatan="Pita printer macet, dikirim ke Selong",
            dilaporkan_ke="Dinas Dukcapil",
            waktu=now - timedelta(days=3),
        )
    )
    await _office_kits(offices, now)
    await HariLibur.insert(
        *(
            HariLibur(tanggal=date(year, month, d), keterangan=label)
            for year in (day.year, day.year + 1)
            for month, d, label in FIXED_HOLIDAYS
        )
    )
    await _past_visits(rng, team_ids, day)
    await _published_visits(rng, team_ids[0], day)


#: UPT kits out of order, as the field reports describe: (kecamatan code, kit, days, note,
#: told). Two are past the flag limit; one printer broke this week.
BROKEN_OFFICE_KITS = (
    (
        "52.03.10",
        "REK",
        118,
        "Kamera dan pemindai iris mati total",
        "Dinas Dukcapil; Ditjen Dukcapil",
    ),
    ("52.03.20", "REK", 47, "Komputer perekaman tidak menyala", "Dinas Dukcapil"),
    ("52.03.07", "CTK", 4, "Printer kartu macet", "Dinas Dukcapil"),
)


async def _office_kits(offices: dict[str, int], now: datetime) -> None:
    """Every UPT keeps a recording set and a card printer at the office (not a team's), a
    few of them broken."""
    broken = {
        (code, kind): (days, note, told) for code, kind, days, note, told in BROKEN_OFFICE_KITS
    }
    for kode, office_id in offices.items():
        if not kode.startswith("UPT-"):
            continue
        code = kode.removeprefix("UPT-")
        for kind, jenis in (("REK", JenisPerangkat.perekaman), ("CTK", JenisPerangkat.printer)):
            fault = broken.get((code, kind))
            since = now - timedelta(days=fault[0]) if fault else now - timedelta(days=400)
            row = await Perangkat.insert(
                Perangkat(
                    kode=f"{kind}-{code[-2:]}",
                    jenis=jenis,
                    kantor=office_id,
                    status=StatusPerangkat.rusak if fault else StatusPerangkat.baik,
                    status_sejak=since,
                    kapasitas_harian=RECORDING_CAPACITY if kind == "REK" else 0,
                )
            )
            if fault:
                await PerangkatRiwayat.insert(
                    PerangkatRiwayat(
                        perangkat=row[0]["id"],
                        dari=StatusPerangkat.baik,
                        ke=StatusPerangkat.rusak,
                        catatan=fault[1],
                        dilaporkan_ke=fault[2],
                        waktu=since,
                    )
                )


async def _past_visits(rng: random.Random, team_ids: list[int], day: date) -> None:
    """Visits closed months ago, so the planner can say when a desa was last visited."""
    desa = await Desa.select(Desa.id, Desa.name).order_by(Desa.id)
    kits = {
        row["tim"]: row["id"]
        for row in await Perangkat.select(Perangkat.id, Perangkat.tim).where(
            (Perangkat.jenis == JenisPerangkat.perekaman)
            & (Perangkat.status == StatusPerangkat.baik)
        )
    }
    rows = []
    for item in rng.sample(desa, 60):
        when = day - timedelta(days=rng.randint(40, 560))
        team = rng.choice(team_ids)
        rows.append(
            Kunjungan(
                desa=item["id"],
                tanggal=when,
                tim=team,
                perangkat=kits[team],
                kapasitas=rng.randint(30, 80),
                tempat=f"Kantor Desa {item['name']}",
                status=StatusKunjungan.selesai,
                alasan="",
            )
        )
    await Kunjungan.insert(*rows)


async def _published_visits(rng: random.Random, team_id: int, day: date) -> None:
    """Today's visit to the demo desa (with a roster) and one in two weeks (open to book)."""
    desa = (
        await Desa.select(Desa.id, Desa.name)
        .where((Desa.name == DEMO_DESA) & (Desa.kecamatan.name == DEMO_DESA))
        .first()
    )
    kit = (
        await Perangkat.select(Perangkat.id)
        .where((Perangkat.tim == team_id) & (Perangkat.jenis == JenisPerangkat.perekaman))
        .first()
    )
    published = datetime.now(UTC) - timedelta(days=5)
    visit_ids = []
    for when, capacity in ((day, 60), (add_working_days(day, 10), RECORDING_CAPACITY)):
        row = (
            await Kunjungan.insert(
                Kunjungan(
                    desa=desa["id"],
                    tanggal=when,
                    tim=team_id,
                    perangkat=kit["id"],
                    kapasitas=capacity,
                    tempat=f"Kantor Desa {desa['name']}",
                    status=StatusKunjungan.diumumkan,
                    alasan="Desa dengan warga belum rekam terbanyak di Kecamatan Labuhan Haji",
                    jam_perjalanan=20,
                    diumumkan=published,
                )
            )
        )[0]
        visit_ids.append(row["id"])
        await Sesi.insert(
            *(
                Sesi(kunjungan=row["id"], mulai=start, selesai=end, kapasitas=size)
                for (start, end), size in zip(
                    WINDOWS, split_capacity(capacity, len(WINDOWS)), strict=True
                )
            ),
            Sesi(
                kunjungan=row["id"],
                mulai=HOME_WINDOW[0],
                selesai=HOME_WINDOW[1],
                kapasitas=HOME_VISITS,
                rumah=True,
            ),
        )
    # Residents booked for today by the desa officer: adults not yet recorded, those waiting
    # for their card, and some who want IKD. The demo family books for itself.
    operator = await Account.select(Account.id).where(Account.username == "operator.demo").first()
    people = await Penduduk.select(
        Penduduk.id, Penduduk.nama, Penduduk.ktp_status, Penduduk.ikd_status
    ).where(
        (Penduduk.desa == desa["id"])
        & (Penduduk.tanggal_lahir <= adult_cutoff(day))
        & (Penduduk.kk != "5203170101150003")
    )
    purpose = {
        KtpStatus.belum_rekam: Keperluan.rekam,
        KtpStatus.sudah_rekam: Keperluan.ambil_ktp,
        KtpStatus.sudah_cetak: Keperluan.aktivasi_ikd,
    }
    chosen = [p for p in people if p["ktp_status"] != KtpStatus.sudah_cetak]
    chosen += rng.sample(
        [p for p in people if p["ikd_status"] == IkdStatus.belum_aktif and p not in chosen],
        max(0, ROSTER_SIZE - len(chosen)),
    )
    windows = (
        await Sesi.select(Sesi.id)
        .where((Sesi.kunjungan == visit_ids[0]) & (Sesi.rumah == False))  # noqa: E712
        .order_by(Sesi.mulai)
    )
    for index, person in enumerate(chosen):
        window = windows[index % len(windows)]
        await Pemesanan.insert(
            Pemesanan(
                kode=new_ticket(),
                kunjungan=visit_ids[0],
                sesi=window["id"],
                penduduk=person["id"],
                nama=person["nama"],
                keperluan=purpose[person["ktp_status"]],
                status=StatusPemesanan.aktif,
                kunci=f"{visit_ids[0]}:{person['id']}",
                dipesan_oleh=operator["id"] if operator else None,
            )
        )
        await Sesi.update({Sesi.terisi: Sesi.terisi + 1}).where(Sesi.id == window["id"])


def demo_region(
    day: date,
) -> tuple[list[planner.Team], list[planner.Kit], list[planner.DesaNeed]]:
    """The planner's input for the demo data without a database: the demo teams at their
    offices with their kits (the broken one included), and every desa's adults not yet
    recorded in the demo registry as `--demo` generates it."""
    kecamatan = load_lombok_timur()
    desa_rows = [
        {
            "id": index,
            "name": d.name,
            "latitude": d.latitude,
            "longitude": d.longitude,
            "kecamatan.code": k.code,
            "kecamatan.name": k.name,
        }
        for index, (k, d) in enumerate(((k, d) for k in kecamatan for d in k.desa), 1)
    ]
    residents = generate_registry(desa_rows, today=day)
    cutoff = adult_cutoff(day)
    unrecorded = Counter(
        r.desa
        for r in residents
        if r.ktp_status == KtpStatus.belum_rekam and r.tanggal_lahir <= cutoff
    )
    centre = {f"UPT-{k.code}": (k.latitude, k.longitude) for k in kecamatan}
    teams = [
        planner.Team(index, name, centre.get(office, SELONG))
        for index, (name, office, _, _) in enumerate(TEAMS, 1)
    ]
    kits = [planner.Kit(team.id, team.id, True, RECORDING_CAPACITY) for team in teams]
    kits.append(planner.Kit(len(teams) + 1, 2, False, 120))  # PRK-06, rusak
    needs = [
        planner.DesaNeed(
            row["id"], row["name"], (row["latitude"], row["longitude"]), unrecorded[row["id"]]
        )
        for row in desa_rows
    ]
    return teams, kits, needs
