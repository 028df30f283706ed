"""The fixture projects under fixtures/ give exactly the findings their
``expected-lines.txt`` lists (``# optional:`` lines are acceptable either way), and the
negative controls give none."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from delink.lint import Linter
from delink.report import position
from delink.settings import Settings

ROOT = Path(__file__).resolve().parent.parent / "fixtures"

# Which family of expected-lines.txt each rule code reports.
FAMILY = {
    "DLK201": "v1",
    "DLK202": "link",
    "DLK203": "link",
    "DLK204": "link",
    "DLK206": "invalid",
    "DLK207": "conflict",
    "DLK209": "link",
    "DLK210": "link",
    "DLK301": "link",
    "DLK302": "link",
    "DLK306": "link",
    "DLK308": "links-via",
    "DLK309": "link",
    "DLK310": "link",
    "DLK303": "invalid",
    "DLK304": "conflict",
    "DLK307": "removal",
    "DLK401": "link",
    "DLK402": "link",
    "DLK403": "invalid",
    "DLK404": "link",
    "DLK405": "link",
    "DLK406": "removal",
    "DLK501": "read",
    "DLK502": "read",
    "DLK504": "read",
    "DLK503": "shim",
}
_LINE = re.compile(r"^(?P<path>\S+):(?P<line>\d+) (?P<family>[\w-]+)")


def _fixture_dirs() -> list[str]:
    out = []
    for expected in sorted(ROOT.rglob("expected-lines.txt")):
        rel = expected.parent.relative_to(ROOT).as_posix()
        if rel.startswith("engine/"):
            continue
        out.append(rel)
    return out


def _expected(directory: Path) -> tuple[set[tuple[str, int, str]], set[tuple[str, int, str]]]:
    required, optional = set(), set()
    for raw in (directory / "expected-lines.txt").read_text().splitlines():
        text = raw.strip()
        target = required
        if text.startswith("# optional:"):
            text = text[len("# optional:") :].strip()
            target = optional
        elif not text or text.startswith("#"):
            continue
        m = _LINE.match(text)
        assert m, f"bad expected line: {raw}"
        target.add((m["path"], int(m["line"]), m["family"]))
    return required, optional


def _found(directory: Path, monkeypatch: pytest.MonkeyPatch) -> set[tuple[str, int, str]]:
    monkeypatch.chdir(directory)
    result = Linter(Settings(root=directory)).lint(["."])
    found = set()
    for d in result.diagnostics:
        family = FAMILY.get(d.code)
        if family is None:
            continue
        row, _ = position(result.files, d.path, d.span.start)
        found.add((d.path, row, family))
    return found


@pytest.mark.parametrize("fixture", _fixture_dirs())
def test_fixture_findings(fixture: str, monkeypatch: pytest.MonkeyPatch) -> None:
    directory = ROOT / fixture
    required, optional = _expected(directory)
    found = _found(directory, monkeypatch)
    missing = sorted(required - found)
    unexpected = sorted(found - required - optional)
    assert (missing, unexpected) == ([], [])
