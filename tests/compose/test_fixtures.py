"""The Compose fixtures: every expected finding in a Compose file (and every link of a
Compose document embedded in Markdown) is found on its line, and nothing else is."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from delink.lint import Linter
from delink.settings import Settings
from delink.sources import classify

ROOT = Path(__file__).resolve().parents[2] / "fixtures"
_LINE = re.compile(r"(# optional: )?(\S+):(\d+) (\S+)")
# findings that come from diagnostics rather than facts
_DIAG_FAMILIES = {"v1": ("DLK201",), "invalid": ("DLK206", "DLK303"), "conflict": ("DLK207",)}
# Compose YAML embedded in other files: (fixture, path) whose link lines are checked too
_EMBEDDED = {("rails-fig-doc", "docs/rails.md")}


def _dirs() -> list[Path]:
    out = sorted(d for d in ROOT.glob("compose-*") if (d / "expected-lines.txt").is_file())
    for group in ("realworld", "negative"):
        base = ROOT / group
        out += sorted(d for d in base.iterdir() if (d / "expected-lines.txt").is_file())
    return [d for d in out if _has_compose(d)]


def _has_compose(root: Path) -> bool:
    for dirpath, _dirs, files in os.walk(root):
        for f in files:
            rel = os.path.relpath(os.path.join(dirpath, f), root)
            if _compose_file(root, rel) or (root.name, rel) in _EMBEDDED:
                return True
    return False


def _compose_file(root: Path, rel: str) -> bool:
    path = root / rel
    head = path.read_bytes()[:256] if path.is_file() else b""
    return classify(rel, head) == "compose"


def _lint(fixture: Path):  # type: ignore[no-untyped-def]
    old = os.getcwd()
    os.chdir(fixture)
    try:
        # Python files are another source's: Compose findings never depend on them
        paths = [
            os.path.relpath(os.path.join(d, f), ".")
            for d, _dirs, files in os.walk(".")
            for f in files
            if not f.endswith(".py") and f != "expected-lines.txt"
        ]
        return Linter(Settings(root=Path("."))).lint(sorted(paths))
    finally:
        os.chdir(old)


def _row(result, path: str, offset: int) -> int:  # type: ignore[no-untyped-def]
    return int(result.files[path].position(offset)[0])


@pytest.mark.parametrize("fixture", _dirs(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_compose_fixture_lines(fixture: Path) -> None:
    expected: set[tuple[str, int, str]] = set()
    optional: set[tuple[str, int, str]] = set()
    for line in (fixture / "expected-lines.txt").read_text("utf-8").splitlines():
        m = _LINE.match(line)
        if m is None or (line.startswith("#") and not m.group(1)):
            continue
        key = (m.group(2), int(m.group(3)), m.group(4))
        (optional if m.group(1) else expected).add(key)
    result = _lint(fixture)
    project = result.project
    got: set[tuple[str, int, str]] = set()
    for family, items in (
        ("link", project.links),
        ("shim", project.env_sets),
        ("read", project.reads),
    ):
        for item in items:
            path = item.span.path.removeprefix("./")
            if not _compose_file(fixture, path) and (fixture.name, path) not in _EMBEDDED:
                continue
            if family == "link" and getattr(item, "error", None) is not None:
                family_ = "invalid"
            else:
                family_ = family
            if family in ("read", "shim"):
                var = project.var(item.name)
                if var is None or (var.ambiguous and not project.links_for_read(item)):
                    continue
            got.add((path, _row(result, item.span.path, item.span.start), family_))
    for d in result.diagnostics:
        for family, codes in _DIAG_FAMILIES.items():
            if d.code in codes:
                path = d.path.removeprefix("./")
                got.add((path, _row(result, d.path, d.span.start), family))
                got.discard((path, _row(result, d.path, d.span.start), "link"))

    def mine(key: tuple[str, int, str]) -> bool:
        return _compose_file(fixture, key[0]) or (
            (fixture.name, key[0]) in _EMBEDDED and key[2] == "link"
        )

    missing = {k for k in expected if mine(k)} - got
    extra = {k for k in got if mine(k)} - expected - optional
    assert not missing, f"missing: {sorted(missing)}"
    assert not extra, f"unexpected: {sorted(extra)}"
