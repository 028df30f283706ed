"""The realworld fixtures: every expected finding in a file an embedded host (or the
consumer scanner) reads is found on its line, and nothing else is."""

from __future__ import annotations

import importlib
import os
import re
from pathlib import Path

import pytest

from delink import sources
from delink.facts import EnvRead
from delink.lint import Linter
from delink.settings import Settings
from delink.sources import classify

ROOT = Path(__file__).resolve().parents[2] / "fixtures"
MINE = frozenset({"dockerfile", "makefile", "markdown", "groovy", "ci-yaml", "ruby", "consumer"})
_LINE = re.compile(r"(# optional: )?(\S+):(\d+) (\S+)")
# findings that need the Compose source's extract_fragment (YAML in Markdown)
NEEDS_COMPOSE = {("rails-fig-doc", "docs/rails.md", 40, "link")}


def _fixture_dirs() -> list[Path]:
    out: list[Path] = []
    for group in ("realworld", "negative"):
        base = ROOT / group
        if base.is_dir():
            out += sorted(d for d in base.iterdir() if (d / "expected-lines.txt").is_file())
    return out


def _language(root: Path, rel: str) -> str | None:
    path = root / rel
    head = path.read_bytes()[:256] if path.is_file() else b""
    return classify(rel, head)


def _compose_handoff() -> bool:
    try:
        module = importlib.import_module("delink.sources.compose")
    except ImportError:
        return False
    return callable(getattr(module, "extract_fragment", None))


def _sources_ready() -> str | None:
    """Why the pipeline cannot run yet (a source of another language is half-written
    in a shared checkout), or None."""
    for language in sources.MODULES:
        try:
            sources.load(language)
        except Exception as exc:
            return f"the {language} source does not load: {type(exc).__name__}: {exc}"
    return None


@pytest.mark.parametrize("fixture", _fixture_dirs(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_lines(fixture: Path) -> None:
    reason = _sources_ready()
    if reason is not None:
        pytest.skip(reason)
    expected: set[tuple[str, int, str]] = set()
    optional: set[tuple[str, int, str]] = set()
    for line in (fixture / "expected-lines.txt").read_text("utf-8").splitlines():
        m = _LINE.match(line)
        if m is None or (line.startswith("#") and not m.group(1)):
            continue
        key = (m.group(2), int(m.group(3)), m.group(4))
        (optional if m.group(1) else expected).add(key)

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
            pattern = getattr(item, "pattern", False)
            if family in ("read", "shim") and name is not None and not pattern:
                var = project.var(name)
                if var is None:
                    continue
                linked = isinstance(item, EnvRead) and bool(project.links_for_read(item))
                if var.ambiguous and (family == "shim" or not linked):
                    continue
            path = item.span.path.removeprefix("./")
            row = result.files[item.span.path].position(item.span.start)[0]
            got.add((path, row, family))

    def mine(key: tuple[str, int, str]) -> bool:
        return _language(fixture, key[0]) in MINE

    missing = {k for k in expected if mine(k)} - got
    if not _compose_handoff():
        missing -= {k[1:] for k in NEEDS_COMPOSE if k[0] == fixture.name}
    extra = {k for k in got if mine(k)} - expected - optional
    assert not missing, f"missing: {sorted(missing)}"
    assert not extra, f"unexpected: {sorted(extra)}"
