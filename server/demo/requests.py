"""Demo requests in several states, and blanko stock for every office, made through the same
rules as real ones so their timelines are genuine."""

from __future__ import annotations

import io
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PIL import Image, ImageDraw

from server.models.blanko import BlankoMutasi, JenisMutasi
from server.models.kantor import Kantor
from server.models.penduduk import DETAIL_COLUMNS, KtpStatus, Penduduk
from server.models.permohonan import Permohonan, PermohonanEvent
from server.services import layanan as katalog
from server.services import permohonan as rules
from server.services import uploads
from server.services.auth import User, user_by_username

#: Offices out of blanko in the demo, as the field reports describe for remote kecamatan.
EMPTY_OFFICES = ("UPT-52.03.15", "UPT-52.03.20", "UPT-52.03.10")
#: The demo's stock history starts before Dekat: cards printed then are not linked to requests.
PRINTED_BEFORE = "Dicetak sebelum pencatatan di Dekat"


def _sample_photo(label: str) -> uploads.Photo:
    """A legible stand-in for a photographed document."""
    image = Image.new("RGB", (900, 600), (245, 242, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 880, 580), outline=(40, 40, 40), width=4)
    draw.text((60, 60), f"CONTOH DOKUMEN DEMO\n{label}", fill=(20, 20, 20))
    out = io.BytesIO()
    image.save(out, "JPEG")
    return uploads.process_photo(out.getvalue())


async def _make(
    user: User,
    kode: str,
    person: dict,
    data_dir: Path,
    answers: dict | None = None,
    steps: tuple[tuple[str, str, str], ...] = (),
    age_days: int = 0,
) -> None:
    item = katalog.get(kode)
    documents = []
    for doc in item.dokumen:
        photo = _sample_photo(doc.label)
        documents.append((doc.key, uploads.store(data_dir, photo), photo))
    draft = rules.Draft(
        layanan=item,
        pemohon=person,
        kantor_id=await rules.default_kantor(person),
        kanal=rules.kanal_for(user),
        isian=answers or {},
        documents=documents,
    )
    row = await rules.create(user, draft, submit=True)
    officer = await user_by_username("dinas.demo")
    for action, note, place in steps:
        current = await rules.readable_request(officer, row["kode"])
        await rules.act(officer, current, action, note, place)
    if age_days:
        # Spread the demo over past days so the queue has old and overdue requests.
        shift = timedelta(days=age_days)
        events = await PermohonanEvent.select(PermohonanEvent.id, PermohonanEvent.waktu).where(
            PermohonanEvent.permohonan == row["id"]
        )
        for event in events:
            await PermohonanEvent.update({PermohonanEvent.waktu: event["waktu"] - shift}).where(
                PermohonanEvent.id == event["id"]
            )
        current = (
            await Permohonan.select(
                Permohonan.dibuat,
                Permohonan.diajukan,
                Permohonan.batas_waktu,
                Permohonan.siap_cetak,
            )
            .where(Permohonan.id == row["id"])
            .first()
        )
        values = {
            Permohonan.dibuat: current["dibuat"] - shift,
            Permohonan.diajukan: current["diajukan"] - shift,
            Permohonan.diperbarui: datetime.now(UTC) - shift / 2,
            Permohonan.batas_waktu: current["batas_waktu"] - shift,
        }
        if current["siap_cetak"]:
            values[Permohonan.siap_cetak] = current["siap_cetak"] - shift / 2
        await Permohonan.update(values).where(Permohonan.id == row["id"])


async def seed_demo_requests(data_dir: Path) -> None:
    if await Permohonan.count() > 0:
        return
    rng = random.Random(7)
    await _seed_stock(rng)

    citizen = await user_by_username("5203015507900001")
    operator = await user_by_username("operator.demo")
    family = {
        p["nama"]: p
        for p in await Penduduk.select(*DETAIL_COLUMNS).where(Penduduk.kk == citizen.kk)
    }
    await _make(
        citizen,
        "ktp_cetak_ulang",
        family["Siti Aminah"],
        data_dir,
        {"alasan": "rusak"},
        (("verifikasi", "", ""), ("proses", "", "")),
        age_days=2,
    )
    await _make(
        citizen,
        "kia",
        family["Rizki Maulana"],
        data_dir,
        steps=(
            ("verifikasi", "", ""),
            ("proses", "", ""),
            ("siap", "", "Kantor Desa Labuhan Haji, hari kerja 08.00–14.00"),
        ),
        age_days=6,
    )
    await _make(
        citizen,
        "kk_tambah_anggota",
        family["Ahmad Fauzi"],
        data_dir,
        {"nama_anggota": "Aisyah", "hubungan": "anak"},
        (("perbaiki", "Foto surat keterangan lahir buram. Foto ulang di tempat terang.", ""),),
        age_days=3,
    )
    neighbours = (
        await Penduduk.select(*DETAIL_COLUMNS)
        .where(
            (Penduduk.desa == operator.desa_id)
            & (Penduduk.ktp_status == KtpStatus.sudah_rekam)
            & (Penduduk.kk != citizen.kk)
        )
        .limit(3)
    )
    for age, person in zip((9, 1, 12), neighbours, strict=False):
        await _make(operator, "ktp_cetak", person, data_dir, age_days=age)
    await _seed_print_queues(rng, citizen, operator, data_dir)
    # An older, finished move, for a complete timeline.
    mover = (
        await Penduduk.select(*DETAIL_COLUMNS)
        .where((Penduduk.desa == operator.desa_id) & (Penduduk.kk != citizen.kk))
        .offset(10)
        .limit(1)
        .first()
    )
    if mover:
        await _make(
            operator,
            "pindah",
            mover,
            data_dir,
            {"alamat_tujuan": "Jl. Pejanggik, Mataram", "alasan_pindah": "pekerjaan"},
            (
                ("verifikasi", "", ""),
                ("proses", "", ""),
                ("siap", "", "UPT Dukcapil Kecamatan Labuhan Haji"),
                ("selesai", "", ""),
            ),
            age_days=20,
        )


async def _seed_stock(rng: random.Random) -> None:
    """Each office's stock as the movements that made it: an arrival some weeks ago and the
    cards printed since, spread over the days after it. The empty offices used their last
    arrival up months ago."""
    officer = await user_by_username("dinas.demo")
    now = datetime.now(UTC)
    for kantor in await Kantor.select(Kantor.id, Kantor.kode):
        empty = kantor["kode"] in EMPTY_OFFICES
        arrived = rng.randint(20, 60) if empty else rng.randint(60, 240)
        used = arrived if empty else rng.randint(0, arrived - 8)
        days = rng.randint(70, 110) if empty else rng.randint(5, 40)
        start = now - timedelta(days=days)
        rows = [
            BlankoMutasi(
                kantor=kantor["id"],
                jenis=JenisMutasi.kedatangan,
                jumlah=arrived,
                sisa=arrived,
                pelaku=officer.id,
                waktu=start,
            )
        ]
        for n in range(1, used + 1):
            rows.append(
                BlankoMutasi(
                    kantor=kantor["id"],
                    jenis=JenisMutasi.pemakaian,
                    jumlah=-1,
                    sisa=arrived - n,
                    alasan=PRINTED_BEFORE,
                    pelaku=officer.id,
                    waktu=start + timedelta(days=days * 0.8 * n / (used + 1)),
                )
            )
        await BlankoMutasi.insert(*rows)
        await Kantor.update(
            {Kantor.blanko_tersedia: arrived - used, Kantor.blanko_diperbarui: rows[-1].waktu}
        ).where(Kantor.id == kantor["id"])


async def _seed_print_queues(
    rng: random.Random, citizen: User, operator: User, data_dir: Path
) -> None:
    """People waiting for their KTP-el to print: a few ahead of the demo citizen's reprint at
    her office, and longer queues where blanko ran out."""
    for kode, count in (("UPT-52.03.17", 3), *((office, 6) for office in EMPTY_OFFICES)):
        kantor = await Kantor.select(Kantor.id, Kantor.kecamatan).where(Kantor.kode == kode).first()
        people = (
            await Penduduk.select(*DETAIL_COLUMNS)
            .where(
                (Penduduk.desa.kecamatan == kantor["kecamatan"])
                & (Penduduk.ktp_status == KtpStatus.sudah_rekam)
                & (Penduduk.kk != citizen.kk)
                & (Penduduk.tanggal_lahir <= date(2000, 1, 1))
            )
            .offset(20)
            .limit(count)
        )
        for person in people:
            user = operator if person["desa.id"] == operator.desa_id else citizen
            await _make(
                user,
                "ktp_cetak",
                person,
                data_dir,
                steps=(("verifikasi", "", ""), ("proses", "", "")),
                age_days=rng.randint(6, 40),
            )
