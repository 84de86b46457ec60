"""Dasbor: the Dinas's and oversight's figures as server-drawn charts, with the numbers beside
them and a CSV download."""

from __future__ import annotations

import csv
import io

from litestar import Controller, Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from server.i18n import N_, translate
from server.models.accounts import Role
from server.models.pengaduan import PENGADUAN_JENIS_LABELS
from server.models.permohonan import STATUS_LABELS
from server.models.wilayah import all_kecamatan
from server.security import roles
from server.services import dasbor
from server.services.wilayah import today
from server.web import render

#: Charts whose row labels are codes, named through these tables.
ROW_LABELS = {"permohonan": STATUS_LABELS, "pengaduan": PENGADUAN_JENIS_LABELS}
#: The colour of each series, in order (the stylesheet's palette; readable on white): green
#: for what is done or fine, blue for what waits, red for what is late or missing.
GREEN, BLUE, RED = "#0f5132", "#6ea8fe", "#b02a37"
COLOURS = (GREEN, BLUE, RED)
CHART_COLOURS = {"permohonan": (GREEN, RED), "cetak": (RED, GREEN)}
UNKNOWN_KECAMATAN = N_("Kecamatan tidak ditemukan.")


async def _charts(request: HTMXRequest, kecamatan: str) -> tuple[dasbor.Scope, list]:
    user = request.user
    scope = await dasbor.scope_for(user.kecamatan_id, kecamatan)
    if scope is None:
        raise NotFoundException(UNKNOWN_KECAMATAN)
    # Complaints go above the UPT (services/pengaduan.py): UPT staff see none of them.
    with_complaints = not (user.role == Role.petugas_dinas and user.kecamatan_id)
    return scope, await dasbor.all_charts(scope, with_complaints)


def row_label(chart: dasbor.Chart, label: str) -> str:
    table = ROW_LABELS.get(chart.key)
    return table.get(label, label) if table else label


class DasborController(Controller):
    """Dasbor: coverage, requests, print queue and stock, visits and complaints."""

    path = "/dasbor"
    guards = [roles(Role.petugas_dinas, Role.pengawas)]

    @get("/", name="dasbor")
    async def index(self, request: HTMXRequest, kecamatan: FromQuery[str] = "") -> Template:
        """Every chart for the regency (or one kecamatan's desa), numbers beside each."""
        scope, charts = await _charts(request, kecamatan)
        context = {
            "scope": scope,
            "charts": charts,
            "row_labels": ROW_LABELS,
            "chart_colours": CHART_COLOURS,
            "colours": COLOURS,
            "kecamatan": kecamatan,
            "kecamatan_list": [] if request.user.kecamatan_id else await all_kecamatan(),
        }
        return render(request, "dasbor/index.html", context)

    @get("/unduh.csv", name="dasbor_csv")
    async def download(self, request: HTMXRequest, kecamatan: FromQuery[str] = "") -> Response:
        """The same figures as CSV, one number per line: chart, row, series, value."""
        scope, charts = await _charts(request, kecamatan)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["bagian", "baris", "seri", "nilai"])
        for chart in charts:
            title = translate(request, chart.judul)
            for label, number in chart.angka:
                writer.writerow([title, translate(request, label), "", number])
            for label, values in chart.baris:
                name = row_label(chart, label)
                name = translate(request, name) if chart.key in ROW_LABELS else name
                for series, value in zip(chart.seri, values, strict=True):
                    writer.writerow([title, name, translate(request, series), value])
        area = scope.kecamatan_nama.lower().replace(" ", "-") or "kabupaten"
        return Response(
            "\ufeff" + out.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="dasbor-{area}-{today()}.csv"'},
        )
