"""Every rule's documented examples run as tests: exact diagnostics, exact fixed text,
and a second fix that changes nothing."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from delink.lint import Linter
from delink.report import position
from delink.rule import Example, Rule, all_rules
from delink.settings import Settings

CASES = [
    pytest.param(rule, example, id=f"{code}-{i}")
    for code, rule in all_rules().items()
    for i, example in enumerate(rule.examples)
]


def _settings(root: Path, example: Example) -> Settings:
    settings = Settings(root=root)
    for key, value in example.config.items():
        setattr(settings, key.replace("-", "_"), value)
    return settings


def _lines(root: Path, rule: type[Rule], example: Example) -> list[str]:
    result = Linter(_settings(root, example), [rule.code]).lint(["."])
    out = []
    for d in result.diagnostics:
        if d.code != rule.code:
            continue
        row, col = position(result.files, d.path, d.span.start)
        out.append(f"{d.path}:{row}:{col}: {d.code} {d.message}")
    return out


def _read_all(root: Path) -> dict[str, str]:
    out = {}
    for dirpath, _, files in os.walk(root):
        for f in files:
            p = Path(dirpath) / f
            out[str(p.relative_to(root))] = p.read_text(encoding="utf-8")
    return out


@pytest.mark.parametrize(("rule", "example"), CASES)
def test_rule_example(
    rule: type[Rule],
    example: Example,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    make_project: Callable[[dict[str, str]], Path],
) -> None:
    from delink.fixer import run_fix

    make_project(example.files)
    monkeypatch.chdir(tmp_path)
    assert _lines(tmp_path, rule, example) == list(example.expect)

    before = _read_all(tmp_path)
    run_fix(["."], _settings(tmp_path, example), [rule.code], unsafe=example.unsafe)
    after = _read_all(tmp_path)
    if example.fixed is None:
        assert after == before
        return
    expected = dict(before)
    expected.update(example.fixed)
    assert after == expected
    run_fix(["."], _settings(tmp_path, example), [rule.code], unsafe=example.unsafe)
    assert _read_all(tmp_path) == after


def test_every_rule_has_docs_and_examples() -> None:
    for code, rule in all_rules().items():
        for part in ("summary", "what", "why", "example", "instead", "fix_safety"):
            assert getattr(rule, part, "").strip(), f"{code} lacks {part}"
        if code not in ("DLK103", "DLK104"):
            assert rule.examples, f"{code} has no examples"
        fixed = [e for e in rule.examples if e.fixed is not None]
        assert bool(fixed) == rule.fixable, (
            f"{code}: fixable={rule.fixable} but {len(fixed)} fixed examples"
        )
