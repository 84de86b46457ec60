"""Lombok Timur's 20 kecamatan and 254 desa, by their real names.

The names come from the `areaid` package (MIT). Codes follow Kemendagri's shape
(52 province, 03 regency, then kecamatan and desa); the coordinates are approximate centres,
good enough to rank distances when planning visits, not for navigation.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from areaid import buka_data

REGENCY_CODE = "52.03"
REGENCY_NAME = "Kabupaten Lombok Timur"
#: The regency seat, where the Dinas Dukcapil office stands.
SELONG = (-8.65, 116.53)
#: Lombok keeps Central Indonesian Time (WITA, UTC+8).
LOCAL_TIME = ZoneInfo("Asia/Makassar")


def today() -> date:
    """Lombok's today (the server's clock may run on UTC)."""
    return datetime.now(LOCAL_TIME).date()


# areaid name -> (kecamatan number, display name, approximate latitude, longitude)
_KECAMATAN = {
    "Keruak": (1, "Keruak", -8.77, 116.47),
    "Sakra": (2, "Sakra", -8.70, 116.45),
    "Terara": (3, "Terara", -8.64, 116.42),
    "Sikur": (4, "Sikur", -8.62, 116.39),
    "Masbagik": (5, "Masbagik", -8.60, 116.47),
    "Sukamulia": (6, "Sukamulia", -8.59, 116.50),
    "Selong": (7, "Selong", -8.65, 116.53),
    "Pringgabaya": (8, "Pringgabaya", -8.53, 116.61),
    "Aikmel": (9, "Aikmel", -8.52, 116.55),
    "Sambalia (Sambelia)": (10, "Sambelia", -8.39, 116.68),
    "Montong Gading": (11, "Montong Gading", -8.57, 116.40),
    "Pringgasela": (12, "Pringgasela", -8.56, 116.47),
    "Suralaga": (13, "Suralaga", -8.58, 116.54),
    "Wanasaba": (14, "Wanasaba", -8.50, 116.54),
    "Sembalun": (15, "Sembalun", -8.36, 116.53),
    "Suela (Suwela)": (16, "Suela", -8.45, 116.60),
    "Labuhan Haji": (17, "Labuhan Haji", -8.68, 116.57),
    "Sakra Timur": (18, "Sakra Timur", -8.70, 116.52),
    "Sakra Barat": (19, "Sakra Barat", -8.72, 116.40),
    "Jerowaru": (20, "Jerowaru", -8.85, 116.50),
}

#: Kecamatan whose units are kelurahan (urban), numbered 1xxx instead of 2xxx.
_URBAN = {"Selong"}


@dataclass(frozen=True)
class DesaRecord:
    code: str
    name: str
    is_kelurahan: bool
    latitude: float
    longitude: float


@dataclass(frozen=True)
class KecamatanRecord:
    code: str
    name: str
    latitude: float
    longitude: float
    desa: tuple[DesaRecord, ...]


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))


def load_lombok_timur() -> list[KecamatanRecord]:
    """Every kecamatan with its desa, ordered by code. Desa coordinates are spread around the
    kecamatan centre by a fixed seed, so every run gives the same map."""
    (province,) = buka_data("nusa tenggara barat")
    (regency,) = [k for k in province["kabupaten"] if k["kab_kota"] == "Kabupaten Lombok Timur"]
    jitter = random.Random(5203)  # noqa: S311 - placement of demo points, not security
    result = []
    for source in sorted(regency["kecamatan"], key=lambda k: _KECAMATAN[k["kec"]][0]):
        number, name, lat, lon = _KECAMATAN[source["kec"]]
        code = f"{REGENCY_CODE}.{number:02d}"
        urban = source["kec"] in _URBAN
        desa = tuple(
            DesaRecord(
                code=f"{code}.{1 if urban else 2}{index:03d}",
                name=item["kelu"],
                is_kelurahan=urban,
                latitude=round(lat + jitter.uniform(-0.03, 0.03), 5),
                longitude=round(lon + jitter.uniform(-0.03, 0.03), 5),
            )
            for index, item in enumerate(sorted(source["kelurahan"], key=lambda d: d["kelu"]), 1)
        )
        result.append(KecamatanRecord(code, name, lat, lon, desa))
    return result


def nik_region(kecamatan_code: str) -> str:
    """The six digits a NIK issued in this kecamatan starts with: "52.03.17" -> "520317"."""
    return kecamatan_code.replace(".", "")
