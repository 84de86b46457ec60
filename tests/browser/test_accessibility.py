"""WCAG checks by axe-core (npm, see package.json) on the pages people meet first."""

from __future__ import annotations

import json

import pytest

from tests.browser.helpers import AXE, PAGES, RUN_AXE

pytestmark = pytest.mark.browser

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def axe_violations(module_open_page):
    """`axe_violations(user, path)`: what axe-core finds on that page (run once per page)."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci`", pytrace=False)
    cache: dict[tuple, list] = {}

    def run(user, path) -> list[dict]:
        if (user, path) not in cache:
            # axe is injected as a script: the app's CSP rightly allows only its own scripts.
            page = module_open_page(path, as_user=user, bypass_csp=True)
            assert not page.title().startswith("Ada masalah"), f"{path} shows an error page"
            page.add_script_tag(path=str(AXE))
            cache[user, path] = page.evaluate(RUN_AXE)
            page.context.close()
        return cache[user, path]

    return run


def rules(found: list[dict]) -> list[str]:
    if found:
        print(json.dumps(found, indent=2, ensure_ascii=False))
    return [item["rule"] for item in found]


@pytest.mark.parametrize(("user", "path"), PAGES)
def test_no_wcag_violations(axe_violations, user, path):
    found = [v for v in axe_violations(user, path) if set(v["tags"]) & set(WCAG)]
    assert rules(found) == []


@pytest.mark.parametrize(
    ("user", "path"),
    PAGES,
)
def test_no_violations_of_any_axe_rule(axe_violations, user, path):
    assert rules(axe_violations(user, path)) == []
