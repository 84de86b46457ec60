"""The demo registry: big enough, valid, and shaped like the field reports describe."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pytest

from server.demo.registry import DEMO_CITIZEN_NIK, generate_registry
from server.models.penduduk import IkdStatus, KtpStatus, adult_cutoff
from server.services.nik import parse_nik
from server.services.wilayah import SELONG, km_between, load_lombok_timur

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def desa_rows() -> list[dict]:
    rows = []
    for kecamatan in load_lombok_timur():
        for desa in kecamatan.desa:
            rows.append(
                {
                    "id": len(rows) + 1,
                    "name": desa.name,
                    "latitude": desa.latitude,
                    "longitude": desa.longitude,
                    "kecamatan.code": kecamatan.code,
                    "kecamatan.name": kecamatan.name,
                }
            )
    return rows


@pytest.fixture(scope="module")
def residents(desa_rows) -> list:
    return generate_registry(desa_rows, today=TODAY)


def test_the_regency_has_its_real_20_kecamatan_and_254_desa(desa_rows):
    assert len({row["kecamatan.name"] for row in desa_rows}) == 20
    assert len(desa_rows) == 254
    assert len({row["kecamatan.code"] for row in desa_rows}) == 20


def test_at_least_20000_residents_in_every_desa(residents, desa_rows):
    assert len(residents) >= 20_000
    assert {r.desa for r in residents} == {row["id"] for row in desa_rows}


def test_every_nik_is_valid_unique_and_matches_birth_date_and_sex(residents):
    niks = [r.nik for r in residents]
    assert len(set(niks)) == len(niks)
    for resident in residents:
        nik = parse_nik(resident.nik, today=TODAY)
        assert nik.birth_date == resident.tanggal_lahir
        assert nik.female == (resident.jenis_kelamin == "P")


def test_same_seed_same_registry(desa_rows, residents):
    again = generate_registry(desa_rows, today=TODAY)
    assert [r.nik for r in again] == [r.nik for r in residents]


def test_unrecorded_adults_are_concentrated_in_remote_desa(residents, desa_rows):
    cutoff = adult_cutoff(TODAY)
    adults, unrecorded = defaultdict(int), defaultdict(int)
    for resident in residents:
        if resident.tanggal_lahir <= cutoff:
            adults[resident.desa] += 1
            unrecorded[resident.desa] += resident.ktp_status == KtpStatus.belum_rekam
    by_distance = sorted(
        desa_rows, key=lambda d: km_between(SELONG, (d["latitude"], d["longitude"]))
    )

    def share(group):
        return sum(unrecorded[d["id"]] for d in group) / sum(adults[d["id"]] for d in group)

    near, far = share(by_distance[:50]), share(by_distance[-50:])
    print(f"unrecorded adults: nearest 50 desa {near:.1%}, remotest 50 desa {far:.1%}")
    assert far > 3 * near


def test_the_demo_citizen_and_her_family(residents):
    siti = next(r for r in residents if r.nik == DEMO_CITIZEN_NIK)
    assert siti.nama == "Siti Aminah"
    assert siti.ikd_status == IkdStatus.aktif
    family = [r for r in residents if r.kk == siti.kk]
    assert len(family) == 4
    assert any(
        r.ktp_status == KtpStatus.belum_rekam and r.tanggal_lahir <= adult_cutoff(TODAY)
        for r in family
    )
