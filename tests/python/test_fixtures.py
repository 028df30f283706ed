"""The Python files of the fixtures: every expected finding is found on its line and
nothing else is (realworld SDK fixtures, the settings helper, the main SDK example and
the negative controls); ``delink fix`` leaves every fixture module valid Python."""

from __future__ import annotations

import ast
import os
import re
import shutil
from pathlib import Path

import pytest

from delink.lint import Linter
from delink.settings import Settings

ROOT = Path(__file__).resolve().parents[2] / "fixtures"
_LINE = re.compile(r"(# optional: )?(\S+):(\d+) (\S+)")
FIXTURES = [
    *sorted((ROOT / "realworld").glob("sdk-*")),
    ROOT / "realworld" / "settings-env-helper",
    ROOT / "sdk-app",
    ROOT / "sdk-engine",
    ROOT / "negative" / "jsonapi-links",
    ROOT / "negative" / "tracing-span-links",
]


def _expected(fixture: Path) -> tuple[set[tuple[str, int, str]], set[tuple[str, int, str]]]:
    expected: set[tuple[str, int, str]] = set()
    optional: set[tuple[str, int, str]] = set()
    for line in (fixture / "expected-lines.txt").read_text("utf-8").splitlines():
        m = _LINE.match(line)
        if m is None or (line.startswith("#") and not m.group(1)):
            continue
        key = (m.group(2), int(m.group(3)), m.group(4))
        (optional if m.group(1) else expected).add(key)
    return expected, optional


def _found(fixture: Path) -> set[tuple[str, int, str]]:
    old = os.getcwd()
    os.chdir(fixture)
    try:
        result = Linter(Settings(root=Path("."))).lint(["."])
    finally:
        os.chdir(old)
    project = result.project
    got: set[tuple[str, int, str]] = set()
    families = (
        ("link", project.links),
        ("read", project.reads),
        ("shim", project.env_sets),
        ("links-via", project.links_via),
        ("removal", project.removals),
    )
    for family, items in families:
        for item in items:
            name = getattr(item, "name", None)
            if family in ("read", "shim") and name is not None:
                var = project.var(name)
                if var is None:
                    continue
                if var.ambiguous and (family == "shim" or not project.links_for_read(item)):
                    continue
            if family == "link" and item.invalid is None and item.error is None:
                pass
            path = item.span.path.removeprefix("./")
            row = result.files[item.span.path].position(item.span.start)[0]
            got.add((path, row, family))
    return got


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_python_lines(fixture: Path) -> None:
    expected, optional = _expected(fixture)
    got = {k for k in _found(fixture) if k[0].endswith(".py")}
    expected = {k for k in expected if k[0].endswith(".py")}
    assert expected - got == set(), f"missing: {sorted(expected - got)}"
    assert got - expected - optional == set(), f"unexpected: {sorted(got - expected - optional)}"


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixed_modules_parse(
    fixture: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from delink.fixer import run_fix

    work = tmp_path / fixture.name
    shutil.copytree(fixture, work)
    monkeypatch.chdir(work)
    settings = Settings(root=Path("."))
    first = run_fix(["."], settings, None, unsafe=True)
    assert not first.errors
    for path in work.rglob("*.py"):
        ast.parse(path.read_text("utf-8"))
    assert not [d for d in first.diagnostics if d.code == "DLK104"]
    again = run_fix(["."], settings, None, unsafe=True, write=False)
    assert again.changes == {}, f"a second fix changed {sorted(again.changes)}"
