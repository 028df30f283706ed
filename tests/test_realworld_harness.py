"""The matching logic of bench/realworld.py (no third-party files, no network)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "realworld.py"


@pytest.fixture(scope="module")
def rw() -> ModuleType:
    spec = importlib.util.spec_from_file_location("realworld_bench", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def diag(code: str, row: int, filename: str = "bin/run.sh") -> dict[str, object]:
    return {
        "code": code,
        "filename": filename,
        "location": {"row": row, "column": 1},
        "message": f"{code} at {row}",
    }


def entry(rw: ModuleType, expected: list[object], optional: list[object] | None = None) -> object:
    data = {
        "files": [
            {
                "repo": "o/r",
                "commit": "0" * 40,
                "path": "bin/run.sh",
                "kind": "shell",
                "split": "tune",
                "expected": expected,
                "optional": optional or [],
            }
        ]
    }
    return rw.load_entries(data)[0]


def test_visible_style_strings_get_a_category(rw: ModuleType) -> None:
    cases = {
        "line 5: reads MYSQL_PORT_3306_TCP (link detection)": (5, "env"),
        "line 9: docker run --link db:db (alias db)": (9, "link"),
        'line 13: links entry "db:database" in service app': (13, "link"),
        "line 47: environment sets link-style variable X_PORT_80_TCP_PORT=80 (shim)": (47, "shim"),
        "line 1612: remove_container(name, link=True) (removes a legacy link)": (
            1612,
            "removal",
        ),
        "line 18: template placeholder ${BACKEND_PORT_80_TCP_ADDR} (backend .host)": (18, "env"),
        "line 109: checks link env var {MYLINK1}_NAME (f-string built name)": (109, "env"),
        "line 99: create_host_config(links={a: b})": (99, "link"),
    }
    for text, (line, category) in cases.items():
        e = rw.parse_expect(text)
        assert (e.line, e.category) == (line, category), text


def test_object_expectations_and_bad_input(rw: ModuleType) -> None:
    e = rw.parse_expect({"line": 3, "kind": "shim", "text": "-e A_PORT_1_TCP=x"})
    assert (e.line, e.category, e.text) == (3, "shim", "-e A_PORT_1_TCP=x")
    with pytest.raises(ValueError):
        rw.parse_expect({"line": 3, "kind": "bogus"})
    with pytest.raises(ValueError):
        rw.parse_expect("no line number here")


def test_meta_findings_are_not_scored(rw: ModuleType) -> None:
    found = rw.findings_by_file(
        [diag("DLK101", 1), diag("DLK201", 2), diag("DLK301", 3), diag("DLK503", 4)]
    )
    assert [(f.line, f.category) for f in found["bin/run.sh"]] == [(3, "link"), (4, "shim")]


def test_hits_misses_false_positives_and_optional_lines(rw: ModuleType) -> None:
    e = entry(
        rw,
        [
            {"line": 3, "kind": "link", "text": "--link db:db"},
            {"line": 4, "kind": "env", "text": "reads DB_PORT_5432_TCP_ADDR"},
            {"line": 9, "kind": "link", "text": "--link cache"},
        ],
        [
            {"line": 7, "kind": "link", "text": "--link in an echo"},
            {"line": 8, "kind": "hostname", "text": "DB_HOST=db"},
        ],
    )
    found = rw.findings_by_file(
        [
            diag("DLK301", 3),
            diag("DLK305", 3),  # a second finding on the same line and kind counts once
            diag("DLK301", 4),  # right line, wrong kind: a false positive, and 4/env is missed
            diag("DLK301", 7),  # optional: neither hit nor false positive
            diag("DLK502", 12),
        ]
    )["bin/run.sh"]
    score = rw.score_file(e, found)
    assert [(x.line, x.category) for x in score.hits] == [(3, "link")]
    assert [(x.line, x.category) for x in score.misses] == [(4, "env"), (9, "link")]
    assert [(x.line, x.category) for x in score.false_positives] == [(4, "link"), (12, "env")]

    totals = rw.tally([score])
    row = totals["kind"]["shell"]
    assert (row.hits, row.misses, row.fps, row.files) == (1, 2, 2, 1)
    assert row.recall == pytest.approx(1 / 3)
    assert row.precision == pytest.approx(1 / 3)
    link = totals["category"]["link"]
    assert (link.hits, link.misses, link.fps) == (1, 1, 1)


def test_negative_controls_count_only_false_positives(rw: ModuleType) -> None:
    data = {
        "files": [
            {
                "repo": "o/neg",
                "commit": "1" * 40,
                "path": "api/views.py",
                "kind": "sdk",
                "split": "holdout",
                "negative_control": True,
                "expected": [],
            }
        ]
    }
    e = rw.load_entries(data)[0]
    clean = rw.score_file(e, [])
    noisy = rw.score_file(
        e, rw.findings_by_file([diag("DLK401", 5, "api/views.py")])["api/views.py"]
    )
    totals = rw.tally([clean, noisy])
    assert totals["kind"]["negative"].fps == 1
    assert totals["kind"]["negative"].files == 2
    assert totals["kind"]["sdk"].precision == 0.0
    assert totals["kind"]["sdk"].recall is None


def test_the_manifest_is_well_formed(rw: ModuleType) -> None:
    data = json.loads(rw.MANIFEST.read_text(encoding="utf-8"))
    entries = rw.load_entries(data)
    assert entries
    assert {e.split for e in entries} <= set(rw.MANIFEST_SPLITS)
    assert {e.kind for e in entries} <= set(rw.FILE_KINDS)
    for e in entries:
        assert len(e.commit) == 40
        assert not (e.negative and e.expected), e.path
        assert all(x.category != "hostname" for x in e.expected), e.path
    by_repo: dict[str, set[str]] = {}
    for e in entries:
        by_repo.setdefault(e.repo, set()).add(e.split)
    assert all(len(splits) == 1 for splits in by_repo.values()), "a repository in two splits"


def test_holdout2_is_a_split_of_its_own(rw: ModuleType, tmp_path: Path) -> None:
    def raw(repo: str, split: str, kind: str = "shell") -> dict[str, object]:
        return {"repo": repo, "commit": "2" * 40, "path": "run.sh", "kind": kind, "split": split}

    manifest = tmp_path / "manifest.json"
    manifest.write_text(
        json.dumps(
            {
                "files": [
                    raw("o/tuned", "tune"),
                    raw("o/held", "holdout"),
                    raw("o/fresh", "holdout2"),
                    raw("o/fresh-env", "holdout2", "env"),
                ]
            }
        ),
        encoding="utf-8",
    )
    visible = tmp_path / "visible.json"
    visible.write_text(json.dumps({"files": [raw("o/seen", "")]}), encoding="utf-8")

    def repos(split: str, kind: str | None = None) -> list[str]:
        return [e.repo for e in rw.select_entries(split, kind, manifest, visible)]

    assert repos("holdout2") == ["o/fresh", "o/fresh-env"]
    assert repos("holdout2", "env") == ["o/fresh-env"]
    assert repos("holdout") == ["o/held"]
    assert repos("all") == ["o/tuned", "o/held", "o/fresh", "o/fresh-env", "o/seen"]
    assert "holdout2" in rw.SPLITS


def test_holdout2_shares_no_repository_with_any_other_split(rw: ModuleType) -> None:
    entries = rw.load_entries(json.loads(rw.MANIFEST.read_text(encoding="utf-8")))
    fresh = {e.repo.lower() for e in entries if e.split == "holdout2"}
    others = {e.repo.lower() for e in entries if e.split != "holdout2"}
    assert fresh, "the manifest has no holdout2 files"
    assert not fresh & others
    visible = next((p for p in rw.VISIBLE_CANDIDATES if p.exists()), None)
    if visible is not None:
        seen = {e.repo.lower() for e in rw.load_entries(json.loads(visible.read_text()))}
        assert not fresh & seen
