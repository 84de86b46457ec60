"""Equipment, as the public and the oversight see it: per kecamatan, the recording sets and
card printers that work and those that do not, since when, and whom the office told. A kit out
of order longer than `LONG_BROKEN_DAYS` is flagged to the Dinas and to `pengawas`.

The equipment register itself (kits, status changes, their history) belongs to the jemput-bola
work: services/kunjungan.py `equipment` and `set_equipment_status`.
"""

from __future__ import annotations

from datetime import UTC, datetime

from server.models.jemput_bola import JenisPerangkat, Perangkat, PerangkatRiwayat, StatusPerangkat

#: Out of order longer than this many days: flagged to the Dinas and to `pengawas`.
LONG_BROKEN_DAYS = 14
DINAS_AREA = "Dinas (Selong)"


async def _kits() -> list[dict]:
    rows = await Perangkat.select(
        Perangkat.id,
        Perangkat.kode,
        Perangkat.jenis,
        Perangkat.status,
        Perangkat.status_sejak,
        Perangkat.kantor.nama.as_alias("kantor"),
        Perangkat.kantor.kecamatan.code.as_alias("kecamatan_kode"),
        Perangkat.kantor.kecamatan.name.as_alias("kecamatan"),
    ).order_by(Perangkat.kode)
    broken = [row["id"] for row in rows if row["status"] != StatusPerangkat.baik]
    told = await _who_was_told(broken)
    now = datetime.now(UTC)
    for row in rows:
        row["rusak"] = row["status"] != StatusPerangkat.baik
        row["hari"] = (now - row["status_sejak"]).days if row["rusak"] else 0
        row["terlalu_lama"] = row["hari"] > LONG_BROKEN_DAYS
        row["dilaporkan_ke"] = told.get(row["id"], "")
    return rows


async def _who_was_told(kit_ids: list[int]) -> dict[int, str]:
    """For each kit, whom the latest status change was reported to."""
    if not kit_ids:
        return {}
    rows = await (
        PerangkatRiwayat.select(PerangkatRiwayat.perangkat, PerangkatRiwayat.dilaporkan_ke)
        .where(PerangkatRiwayat.perangkat.is_in(kit_ids))
        .order_by(PerangkatRiwayat.id)
    )
    return {row["perangkat"]: row["dilaporkan_ke"] for row in rows}  # the last one wins


async def summary() -> list[dict]:
    """Per kecamatan (the Dinas first, then by code): working and broken recording sets and
    printers, and the broken kits themselves, longest broken first."""
    areas: dict[str, dict] = {}
    for kit in await _kits():
        key = kit["kecamatan_kode"] or ""
        area = areas.setdefault(
            key,
            {
                "kode": key,
                "nama": kit["kecamatan"] or DINAS_AREA,
                **{jenis.value: {"baik": 0, "rusak": 0} for jenis in JenisPerangkat},
                "rusak": [],
            },
        )
        area[kit["jenis"]]["rusak" if kit["rusak"] else "baik"] += 1
        if kit["rusak"]:
            area["rusak"].append(kit)
    for area in areas.values():
        area["rusak"].sort(key=lambda kit: -kit["hari"])
        area["terlalu_lama"] = any(kit["terlalu_lama"] for kit in area["rusak"])
    return [areas[key] for key in sorted(areas)]


async def long_broken() -> list[dict]:
    """Kits out of order longer than `LONG_BROKEN_DAYS`, longest first."""
    kits = [kit for kit in await _kits() if kit["terlalu_lama"]]
    return sorted(kits, key=lambda kit: -kit["hari"])
