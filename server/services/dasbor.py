"""The dashboard's figures: recording coverage, requests, the print queue and stock, jemput-bola
visits and complaints, each a small table a chart is drawn from (web/templates/dasbor/) and
the CSV download is written from. Counts only: no person is named anywhere here.

Regency-wide staff and `pengawas` see the regency, by kecamatan; UPT staff their kecamatan, by
desa. `kecamatan` narrows the regency view to one kecamatan's desa.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from piccolo.query.functions.aggregate import Count

from server.i18n import N_
from server.models.jemput_bola import Kunjungan, StatusKunjungan
from server.models.penduduk import KtpStatus, Penduduk, adult_ktp_coverage
from server.models.permohonan import Permohonan, Status
from server.models.wilayah import Kecamatan
from server.services import blanko, pengaduan
from server.services.permohonan import OPEN
from server.services.wilayah import today

#: How far back "done" and ahead "planned" reach for visits.
VISIT_WINDOW_DAYS = 30


@dataclass
class Chart:
    """One chart: a title, the names of its series, and rows of (label, values per series).
    A label is a place's or an office's name, or for statuses and kinds their code, which the
    page names through its label table."""

    key: str
    judul: str
    seri: tuple[str, ...]
    baris: list[tuple[str, tuple[int, ...]]] = field(default_factory=list)
    catatan: str = ""
    #: Headline figures shown above the chart: (label, number).
    angka: list[tuple[str, int]] = field(default_factory=list)
    #: Series that are parts of one whole stack into one bar; unrelated ones (people waiting,
    #: cards in stock) get a bar each.
    bertumpuk: bool = True

    @property
    def maks(self) -> int:
        """The longest bar, so bars share one scale (at least 1)."""
        lengths = [
            sum(values) if self.bertumpuk else max(values, default=0) for _, values in self.baris
        ]
        return max(lengths, default=0) or 1


@dataclass
class Scope:
    """What the dashboard covers: the regency, or one kecamatan (by id and name)."""

    kecamatan_id: int | None = None
    kecamatan_nama: str = ""


async def scope_for(user_kecamatan_id: int | None, kecamatan_code: str) -> Scope | None:
    """UPT staff are held to their kecamatan; others may pick one by code. None for an
    unknown code."""
    if user_kecamatan_id:
        row = await Kecamatan.select().where(Kecamatan.id == user_kecamatan_id).first()
    elif kecamatan_code:
        row = await Kecamatan.select().where(Kecamatan.code == kecamatan_code).first()
        if row is None:
            return None
    else:
        return Scope()
    return Scope(row["id"], row["name"])


async def coverage(scope: Scope) -> Chart:
    """Adults by KTP-el status, per kecamatan (or per desa of one kecamatan)."""
    if scope.kecamatan_id:
        rows = await adult_ktp_coverage(
            Penduduk.desa.name, Penduduk.desa.kecamatan == scope.kecamatan_id
        )
    else:
        rows = await adult_ktp_coverage(Penduduk.desa.kecamatan.name)
    chart = Chart(
        "cakupan",
        N_("Cakupan perekaman KTP-el penduduk dewasa"),
        (N_("Sudah dicetak"), N_("Menunggu cetak"), N_("Belum rekam")),
        catatan=N_("Urut dari yang paling banyak belum rekam."),
    )
    for row in rows:
        chart.baris.append(
            (
                row["area"],
                (
                    row[KtpStatus.sudah_cetak.value],
                    row[KtpStatus.sudah_rekam.value],
                    row[KtpStatus.belum_rekam.value],
                ),
            )
        )
    return chart


def _requests_in(scope: Scope):
    """One kecamatan's requests are those its UPT processes, as on the office's own queue
    (services/scope.py `permohonan_scope`)."""
    if scope.kecamatan_id:
        return Permohonan.kantor.kecamatan == scope.kecamatan_id
    return None


async def requests(scope: Scope) -> Chart:
    """Open requests by status, and how many of them are past their due date."""
    where = _requests_in(scope)
    query = Permohonan.select(Permohonan.status, Count(alias="n")).group_by(Permohonan.status)
    overdue_query = Permohonan.select(Permohonan.status, Count(alias="n")).where(
        Permohonan.status.is_in(list(OPEN)) & (Permohonan.batas_waktu < today())
    )
    if where is not None:
        query = query.where(where)
        overdue_query = overdue_query.where(where)
    counts = {row["status"]: row["n"] for row in await query}
    overdue = {row["status"]: row["n"] for row in await overdue_query.group_by(Permohonan.status)}
    chart = Chart(
        "permohonan",
        N_("Permohonan menurut status"),
        (N_("Tepat waktu"), N_("Terlambat")),
        angka=[
            (N_("Permohonan terbuka"), sum(counts.get(status, 0) for status in OPEN)),
            (N_("Lewat batas waktu"), sum(overdue.values())),
        ],
    )
    for status in (*OPEN, Status.selesai, Status.ditolak):
        late = overdue.get(status, 0)
        chart.baris.append((status.value, (counts.get(status, 0) - late, late)))
    return chart


async def print_queue(scope: Scope) -> Chart:
    """Per office: people waiting to print, and blanko in stock."""
    offices = [
        office
        for office in await blanko.overview()
        if not scope.kecamatan_id or office["kecamatan_id"] == scope.kecamatan_id
    ]
    chart = Chart(
        "cetak",
        N_("Antrean cetak dan stok blanko per kantor"),
        (N_("Menunggu cetak"), N_("Stok blanko")),
        bertumpuk=False,
        angka=[
            (N_("Menunggu cetak"), sum(office["menunggu"] for office in offices)),
            (
                N_("Kantor kehabisan blanko"),
                sum(1 for office in offices if office["keadaan"] == blanko.StockState.habis),
            ),
        ],
    )
    chart.baris = [
        (office["nama"], (office["menunggu"], office["blanko_tersedia"])) for office in offices
    ]
    return chart


async def visits(scope: Scope) -> Chart:
    """Jemput-bola visits closed in the last 30 days, planned for the next 30, and those whose
    day has passed without the team closing them."""
    day = today()
    window = timedelta(days=VISIT_WINDOW_DAYS)
    query = Kunjungan.select(
        Kunjungan.desa.kecamatan.name.as_alias("kecamatan"),
        Kunjungan.desa.name.as_alias("desa"),
        Kunjungan.status,
        Kunjungan.tanggal,
    ).where(
        (Kunjungan.tanggal >= day - window)
        & (Kunjungan.tanggal <= day + window)
        & Kunjungan.status.is_in(
            [StatusKunjungan.selesai, StatusKunjungan.diumumkan, StatusKunjungan.diterima]
        )
    )
    if scope.kecamatan_id:
        query = query.where(Kunjungan.desa.kecamatan == scope.kecamatan_id)
    area = "desa" if scope.kecamatan_id else "kecamatan"
    table: dict[str, list[int]] = {}
    for row in await query:
        if row["status"] == StatusKunjungan.selesai:
            column = 0
        elif row["tanggal"] >= day:
            column = 1
        else:
            column = 2  # the day has passed and nobody closed the visit
        table.setdefault(row[area], [0, 0, 0])[column] += 1
    chart = Chart(
        "kunjungan",
        N_("Kunjungan jemput bola: 30 hari terakhir dan 30 hari ke depan"),
        (N_("Selesai"), N_("Direncanakan"), N_("Lewat, belum ditutup")),
        angka=[
            (N_("Selesai"), sum(counts[0] for counts in table.values())),
            (N_("Direncanakan"), sum(counts[1] for counts in table.values())),
            (N_("Lewat, belum ditutup"), sum(counts[2] for counts in table.values())),
        ],
    )
    chart.baris = [(name, tuple(table[name])) for name in sorted(table)]
    return chart


async def complaints() -> Chart:
    """Complaints by kind, and those open and past their first-answer time."""
    figures = await pengaduan.figures()
    chart = Chart(
        "pengaduan",
        N_("Pengaduan menurut jenis"),
        (N_("Pengaduan"),),
        angka=[
            (N_("Pengaduan terbuka"), figures["terbuka"]),
            (N_("Lewat batas jawab"), figures["terlambat"]),
        ],
    )
    chart.baris = [(jenis, (n,)) for jenis, n in figures["per_jenis"].items()]
    return chart


async def all_charts(scope: Scope, with_complaints: bool) -> list[Chart]:
    charts = [
        await coverage(scope),
        await requests(scope),
        await print_queue(scope),
        await visits(scope),
    ]
    if with_complaints:
        charts.append(await complaints())
    return charts
