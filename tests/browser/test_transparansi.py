"""Transparency pages on a 360 px phone: the public blanko stock and the Dinas's dashboard
with its server-drawn charts."""

from __future__ import annotations

import pytest

from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser


def test_the_public_blanko_page_on_a_phone(page):
    page.goto("/blanko")
    # Demo offices out of stock (server/demo/requests.py EMPTY_OFFICES).
    out = page.locator("#kantor-UPT-52\\.03\\.15")
    assert out.locator(".badge").inner_text() == "Habis"
    assert int(out.locator("[data-menunggu]").inner_text().split()[0]) > 0
    ikd = page.get_by_role("link", name="Aktifkan IKD")
    ikd.scroll_into_view_if_needed()
    box = ikd.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert box["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_dashboard_draws_every_chart_inside_the_screen(page):
    sign_in(page, "dinas.demo")
    page.goto("/dasbor")
    for key in ("cakupan", "permohonan", "cetak", "kunjungan", "pengaduan"):
        chart = page.locator(f"#grafik-{key} svg.bars")
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()
        assert 250 <= box["width"] <= 360 - box["x"], key
        widths = chart.locator("rect").evaluate_all(
            "rects => rects.map(r => r.getBoundingClientRect().right)"
        )
        assert widths and max(widths) <= 360, key
    # The numbers beside a chart open with one tap.
    page.locator("#grafik-cakupan summary").click()
    assert page.locator("#grafik-cakupan table.figures tbody tr").count() == 20
