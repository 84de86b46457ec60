"""The public equipment summary, and kits broken too long flagged to the Dinas and oversight."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from server.models.jemput_bola import JenisPerangkat, Perangkat, PerangkatRiwayat, StatusPerangkat
from server.models.kantor import Kantor
from server.services.perangkat import LONG_BROKEN_DAYS
from tests.helpers import soup

pytestmark = pytest.mark.anyio

KECAMATAN = "52.03.04"


@pytest.fixture
async def kits(client):
    """At one UPT: a recording set broken for longer than the limit (and reported), one broken
    two days ago, and a working printer."""
    office = await Kantor.select(Kantor.id).where(Kantor.kode == f"UPT-{KECAMATAN}").first()
    now = datetime.now(UTC)

    def kit(kode, jenis, status, days):
        return Perangkat(
            kode=kode,
            jenis=jenis,
            kantor=office["id"],
            status=status,
            status_sejak=now - timedelta(days=days),
        )

    rows = await Perangkat.insert(
        kit("UJI-REK-1", JenisPerangkat.perekaman, StatusPerangkat.rusak, LONG_BROKEN_DAYS + 6),
        kit("UJI-REK-2", JenisPerangkat.perekaman, StatusPerangkat.dalam_perbaikan, 2),
        kit("UJI-CTK-1", JenisPerangkat.printer, StatusPerangkat.baik, 300),
    ).returning(Perangkat.id)
    await PerangkatRiwayat.insert(
        PerangkatRiwayat(
            perangkat=rows[0]["id"],
            dari=StatusPerangkat.baik,
            ke=StatusPerangkat.rusak,
            catatan="Pemindai iris mati",
            dilaporkan_ke="Dinas Dukcapil; Ditjen Dukcapil",
        )
    )
    yield
    await Perangkat.delete().where(Perangkat.kode.like("UJI-%"))


async def test_everyone_sees_what_works_per_kecamatan_and_who_was_told(client, kits):
    page = soup(await client.get("/perangkat"))
    area = page.find(id=f"area-{KECAMATAN}")
    assert area.select_one("[data-perekaman]").get_text() == "0 berfungsi, 2 rusak"
    assert area.select_one("[data-printer]").get_text() == "1 berfungsi, 0 rusak"
    broken = [li.get_text(" ", strip=True) for li in area.select(".broken-kits li")]
    assert len(broken) == 2
    assert "UJI-REK-1" in broken[0]  # longest broken first
    assert f"({LONG_BROKEN_DAYS + 6} hari)" in broken[0]
    assert f"lebih dari {LONG_BROKEN_DAYS} hari" in broken[0]
    assert "Dilaporkan ke: Dinas Dukcapil; Ditjen Dukcapil" in broken[0]
    assert "lebih dari" not in broken[1]
    assert "Belum tercatat dilaporkan" in broken[1]


@pytest.mark.parametrize("account", ["dinas", "pengawas"])
async def test_a_kit_broken_too_long_is_flagged_to_the_dinas_and_oversight(
    client, as_role, kits, account
):
    await as_role(account)
    notice = soup(await client.get("/")).find(id="perangkat-terlalu-lama")
    assert notice is not None
    assert "UJI-REK-1" in notice.get_text()
    assert "UJI-REK-2" not in notice.get_text()  # two days is not too long


async def test_others_homes_carry_no_flag(client, as_role, kits):
    for account in ("warga", "operator", "upt_sembalun"):
        client.cookies.clear()
        await as_role(account)
        assert soup(await client.get("/")).find(id="perangkat-terlalu-lama") is None
