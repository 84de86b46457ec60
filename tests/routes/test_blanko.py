"""Blanko stock and the fair print queue: public stock, arrivals, FIFO printing, and cards
printed out of turn with a reason that oversight reads."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from server.models.audit import AuditLog
from server.models.blanko import BlankoMutasi
from server.models.kantor import Kantor
from server.models.notifikasi import LanggananPush, Notifikasi
from server.models.permohonan import Permohonan, Status
from server.models.platform import DomainEvent
from server.services import layanan as katalog
from server.services import permohonan as rules
from server.services.auth import user_by_username
from server.services.scope import readable_penduduk
from tests.factories import subscribe
from tests.helpers import csrf_token, login, soup

pytestmark = pytest.mark.anyio

#: An office no other test files requests at, so its queue is this module's alone.
OFFICE = "UPT-52.03.04"


@pytest.fixture
async def office(client):
    """The test office, emptied of stock, movements and requests before and after."""

    async def clear() -> dict:
        row = await Kantor.select().where(Kantor.kode == OFFICE).first()
        await BlankoMutasi.delete().where(BlankoMutasi.kantor == row["id"])
        await Permohonan.delete().where(Permohonan.kantor == row["id"])
        await Kantor.update({Kantor.blanko_tersedia: 0}).where(Kantor.id == row["id"])
        return {**row, "blanko_tersedia": 0}

    yield await clear()
    await clear()


async def waiting_for_print(registry, office: dict, names: list[str]) -> list[str]:
    """Requests for a card, one per person, taken to `diproses` in this order (so queued in
    this order); their codes."""
    citizen = await user_by_username(registry["accounts"]["warga"])
    officer = await user_by_username(registry["accounts"]["dinas"])
    codes = []
    for name in names:
        person = await readable_penduduk(officer, registry["people"][name])
        draft = rules.Draft(
            layanan=katalog.get("ktp_cetak_ulang"),
            pemohon=person,
            kantor_id=office["id"],
            kanal=rules.kanal_for(citizen),
            isian={"alasan": "rusak"},
        )
        row = await rules.create(citizen, draft, submit=True)
        for action in ("verifikasi", "proses"):
            current = await rules.readable_request(officer, row["kode"])
            await rules.act(officer, current, action)
        codes.append(row["kode"])
    return codes


async def print_card(client, code: str, **fields):
    token = await csrf_token(client, f"/proses/{code}")
    data = {"tempat": "Loket 1", **fields, "_csrf_token": token}
    return await client.post(f"/proses/{code}/siap", data=data, follow_redirects=False)


async def record(client, kantor: str, jenis: str, jumlah: str, catatan: str = ""):
    token = await csrf_token(client, "/blanko/kelola")
    data = {"kantor": kantor, "jenis": jenis, "jumlah": jumlah, "catatan": catatan}
    return await client.post(
        "/blanko/kelola", data={**data, "_csrf_token": token}, follow_redirects=False
    )


def public_card(page: BeautifulSoup, kode: str) -> dict:
    card = page.find(id=f"kantor-{kode}")
    return {
        "state": card.select_one(".badge").get_text(strip=True),
        "stock": card.select_one("[data-stok]").get_text(strip=True),
        "waiting": card.select_one("[data-menunggu]").get_text(strip=True),
    }


async def status_of(code: str) -> str:
    row = await Permohonan.select(Permohonan.status).where(Permohonan.kode == code).first()
    return row["status"]


async def test_an_arrival_lets_the_queue_print_in_order(client, as_role, registry, office):
    first, second, third = await waiting_for_print(
        registry, office, ["Ahmad Fauzi", "Siti Aminah", "Lalu Sahabudin"]
    )
    page = soup(await client.get("/blanko"))
    assert public_card(page, OFFICE) == {
        "state": "Habis",
        "stock": "0 lembar",
        "waiting": "3 orang",
    }
    assert page.select_one("#blanko-habis a")["href"] == "/layanan/ikd_aktivasi"

    # The citizen sees her place in the queue, and the way to IKD while the office is out.
    await as_role("warga")
    mine = soup(await client.get(f"/permohonan/{second}")).select_one("#urutan-cetak")
    assert "Urutan cetak: ke-2" in mine.get_text()
    assert mine.select_one("a[href='/layanan/ikd_aktivasi']")

    client.cookies.clear()
    await login(client, registry["accounts"]["dinas"])
    refused = await print_card(client, first)
    assert refused.status_code == 422
    assert "Blanko di kantor ini habis" in refused.text
    assert await status_of(first) == Status.diproses

    assert (await record(client, OFFICE, "kedatangan", "2")).status_code == 303
    page = soup(await client.get("/blanko"))
    assert public_card(page, OFFICE) == {
        "state": "Menipis",
        "stock": "2 lembar",
        "waiting": "3 orang",
    }
    # The arrival is an event for those it lets print (the first two only).
    events = await DomainEvent.select(DomainEvent.data).where(DomainEvent.jenis == "blanko.datang")
    assert f'"kantor": {office["id"]}, "jumlah": 2, "menunggu": 2' in str(events[-1]["data"])

    assert (await print_card(client, first)).status_code == 303
    assert public_card(soup(await client.get("/blanko")), OFFICE)["waiting"] == "2 orang"
    # The third is not next: without a reason it is refused and nothing changes.
    refused = await print_card(client, third)
    assert refused.status_code == 422
    assert "Ada 1 permohonan yang lebih dulu siap dicetak" in refused.text
    assert await status_of(third) == Status.diproses
    assert public_card(soup(await client.get("/blanko")), OFFICE)["stock"] == "1 lembar"

    assert (await print_card(client, second)).status_code == 303
    page = soup(await client.get("/blanko"))
    assert public_card(page, OFFICE) == {
        "state": "Habis",
        "stock": "0 lembar",
        "waiting": "1 orang",
    }
    assert await status_of(second) == Status.siap_diambil
    used = await BlankoMutasi.select(BlankoMutasi.jumlah, BlankoMutasi.sisa).where(
        BlankoMutasi.kantor == office["id"]
    )
    assert [(m["jumlah"], m["sisa"]) for m in used] == [(2, 2), (-1, 1), (-1, 0)]


async def test_printing_out_of_turn_needs_a_reason_that_pengawas_reads(
    client, as_role, registry, office
):
    first, second = await waiting_for_print(registry, office, ["Ahmad Fauzi", "Siti Aminah"])
    await as_role("dinas")
    assert (await record(client, OFFICE, "kedatangan", "5")).status_code == 303
    form = soup(await client.get(f"/proses/{second}"))
    assert form.select_one("textarea[name=luar_urutan][required]")
    reason = "Pemohon berangkat berobat ke Mataram besok pagi"
    assert (await print_card(client, second, luar_urutan=reason)).status_code == 303
    entry = await BlankoMutasi.select().where(BlankoMutasi.permohonan.kode == second).first()
    assert (entry["dilewati"], entry["alasan"]) == (1, reason)
    assert await AuditLog.exists().where(
        (AuditLog.action == "cetak_luar_urutan") & (AuditLog.object_id == entry["id"])
    )
    # The one passed over is next now: no reason asked.
    assert not soup(await client.get(f"/proses/{first}")).select_one("textarea[name=luar_urutan]")

    client.cookies.clear()
    await login(client, registry["accounts"]["pengawas"])
    page = soup(await client.get("/blanko/luar-urutan"))
    item = next(li for li in page.select(".out-of-turn li") if second in li.get_text())
    assert reason in item.get_text()
    assert "melewati 1 permohonan" in item.get_text()
    assert "Akun dinas" in item.get_text()  # oversight sees who printed it

    client.cookies.clear()
    await login(client, registry["accounts"]["warga"])
    assert (await client.get("/blanko/luar-urutan")).status_code == 403
    assert reason not in (await client.get("/blanko")).text


@pytest.mark.parametrize(
    ("jenis", "jumlah", "catatan", "message"),
    [
        ("kedatangan", "0", "", "Jumlah tidak boleh 0."),
        ("kedatangan", "-4", "", "Kedatangan harus positif"),
        ("kedatangan", "lima", "", "Jumlah harus bilangan bulat"),
        ("kedatangan", "100001", "", "Jumlah terlalu besar"),
        ("koreksi", "-1", "", "Tuliskan alasan koreksi"),
        ("koreksi", "-6", "Rusak", "Stok tidak boleh kurang dari 0. Stok sekarang 5 lembar."),
        ("hilang", "3", "", "Pilih jenis catatan"),
    ],
)
async def test_a_bad_stock_record_is_explained_and_changes_nothing(
    client, as_role, registry, office, jenis, jumlah, catatan, message
):
    await as_role("dinas")
    assert (await record(client, OFFICE, "kedatangan", "5")).status_code == 303
    response = await record(client, OFFICE, jenis, jumlah, catatan)
    assert response.status_code == 422
    assert message in response.text
    stock = await Kantor.select(Kantor.blanko_tersedia).where(Kantor.id == office["id"]).first()
    assert stock["blanko_tersedia"] == 5
    assert await BlankoMutasi.count().where(BlankoMutasi.kantor == office["id"]) == 1


async def test_a_correction_with_its_reason_is_kept_with_who_made_it(client, as_role, office):
    await as_role("dinas")
    await record(client, OFFICE, "kedatangan", "1.000")
    assert (await record(client, OFFICE, "koreksi", "-3", "3 blanko rusak")).status_code == 303
    history = soup(await client.get("/blanko/kelola")).select_one("table.figures tbody tr")
    assert [td.get_text(strip=True) for td in history.select("td")][2:] == [
        "Koreksi",
        "-3",
        "997",
        "Akun dinas",
        "3 blanko rusak",
    ]
    assert await AuditLog.exists().where(AuditLog.action == "blanko_koreksi")


async def test_upt_staff_record_only_their_own_offices_stock(client, as_role, office):
    await as_role("upt_sembalun")
    form = soup(await client.get("/blanko/kelola"))
    assert [o["value"] for o in form.select("#kantor option")] == ["UPT-52.03.15"]
    response = await record(client, OFFICE, "kedatangan", "10")
    assert response.status_code == 422
    assert "Pilih kantor yang stoknya Anda kelola." in response.text
    assert await BlankoMutasi.count().where(BlankoMutasi.kantor == office["id"]) == 0
    client.cookies.clear()
    await as_role("warga")
    assert (await client.get("/blanko/kelola")).status_code == 403


async def test_an_arrival_tells_those_it_lets_print(client, as_role, registry, office):
    """The citizens whose cards the new stock covers are told (once per device, with a Topic
    so a later stock message replaces it); the one further back is not."""
    await Notifikasi.delete(force=True)
    await LanggananPush.delete(force=True)
    # Both requests are filed by the citizen; the second is for her neighbour, who has an
    # account of his own but stands behind the one card that arrives.
    await waiting_for_print(registry, office, ["Baiq Maesarah", "Lalu Sahabudin"])
    await subscribe(registry["accounts"]["warga"], ["blanko"], "a")
    await subscribe(registry["accounts"]["warga_tetangga"], ["blanko"], "b")
    await as_role("dinas")
    assert (await record(client, OFFICE, "kedatangan", "1")).status_code == 303
    sent = await Notifikasi.select(
        Notifikasi.langganan.akun.username.as_alias("akun"), Notifikasi.topic, Notifikasi.isi
    )
    assert [(row["akun"], row["topic"]) for row in sent] == [
        (registry["accounts"]["warga"], f"blanko-{office['id']}")
    ]
    # The next card covers the neighbour: he is told, and so is the citizen who filed for
    # him; the first place, covered already, is not announced again.
    await Notifikasi.delete(force=True)
    assert (await record(client, OFFICE, "kedatangan", "1")).status_code == 303
    sent = await Notifikasi.select(Notifikasi.langganan.akun.username.as_alias("akun"))
    assert sorted(row["akun"] for row in sent) == sorted(
        [registry["accounts"]["warga"], registry["accounts"]["warga_tetangga"]]
    )
    events = await DomainEvent.select(DomainEvent.data).where(DomainEvent.jenis == "blanko.datang")
    assert '"menunggu": 1' in str(events[-1]["data"])
    await Notifikasi.delete(force=True)
    await LanggananPush.delete(force=True)
