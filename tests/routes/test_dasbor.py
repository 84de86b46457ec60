"""The dashboard: charts drawn on the server with their numbers, for the Dinas and oversight,
and the same figures as CSV."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from server.models.jemput_bola import StatusKunjungan
from server.models.penduduk import Penduduk, adult_cutoff
from server.models.permohonan import Permohonan, Status
from server.models.wilayah import Kecamatan
from server.services.wilayah import today
from tests.factories import desa_of
from tests.helpers import soup

pytestmark = pytest.mark.anyio


def table(section) -> dict[str, list[int]]:
    return {
        row.th.get_text(strip=True): [int(td.get_text()) for td in row.select("td")]
        for row in section.select("table.figures tbody tr")
    }


async def adults(where) -> int:
    return await Penduduk.count().where((Penduduk.tanggal_lahir <= adult_cutoff(today())) & where)


@pytest.mark.parametrize("account", ["dinas", "pengawas"])
async def test_the_regency_charts_match_the_registry(client, as_role, account):
    await as_role(account)
    page = soup(await client.get("/dasbor"))
    coverage = page.find(id="grafik-cakupan")
    figures = table(coverage)
    labuhan = figures["Labuhan Haji"]
    assert sum(labuhan) == await adults(Penduduk.desa.kecamatan.name == "Labuhan Haji")
    # One bar per kecamatan, each segment as wide as its share of the longest bar.
    bars = coverage.select("svg.bars rect")
    assert len(bars) == 3 * len(figures)
    assert {s.get_text() for s in coverage.select(".legend span")} >= {" Belum rekam"}
    for key in ("permohonan", "cetak", "kunjungan", "pengaduan"):
        assert page.find(id=f"grafik-{key}") is not None, key
    statuses = table(page.find(id="grafik-permohonan"))
    assert set(statuses) >= {"Diajukan", "Diproses", "Siap diambil", "Selesai"}


async def test_one_kecamatan_shows_its_desa(client, as_role):
    await as_role("dinas")
    page = soup(await client.get("/dasbor?kecamatan=52.03.17"))
    assert "Dasbor Kecamatan Labuhan Haji" in page.h1.get_text()
    figures = table(page.find(id="grafik-cakupan"))
    assert "Geres" in figures
    assert sum(figures["Labuhan Haji"]) == await adults(
        (Penduduk.desa.name == "Labuhan Haji") & (Penduduk.desa.kecamatan.code == "52.03.17")
    )
    offices = table(page.find(id="grafik-cetak"))
    assert list(offices) == ["UPT Dukcapil Kecamatan Labuhan Haji"]
    assert (await client.get("/dasbor?kecamatan=99.99.99")).status_code == 404


async def test_upt_staff_see_their_kecamatan_without_complaints(client, as_role):
    await as_role("upt_sembalun")
    page = soup(await client.get("/dasbor?kecamatan=52.03.17"))  # another kecamatan: ignored
    assert "Dasbor Kecamatan Sembalun" in page.h1.get_text()
    assert page.find(id="grafik-pengaduan") is None
    assert "Sembalun Bumbung" in table(page.find(id="grafik-cakupan"))


async def test_the_csv_holds_the_same_numbers(client, as_role):
    await as_role("pengawas")
    page = soup(await client.get("/dasbor"))
    shown = table(page.find(id="grafik-cakupan"))["Labuhan Haji"]
    response = await client.get("/dasbor/unduh.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert rows[0] == ["bagian", "baris", "seri", "nilai"]
    labuhan = [
        int(value)
        for section, row, _, value in rows[1:]
        if section.startswith("Cakupan") and row == "Labuhan Haji"
    ]
    assert labuhan == shown
    assert any(section == "Pengaduan menurut jenis" for section, *_ in rows[1:])


@pytest.mark.parametrize("account", ["warga", "operator", "petugas"])
async def test_the_dashboard_is_for_the_office_and_oversight(client, as_role, account):
    await as_role(account)
    assert (await client.get("/dasbor")).status_code == 403
    assert (await client.get("/dasbor/unduh.csv")).status_code == 403


async def test_a_visit_whose_day_passed_unclosed_is_not_counted_as_done(client, as_role, scratch):
    team = await scratch.team("Sembalun")
    desa = await desa_of("Sembalun", "Sembalun Bumbung")
    day = today()
    await scratch.visit(team, desa, day - timedelta(days=3), status=StatusKunjungan.selesai)
    await scratch.visit(team, desa, day - timedelta(days=2))  # published, never closed
    await scratch.visit(team, desa, day + timedelta(days=5))
    await as_role("upt_sembalun")
    figures = table(soup(await client.get("/dasbor")).find(id="grafik-kunjungan"))
    assert figures["Sembalun Bumbung"] == [1, 1, 1]


async def test_upt_figures_count_the_requests_their_office_processes(client, as_role, registry):
    await as_role("upt_sembalun")
    shown = table(soup(await client.get("/dasbor")).find(id="grafik-permohonan"))
    sembalun = await Kecamatan.select(Kecamatan.id).where(Kecamatan.name == "Sembalun").first()
    processed = await Permohonan.count().where(
        (Permohonan.kantor.kecamatan == sembalun["id"]) & (Permohonan.status != Status.draf)
    )
    assert sum(sum(values) for values in shown.values()) == processed
