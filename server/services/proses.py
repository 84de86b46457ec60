"""The office's processing queue: the requests waiting for the office in `user`'s scope, oldest
submission first, narrowed by filters and read a page at a time."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from server.models.permohonan import DETAIL_COLUMNS, Permohonan, Status
from server.services import layanan as katalog
from server.services.auth import User
from server.services.permohonan import normalise_code
from server.services.scope import permohonan_scope

QUEUE_STATUSES = (Status.diajukan, Status.diverifikasi, Status.diproses, Status.siap_diambil)
#: Age filters: label -> minimum days since submission.
AGES = {"": 0, "3": 3, "7": 7, "14": 14}


@dataclass(frozen=True)
class Filters:
    """The queue's filters as chosen on the page; a value it does not know narrows nothing."""

    status: str = ""
    layanan: str = ""
    kecamatan: str = ""  # a kecamatan's code
    umur: str = ""  # one of `AGES`
    kode: str = ""  # a tracking code, typed any which way

    def query(self) -> str:
        """The filters chosen, as a query string for the links to other pages."""
        return urlencode({name: value for name, value in asdict(self).items() if value})


@dataclass(frozen=True)
class QueuePage:
    rows: list[dict]
    total: int
    page: int
    pages: int


async def queue_page(user: User, filters: Filters, page: int, page_size: int) -> QueuePage:
    """One page of the queue (the last, if `page` is beyond it)."""
    where = permohonan_scope(user)
    wanted = [s for s in QUEUE_STATUSES if s == filters.status] or list(QUEUE_STATUSES)
    where &= Permohonan.status.is_in(wanted)
    if filters.layanan in katalog.CATALOGUE:
        where &= Permohonan.layanan == filters.layanan
    if filters.kecamatan:
        where &= Permohonan.pemohon.desa.kecamatan.code == filters.kecamatan
    if AGES.get(filters.umur):
        cutoff = datetime.now(UTC) - timedelta(days=AGES[filters.umur])
        where &= Permohonan.diajukan <= cutoff
    if filters.kode:
        where &= Permohonan.kode == (normalise_code(filters.kode) or filters.kode[:20])
    total = await Permohonan.count().where(where)
    pages = max(1, -(-total // page_size))
    page = min(page, pages)
    rows = await (
        Permohonan.select(*DETAIL_COLUMNS)
        .where(where)
        .order_by(Permohonan.diajukan)
        .offset((page - 1) * page_size)
        .limit(page_size)
    )
    return QueuePage(rows=rows, total=total, page=page, pages=pages)
