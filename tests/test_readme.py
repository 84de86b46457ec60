"""The README keeps its promises: every setting documented, the two commands real."""

from __future__ import annotations

import re
from pathlib import Path

from server.settings import ENVIRONMENT_VARIABLES, Settings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def test_every_setting_is_documented_in_the_configuration_table():
    section = README.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", section, flags=re.MULTILINE))
    assert set(ENVIRONMENT_VARIABLES) <= documented


def test_every_settings_field_is_read_from_a_documented_variable():
    source = (ROOT / "server" / "settings.py").read_text()
    read = set(re.findall(r'environ\.get\("([A-Z_]+)"|_env_\w+\("([A-Z_]+)"', source))
    names = {name for pair in read for name in pair if name}
    assert names == set(ENVIRONMENT_VARIABLES)
    assert len(Settings.__dataclass_fields__) == len(ENVIRONMENT_VARIABLES)


def test_the_two_commands_exist_as_make_targets():
    blocks = re.findall(r"```sh\n(.*?)\n```", README.split("## Who uses it")[0], flags=re.S)
    assert blocks == ["make run", "make test"]
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^run:", makefile, flags=re.M)
    assert re.search(r"^test:", makefile, flags=re.M)
    assert "dekat serve --demo" in makefile


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_demo_accounts_are_listed():
    for account in (
        "5203015507900001",
        "operator.demo",
        "petugas.demo",
        "dinas.demo",
        "pengawas.demo",
        "demo12345",
    ):
        assert account in README


def test_the_demo_sign_up_code_is_given():
    from server.demo.accounts import DEMO_SIGNUP_CODE, DEMO_SIGNUP_NIK
    from server.services.kode_daftar import display, normalise

    assert normalise(DEMO_SIGNUP_CODE) == DEMO_SIGNUP_CODE
    assert DEMO_SIGNUP_NIK in README
    assert display(DEMO_SIGNUP_CODE) in README
