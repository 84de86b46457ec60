"""Demo complaints, made through the same rules as real ones: anonymous and named, one past
its answer time, one answered, one about a UPT, one about the Dinas itself."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

from PIL import Image, ImageDraw

from server.models.kantor import Kantor
from server.models.pengaduan import JenisPengaduan, Pengaduan, PengaduanBalasan
from server.models.wilayah import Desa
from server.services import pengaduan as rules
from server.services import uploads
from server.services.auth import user_by_username

#: The demo citizen's named complaint, with a fixed code so that it can be shown in a demo.
DEMO_CODE = "PGD-DEMQ-2345-6789"


def _sample_photo() -> uploads.Photo:
    image = Image.new("RGB", (800, 600), (230, 236, 240))
    ImageDraw.Draw(image).text((40, 40), "CONTOH FOTO DEMO\nLoket tutup", fill=(20, 20, 20))
    out = io.BytesIO()
    image.save(out, "JPEG")
    return uploads.process_photo(out.getvalue())


async def _upt(kecamatan: str) -> int | None:
    row = await Kantor.select(Kantor.id).where(Kantor.kecamatan.name == kecamatan).first()
    return row["id"] if row else None


async def _dinas() -> int | None:
    row = await Kantor.select(Kantor.id).where(Kantor.kecamatan.is_null()).first()
    return row["id"] if row else None


async def _desa(name: str) -> int | None:
    row = await Desa.select(Desa.id).where(Desa.name == name).first()
    return row["id"] if row else None


async def _age(pengaduan_id: int, days: int) -> None:
    """Move a complaint and its answers `days` into the past."""
    shift = timedelta(days=days)
    row = (
        await Pengaduan.select(
            Pengaduan.dibuat, Pengaduan.batas_jawab, Pengaduan.dijawab, Pengaduan.diperbarui
        )
        .where(Pengaduan.id == pengaduan_id)
        .first()
    )
    await Pengaduan.update(
        {
            Pengaduan.dibuat: row["dibuat"] - shift,
            Pengaduan.batas_jawab: rules.answer_deadline(row["dibuat"] - shift),
            Pengaduan.dijawab: row["dijawab"] - shift if row["dijawab"] else None,
            Pengaduan.diperbarui: row["diperbarui"] - shift,
        }
    ).where(Pengaduan.id == pengaduan_id)
    for answer in await PengaduanBalasan.select(PengaduanBalasan.id, PengaduanBalasan.waktu).where(
        PengaduanBalasan.pengaduan == pengaduan_id
    ):
        await PengaduanBalasan.update({PengaduanBalasan.waktu: answer["waktu"] - shift}).where(
            PengaduanBalasan.id == answer["id"]
        )


async def seed_demo_pengaduan(data_dir: Path) -> None:
    if await Pengaduan.count() > 0:
        return
    citizen = await user_by_username("5203015507900001")
    dinas = await user_by_username("dinas.demo")
    pengawas = await user_by_username("pengawas.demo")
    upt_labuhan = await _upt("Labuhan Haji")
    photo = _sample_photo()

    # Anonymous, about a UPT, with a photo, and past its answer time.
    overdue = await rules.create(
        None,
        rules.NewComplaint(
            jenis=JenisPengaduan.pungli,
            isi=(
                "Saat mengambil KTP-el di loket UPT, petugas meminta Rp 50.000 untuk "
                "'biaya cetak'. Saya tidak diberi kuitansi."
            ),
            kantor_id=upt_labuhan,
            desa_id=await _desa("Labuhan Haji"),
            kontak="",
            photos=[(uploads.store(data_dir, photo), photo)],
        ),
    )
    await _age(overdue["id"], 8)

    # Named (the demo citizen), with a contact, answered by the Dinas.
    if citizen:
        named = await rules.create(
            citizen,
            rules.NewComplaint(
                jenis=JenisPengaduan.lambat,
                isi="Sudah tiga kali datang, selalu dijawab jaringan sedang gangguan.",
                kantor_id=upt_labuhan,
                anonim=False,
                kontak="0812-3456-7890",
            ),
            code=DEMO_CODE,
        )
        await _age(named["id"], 2)  # answered two days after it came in
        answered = await rules.by_code(named["kode"])
        if dinas:
            await rules.reply(
                dinas,
                answered,
                "Terima kasih. Jaringan UPT sudah diperbaiki; KTP-el Anda bisa diambil "
                "Senin depan tanpa biaya.",
                "ditanggapi",
            )
        await _age(named["id"], 2)

    # Anonymous, about a broker, no office named, answered and closed by oversight.
    broker = await rules.create(
        None,
        rules.NewComplaint(
            jenis=JenisPengaduan.calo,
            isi="Ada orang di depan kantor yang menawarkan KK jadi sehari dengan bayaran.",
            kontak="",
        ),
    )
    await _age(broker["id"], 3)
    if pengawas:
        await rules.reply(
            pengawas,
            await rules.by_code(broker["kode"]),
            "Sudah kami teruskan ke Dinas dan Satpol PP. Ingat: semua layanan gratis.",
            "selesai",
        )
    await _age(broker["id"], 9)

    # A new one about broken equipment at another UPT, still within its time.
    await rules.create(
        None,
        rules.NewComplaint(
            jenis=JenisPengaduan.perangkat,
            isi="Alat rekam KTP-el rusak sejak bulan lalu, warga disuruh ke Selong.",
            kantor_id=await _upt("Sembalun"),
        ),
    )

    # About the Dinas itself, answered by the Dinas: where it stands is for oversight to say.
    about_dinas = await rules.create(
        None,
        rules.NewComplaint(
            jenis=JenisPengaduan.lambat,
            isi="Di loket Dinas di Selong, nomor antrean tidak dipanggil sesuai urutan.",
            kantor_id=await _dinas(),
        ),
    )
    if dinas:
        await rules.reply(
            dinas,
            await rules.by_code(about_dinas["kode"]),
            "Terima kasih. Pemanggilan antrean di loket sudah kami tata ulang.",
            "ditanggapi",
        )
