"""Reference data every installation needs, demo or not: the regency's wilayah (kecamatan and
desa, from the `areaid` package) and its Dukcapil offices (the Dinas and one UPT per kecamatan).
Each step is idempotent: it does nothing when its data is already there."""

from __future__ import annotations

from server.models.kantor import Kantor
from server.models.wilayah import Desa, Kecamatan
from server.services.wilayah import load_lombok_timur


async def ensure_reference_data() -> None:
    await ensure_wilayah()
    await ensure_kantor()


async def ensure_wilayah() -> None:
    if await Kecamatan.count() > 0:
        return
    for kec in load_lombok_timur():
        kecamatan_id = (
            await Kecamatan.insert(
                Kecamatan(
                    code=kec.code, name=kec.name, latitude=kec.latitude, longitude=kec.longitude
                )
            )
        )[0]["id"]
        await Desa.insert(
            *(
                Desa(
                    code=d.code,
                    name=d.name,
                    kecamatan=kecamatan_id,
                    is_kelurahan=d.is_kelurahan,
                    latitude=d.latitude,
                    longitude=d.longitude,
                )
                for d in kec.desa
            )
        )


async def ensure_kantor() -> None:
    """Offices follow the kecamatan, so they come after the wilayah."""
    if await Kantor.count() > 0:
        return
    kecamatan = await Kecamatan.select(Kecamatan.id, Kecamatan.code, Kecamatan.name).order_by(
        Kecamatan.code
    )
    await Kantor.insert(
        Kantor(kode="DINAS", nama="Dinas Dukcapil Kabupaten Lombok Timur", alamat="Selong"),
        *(
            Kantor(
                kode=f"UPT-{row['code']}",
                nama=f"UPT Dukcapil Kecamatan {row['name']}",
                kecamatan=row["id"],
                alamat=f"Kantor Camat {row['name']}",
            )
            for row in kecamatan
        ),
    )
