"""Every page fits a 360 px phone without sideways scrolling, and what a thumb has to hit
(menus, buttons, fields) is at least 44 px tall."""

from __future__ import annotations

import pytest

from tests.browser.helpers import MIN_TARGET, PAGES, PHONE_WIDTH, TARGETS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def measured(module_open_page):
    """`measured(user, path)`: page width and touch targets, measured once per page."""
    cache: dict[tuple, dict] = {}

    def measure(user, path) -> dict:
        if (user, path) not in cache:
            page = module_open_page(path, as_user=user)
            assert not page.title().startswith("Ada masalah"), f"{path} shows an error page"
            cache[user, path] = {
                "width": page.evaluate("() => document.documentElement.scrollWidth"),
                "targets": page.evaluate(TARGETS, MIN_TARGET),
            }
            page.context.close()
        return cache[user, path]

    return measure


@pytest.mark.parametrize(("user", "path"), PAGES)
def test_no_sideways_scrolling_at_360_px(measured, user, path):
    width = measured(user, path)["width"]
    assert width <= PHONE_WIDTH, f"{path} is {width} px wide"


@pytest.mark.parametrize(("user", "path"), [p.values if hasattr(p, "values") else p for p in PAGES])
def test_touch_targets_are_at_least_44_px(measured, user, path):
    targets = measured(user, path)["targets"]
    assert targets["count"] >= 2, "no controls found to measure"
    assert targets["small"] == []
