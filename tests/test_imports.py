"""Test modules never import one another: a helper two of them need lives in tests/helpers.py,
tests/browser/helpers.py or tests/factories.py, so a test file can be read, moved or deleted on
its own."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def imported_modules(source: str) -> set[str]:
    """Every module an `import` or `from ... import` names, however deep in the file."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            # `from tests.routes import test_permohonan` names the module as an alias.
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def names_a_test_module(name: str) -> bool:
    return name.split(".")[0] == "tests" and name.rsplit(".", 1)[-1].startswith("test_")


def test_no_test_module_imports_another():
    offenders = {
        str(path.relative_to(TESTS.parent)): sorted(
            filter(names_a_test_module, imported_modules(path.read_text()))
        )
        for path in sorted(TESTS.rglob("*.py"))
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_check_sees_each_way_of_importing():
    source = (
        "from tests.routes.test_permohonan import apply\n"
        "from tests.browser import test_layout\n"
        "def later():\n"
        "    import tests.test_idempotency\n"
        "from tests.helpers import apply\n"
    )
    assert sorted(filter(names_a_test_module, imported_modules(source))) == [
        "tests.browser.test_layout",
        "tests.routes.test_permohonan",
        "tests.test_idempotency",
    ]
