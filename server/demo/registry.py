"""The demo registry, generated from a fixed seed: about 22,000 residents in families across all
254 desa, with adults not yet recorded for KTP-el concentrated in desa far from Selong, as in the
field reports. Seeding it does nothing when the registry already has residents.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from server.models.penduduk import Hubungan, IkdStatus, KtpStatus, Penduduk
from server.models.wilayah import Desa
from server.services.wilayah import SELONG, km_between, nik_region

DEMO_CITIZEN_NIK = "5203015507900001"
DEMO_DESA = "Labuhan Haji"
#: Age from which a KTP-el is required.
ADULT_AGE = 17

_MALE = (
    "Muhammad",
    "Ahmad",
    "Lalu",
    "Abdul",
    "Zainul",
    "Saparudin",
    "Suhaimi",
    "Rusdi",
    "Hasan",
    "Husni",
    "Mahsun",
    "Jumadil",
    "Syamsul",
    "Imran",
    "Fathurrahman",
    "Rizki",
    "Fauzan",
    "Hairul",
    "Sahabudin",
    "Junaidi",
    "Baharudin",
    "Ridwan",
    "Supardi",
    "Khairul",
    "Munawir",
    "Apriadi",
)
_FEMALE = (
    "Siti",
    "Baiq",
    "Nurul",
    "Hasanah",
    "Aminah",
    "Rohani",
    "Sumiati",
    "Marniati",
    "Halimah",
    "Zaenab",
    "Fatimah",
    "Aisyah",
    "Nurhayati",
    "Rahmawati",
    "Yuliana",
    "Sri",
    "Wahyuni",
    "Hidayati",
    "Sarimah",
    "Maesarah",
    "Juhriah",
    "Rabiatul",
)
_SECOND = (
    "Hidayat",
    "Rahman",
    "Fadli",
    "Azhari",
    "Hakim",
    "Ilmi",
    "Wathoni",
    "Hamdi",
    "Muhsin",
    "Zulkarnain",
    "Saputra",
    "Sahroni",
    "Anwar",
    "Maulana",
    "Ramdani",
    "Hasbullah",
    "Kurniawan",
    "Pratama",
    "Jayadi",
    "Hariadi",
    "Sukri",
    "Mulyadi",
)


@dataclass
class _Registry:
    """Hands out unique NIK and KK serials per region and date, as the registry office does."""

    rng: random.Random
    today: date
    serials: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    rows: list[Penduduk] = field(default_factory=list)

    def _serial(self, prefix: str) -> str:
        self.serials[prefix] += 1
        return f"{prefix}{self.serials[prefix]:04d}"

    def nik(self, region: str, born: date, female: bool) -> str:
        day = born.day + 40 if female else born.day
        return self._serial(f"{region}{day:02d}{born:%m%y}")

    def kk(self, region: str, issued: date) -> str:
        return self._serial(f"{region}{issued:%d%m%y}")

    def birth(self, min_age: int, max_age: int) -> date:
        days = self.rng.randint(min_age * 365 + 1, max_age * 365 + 364)
        return self.today - timedelta(days=days)

    def name(self, female: bool) -> str:
        first = self.rng.choice(_FEMALE if female else _MALE)
        return f"{first} {self.rng.choice(_SECOND)}"

    def add(self, **values) -> None:
        self.rows.append(Penduduk(**values))


def _adult_status(rng: random.Random, unrecorded_share: float) -> KtpStatus:
    roll = rng.random()
    if roll < unrecorded_share:
        return KtpStatus.belum_rekam
    # Of those recorded, some still wait for a card because blanko ran out.
    return KtpStatus.sudah_rekam if roll < unrecorded_share + 0.12 else KtpStatus.sudah_cetak


def _family(reg: _Registry, desa: dict, region: str, unrecorded_share: float) -> None:
    rng = reg.rng
    head_born = reg.birth(22, 75)
    kk = reg.kk(region, reg.birth(0, 15))
    head_female = rng.random() < 0.12
    members = [(head_born, head_female, Hubungan.kepala_keluarga)]
    if not head_female and rng.random() < 0.85:
        head_age = (reg.today - head_born).days // 365
        members.append((reg.birth(19, min(70, head_age)), True, Hubungan.istri))
    for _ in range(rng.choice((0, 1, 1, 2, 2, 3, 3, 4))):
        members.append((reg.birth(0, 24), rng.random() < 0.5, Hubungan.anak))
    for born, female, hubungan in members:
        adult = (reg.today - born).days >= ADULT_AGE * 365
        ktp = _adult_status(rng, unrecorded_share) if adult else KtpStatus.belum_rekam
        reg.add(
            nik=reg.nik(region, born, female),
            kk=kk,
            nama=reg.name(female),
            tempat_lahir=rng.choice((desa["name"], desa["name"], "Selong", "Mataram")),
            tanggal_lahir=born,
            jenis_kelamin="P" if female else "L",
            hubungan=hubungan,
            desa=desa["id"],
            ktp_status=ktp,
            ikd_status=(
                IkdStatus.aktif
                if ktp == KtpStatus.sudah_cetak and rng.random() < 0.08
                else IkdStatus.belum_aktif
            ),
        )


def _demo_family(reg: _Registry, desa_id: int) -> None:
    """Siti Aminah's family in Desa Labuhan Haji: the demo citizen and her KK."""
    common = {"kk": "5203170101150003", "desa": desa_id, "tempat_lahir": "Labuhan Haji"}
    reg.add(
        nik="5203171203880001",
        nama="Ahmad Fauzi",
        tanggal_lahir=date(1988, 3, 12),
        jenis_kelamin="L",
        hubungan=Hubungan.kepala_keluarga,
        ktp_status=KtpStatus.sudah_cetak,
        ikd_status=IkdStatus.belum_aktif,
        **common,
    )
    reg.add(
        nik=DEMO_CITIZEN_NIK,
        nama="Siti Aminah",
        tanggal_lahir=date(1990, 7, 15),
        jenis_kelamin="P",
        hubungan=Hubungan.istri,
        ktp_status=KtpStatus.sudah_cetak,
        ikd_status=IkdStatus.aktif,
        **common,
    )
    reg.add(
        nik="5203176402080001",
        nama="Nurul Hasanah",
        tanggal_lahir=date(2008, 2, 24),
        jenis_kelamin="P",
        hubungan=Hubungan.anak,
        ktp_status=KtpStatus.belum_rekam,
        ikd_status=IkdStatus.belum_aktif,
        **common,
    )
    reg.add(
        nik="5203171011180001",
        nama="Rizki Maulana",
        tanggal_lahir=date(2018, 11, 10),
        jenis_kelamin="L",
        hubungan=Hubungan.anak,
        ktp_status=KtpStatus.belum_rekam,
        ikd_status=IkdStatus.belum_aktif,
        **common,
    )
    for nik in ("5203171203880001", DEMO_CITIZEN_NIK, "5203176402080001", "5203171011180001"):
        reg.serials[nik[:12]] = max(reg.serials[nik[:12]], int(nik[12:]))


def generate_registry(
    desa_rows: list[dict], target_residents: int = 22_000, seed: int = 1, today: date | None = None
) -> list[Penduduk]:
    """Families for every desa in `desa_rows` (dicts with id, name, latitude, longitude,
    kecamatan.code and kecamatan.name), the demo citizen's family among them. Pure: the same
    arguments give the same residents."""
    reg = _Registry(rng=random.Random(seed), today=today or date.today())
    demo_desa = next(
        d for d in desa_rows if d["name"] == DEMO_DESA and d["kecamatan.name"] == DEMO_DESA
    )
    _demo_family(reg, demo_desa["id"])
    # Desa sizes vary; remote desa have many more adults never recorded.
    weights = [reg.rng.uniform(0.5, 1.5) for _ in desa_rows]
    per_weight = target_residents / sum(weights) / 3.4  # about 3.4 people per family
    for desa, weight in zip(desa_rows, weights, strict=True):
        distance = km_between(SELONG, (desa["latitude"], desa["longitude"]))
        remoteness = min(distance / 30, 1.0)
        unrecorded_share = 0.02 + 0.30 * remoteness**2 * reg.rng.uniform(0.7, 1.3)
        region = nik_region(desa["kecamatan.code"])
        for _ in range(max(3, round(weight * per_weight))):
            _family(reg, desa, region, unrecorded_share)
    return reg.rows


async def seed_registry(target_residents: int = 22_000, seed: int = 1) -> int:
    """Fill an empty registry; returns how many residents were added."""
    if await Penduduk.count() > 0:
        return 0
    desa_rows = await Desa.select(
        Desa.id,
        Desa.name,
        Desa.latitude,
        Desa.longitude,
        Desa.kecamatan.code,
        Desa.kecamatan.name,
    )
    rows = generate_registry(desa_rows, target_residents, seed)
    for start in range(0, len(rows), 500):
        await Penduduk.insert(*rows[start : start + 500])
    return len(rows)
