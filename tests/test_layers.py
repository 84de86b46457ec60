"""Layers that flow one way: no import cycle inside `server`, and the demo generators kept off
the production path (only the command line reaches them, and only when demo data is asked for).
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from functools import cache
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def import_graph() -> dict[str, set[str]]:
    """Each `server` module and the `server` modules it imports, anywhere in its body: an
    import inside a function ties two modules as much as one at the top."""
    sources = {_module(path): path for path in (ROOT / "server").rglob("*.py")}
    graph = {}
    for name, path in sources.items():
        imported = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                assert node.level == 0, f"{name}: relative imports hide where code comes from"
                imported |= {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
        graph[name] = {other for other in imported & sources.keys() if other != name}
    return graph


def _is_demo(name: str) -> bool:
    return name == "server.demo" or name.startswith("server.demo.")


def test_server_has_no_import_cycle():
    try:
        tuple(TopologicalSorter(import_graph()).static_order())
    except CycleError as error:
        pytest.fail("import cycle: " + " -> ".join(error.args[1]))


def test_only_the_command_line_imports_the_demo_generators():
    importers = {
        name
        for name, imported in import_graph().items()
        if not _is_demo(name) and any(_is_demo(other) for other in imported)
    }
    assert importers == {"server.cli"}


START_WITHOUT_DEMO = """
import asyncio, sys
from server.app import create_app
from server.cli import main

main(["migrate"])

async def start_and_stop():
    async with create_app().lifespan():
        pass

asyncio.run(start_and_stop())
print(sorted(name for name in sys.modules if name.split(".")[:2] == ["server", "demo"]))
"""


def test_a_production_start_loads_no_demo_code(tmp_path):
    env = {**os.environ, "DEKAT_DATA_DIR": str(tmp_path), "DEKAT_PUSH_WORKER": "0"}
    env.pop("DATABASE_URL", None)  # a database of its own, not the test run's
    done = subprocess.run(
        [sys.executable, "-c", START_WITHOUT_DEMO],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"
