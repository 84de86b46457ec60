"""UPT staff (a `petugas_dinas` with a kecamatan) work on their own kecamatan only: another
kecamatan's rosters, attendance lists, tickets, outcomes, plans, publication, equipment, teams
and audit entries are not found, lists leave them out, and writes change nothing
(services/scope.py)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from server.models.audit import AuditLog
from server.models.jemput_bola import (
    CatatanLapangan,
    HariLibur,
    Kunjungan,
    Pemesanan,
    Perangkat,
    PerangkatRiwayat,
    TimAnggota,
)
from server.models.wilayah import Desa
from server.services import audit, kunjungan, pemesanan
from server.services.auth import user_by_username
from tests.factories import account_id, desa_of, working_day
from tests.helpers import galat, post, soup, text_of

pytestmark = pytest.mark.anyio


@pytest.fixture
async def area(scratch, registry):
    """In Kecamatan Labuhan Haji: a team with its kit, today's published visit to Desa Geres
    with one booking, a proposed and an accepted visit ahead. In Kecamatan Sembalun (the UPT's
    own): a team and today's published visit."""
    geres = await desa_of("Labuhan Haji", "Geres")
    team = await scratch.team("Labuhan Haji")
    today = kunjungan.today()
    visit = await scratch.visit(team, geres, today, 30)
    proposed = await scratch.visit(team, geres, working_day(1, 1), 30, status="diusulkan")
    accepted = await scratch.visit(team, geres, working_day(1, 2), 30, status="diterima")
    resident = (await scratch.residents(geres, 1))[0]
    ticket = await pemesanan.book(
        await scratch.operator(geres),
        pemesanan.Request(visit["id"], resident["id"], visit["sesi"][0]),
    )
    sembalun = (
        await Desa.select(Desa.id).where(Desa.kecamatan.name == "Sembalun").order_by(Desa.id)
    )[0]["id"]
    own_team = await scratch.team("Sembalun")
    own_visit = await scratch.visit(own_team, sembalun, today, 30)
    neighbour = (await scratch.residents(sembalun, 1))[0]
    return {
        "team": team,
        "kit": team["kits"][0],
        "visit": visit,
        "proposed": proposed,
        "accepted": accepted,
        "resident": resident,
        "ticket": ticket["kode"],
        "own_team": own_team,
        "own_visit": own_visit,
        "neighbour": neighbour,
    }


def now() -> str:
    return datetime.now(UTC).isoformat()


def record(ticket: str, jenis: str) -> dict:
    return {"kode": uuid.uuid4().hex, "tiket": ticket, "jenis": jenis, "waktu": now()}


#: Every page and action on another kecamatan's visit, team or kit: (method, path, form).
ATTACKS = [
    ("get", "/jemput-bola/kunjungan/{visit}/lapangan", None),
    ("get", "/jemput-bola/kunjungan/{visit}/laporan", None),
    ("get", "/jemput-bola/kunjungan/{visit}/daftar-hadir", None),
    ("get", "/jemput-bola/tiket/{ticket}", None),
    ("post", "/jemput-bola/kunjungan/{visit}/catatan", "direkam"),
    ("post", "/jemput-bola/kunjungan/{visit}/catatan", "hadir"),
    ("post", "/jemput-bola/kunjungan/{visit}/datang-langsung", {"nama": "Inaq Sarah"}),
    ("post", "/jemput-bola/kunjungan/{visit}/perangkat-rusak", {"catatan": "Kamera mati"}),
    ("post", "/jemput-bola/kunjungan/{visit}/tutup", {}),
    ("post", "/jemput-bola/kunjungan/{proposed}/keputusan", {"tindakan": "terima"}),
    ("post", "/jemput-bola/kunjungan/{proposed}/keputusan", {"tindakan": "tolak"}),
    ("post", "/jemput-bola/kunjungan/{accepted}/keputusan", {"tindakan": "umumkan"}),
    ("get", "/jemput-bola/kunjungan/{proposed}/ubah", None),
    (
        "post",
        "/jemput-bola/kunjungan/{proposed}/ubah",
        {"tanggal": "{day}", "tim": "{team}", "perangkat": "{kit}", "kapasitas": "5"},
    ),
    ("post", "/jemput-bola/perangkat/{kit}/status", {"status": "rusak", "catatan": "x"}),
    ("post", "/jemput-bola/tim/{team}/anggota", {"akun": "{petugas}"}),
]


async def state(area: dict) -> dict:
    """What any of the attacks could have changed."""
    visits = await Kunjungan.select(Kunjungan.id, Kunjungan.status, Kunjungan.kapasitas).where(
        Kunjungan.tim == area["team"]["id"]
    )
    return {
        "visits": sorted((v["id"], v["status"], v["kapasitas"]) for v in visits),
        "bookings": await Pemesanan.count().where(Pemesanan.kunjungan == area["visit"]["id"]),
        "booking": (await Pemesanan.select().where(Pemesanan.kode == area["ticket"]).first())[
            "status"
        ],
        "records": await CatatanLapangan.count().where(
            CatatanLapangan.kunjungan == area["visit"]["id"]
        ),
        "kit": (
            await Perangkat.select(Perangkat.status)
            .where(Perangkat.id == area["kit"]["id"])
            .first()
        )["status"],
        "history": await PerangkatRiwayat.count().where(
            PerangkatRiwayat.perangkat == area["kit"]["id"]
        ),
        "members": await TimAnggota.count().where(TimAnggota.tim == area["team"]["id"]),
        "days_off": await HariLibur.count().where(HariLibur.tim == area["team"]["id"]),
    }


@pytest.mark.parametrize(("method", "path", "form"), ATTACKS)
async def test_upt_staff_cannot_reach_another_kecamatans_visits_teams_or_kits(
    as_role, registry, area, method, path, form
):
    values = {
        "visit": area["visit"]["id"],
        "proposed": area["proposed"]["id"],
        "accepted": area["accepted"]["id"],
        "ticket": area["ticket"],
        "team": area["team"]["id"],
        "kit": area["kit"]["id"],
        "day": working_day(2, 3).isoformat(),
        "petugas": await account_id(registry["accounts"]["petugas"]),
    }
    await TimAnggota.delete().where(TimAnggota.akun == values["petugas"])
    before = await state(area)
    client = await as_role("upt_sembalun")
    url = path.format(**values)
    if method == "get":
        response = await client.get(url)
    else:
        if isinstance(form, str):
            data = record(area["ticket"], form)
        elif "nama" in form:
            data = {**form, "tiket": pemesanan.new_ticket(), "waktu": now()}
        else:
            data = {key: str(value).format(**values) for key, value in form.items()}
        response = await post(client, url, data)
    assert response.status_code == 404, (response.status_code, galat(response))
    assert galat(response)  # a plain "not found" in Indonesian, as for any scope miss
    assert area["resident"]["nama"] not in response.text
    assert await state(area) == before
    # The Dinas of the whole regency still reaches it (the guard is the scope, not the page).
    if method == "get":
        dinas = await as_role("dinas")
        assert (await dinas.get(url)).status_code == 200


async def test_upt_lists_and_plans_show_and_touch_only_their_kecamatan(as_role, area):
    client = await as_role("upt_sembalun")
    start = kunjungan.next_monday(kunjungan.today()).isoformat()
    before = await state(area)

    # Their own visit, on their own roster and lists; the other kecamatan's nowhere.
    own = await client.get(f"/jemput-bola/kunjungan/{area['own_visit']['id']}/lapangan")
    assert own.status_code == 200
    plan = text_of(await client.get(f"/jemput-bola/rencana?mulai={start}&minggu=4"))
    assert area["team"]["nama"] not in plan
    assert area["own_team"]["nama"] in plan
    register = text_of(await client.get("/jemput-bola/perangkat"))
    assert area["team"]["nama"] not in register and area["kit"]["kode"] not in register
    assert area["own_team"]["nama"] in register and area["own_team"]["kits"][0]["kode"] in register
    visits = text_of(await client.get("/jemput-bola"))
    assert area["team"]["nama"] not in visits and area["own_team"]["nama"] in visits
    needs = soup(await client.get("/jemput-bola/kebutuhan"))
    kecamatan = {tr.th.select_one(".muted").get_text(strip=True) for tr in needs.select("tbody tr")}
    assert kecamatan == {"Sembalun"}, kecamatan

    # A fresh plan, accept all and publish all leave the other kecamatan's visits alone.
    assert (
        await post(client, "/jemput-bola/rencana", {"mulai": start, "minggu": "2"})
    ).status_code == 303
    for action in ("terima", "umumkan"):
        response = await post(
            client,
            "/jemput-bola/rencana/semua",
            {"mulai": start, "minggu": "4", "tindakan": action},
        )
        assert response.status_code == 200
    # A day off for another office's team, or a public holiday, is not theirs to set.
    for team, message in (
        (str(area["team"]["id"]), "Tim tidak ditemukan."),
        ("", "Hari libur umum ditetapkan oleh Dinas. Pilih tim Anda."),
    ):
        response = await post(
            client,
            "/jemput-bola/libur",
            {"tanggal": working_day(3).isoformat(), "tim": team, "keterangan": "Libur"},
        )
        assert response.status_code == 422 and message in galat(response)
    assert await HariLibur.count().where(HariLibur.tanggal == working_day(3)) == 0
    assert await state(area) == before


async def test_upt_staff_read_only_their_kecamatans_audit_entries_and_no_complaint_handling(
    as_role, registry, area
):
    dinas = await user_by_username(registry["accounts"]["dinas"])
    upt = await user_by_username(registry["accounts"]["upt_sembalun"])
    await audit.record(dinas, "lihat_penduduk", "penduduk", area["resident"]["id"])
    await audit.record(dinas, "lihat_penduduk", "penduduk", area["neighbour"]["id"])
    await audit.record(dinas, "balas_pengaduan", "pengaduan", 424242)
    await audit.record(upt, "lihat_identitas_pelapor", "pengaduan", 434343)
    cells = {
        tr.select("td")[3].get_text(" ", strip=True)
        for tr in soup(await (await as_role("upt_sembalun")).get("/audit")).select(
            "#daftar tbody tr"
        )
        if len(tr.select("td")) == 4
    }
    assert f"Data penduduk #{area['neighbour']['id']}" in cells
    assert f"Data penduduk #{area['resident']['id']}" not in cells
    assert not any(cell.startswith("Pengaduan") for cell in cells), cells
    # Oversight reads them all.
    everything = {
        tr.select("td")[3].get_text(" ", strip=True)
        for tr in soup(await (await as_role("pengawas")).get("/audit")).select("#daftar tbody tr")
        if len(tr.select("td")) == 4
    }
    assert {
        f"Data penduduk #{area['resident']['id']}",
        "Pengaduan #424242",
        "Pengaduan #434343",
    } <= everything
    await AuditLog.delete().where(AuditLog.object_id.is_in([424242, 434343]))
