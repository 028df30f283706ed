"""Baselines: record today's findings, then report only new ones; fingerprints survive
lines moving; stale entries are counted; the file is sorted, diff-friendly JSON."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_write_then_check_reports_only_new_findings(
    fake_rules, make_project, run_cli, tmp_path: Path
) -> None:
    make_project({"run.sh": "oldlink\nunsafelink\n"})
    code, out, err = run_cli(["check", "--write-baseline", "delink-baseline.json"], cwd=tmp_path)
    assert (code, out, err) == (0, "", "Wrote 2 findings to delink-baseline.json.\n")
    data = json.loads((tmp_path / "delink-baseline.json").read_text())
    assert data["delink-baseline"] == 1
    assert [(e["file"], e["code"], e["text"], e["count"]) for e in data["findings"]] == [
        ("run.sh", "DLK190", "oldlink", 1),
        ("run.sh", "DLK190", "unsafelink", 1),
    ]

    code, out, _ = run_cli(["check", "--baseline", "delink-baseline.json"], cwd=tmp_path)
    assert (code, out) == (
        0,
        "2 known problems hidden by the baseline delink-baseline.json.\nAll checks passed!\n",
    )

    # lines inserted above the old findings, and one new finding
    make_project({"run.sh": "echo 1\necho 2\noldlink\n\nunsafelink\nshowlink\n"})
    code, out, _ = run_cli(
        ["check", "--baseline", "delink-baseline.json", "--format", "json"], cwd=tmp_path
    )
    assert code == 1
    assert [(d["code"], d["message"]) for d in json.loads(out)] == [
        ("DLK190", "`showlink` is a legacy link")
    ]


def test_stale_entries_are_counted(fake_rules, make_project, run_cli, tmp_path: Path) -> None:
    make_project({"run.sh": "oldlink\nunsafelink\nunsafelink\n"})
    run_cli(["check", "--write-baseline", "base.json"], cwd=tmp_path)
    entries = json.loads((tmp_path / "base.json").read_text())["findings"]
    assert [(e["text"], e["count"]) for e in entries] == [("oldlink", 1), ("unsafelink", 2)]
    make_project({"run.sh": "unsafelink\n"})
    code, out, err = run_cli(["check", "--baseline", "base.json"], cwd=tmp_path)
    assert (code, err) == (0, "")
    assert out == (
        "1 known problem hidden by the baseline base.json.\n"
        "2 baseline entries no longer match: shrink it with "
        "`delink check --write-baseline base.json`.\n"
        "All checks passed!\n"
    )
    # machine formats keep stdout clean: the notes go to stderr
    code, out, err = run_cli(["check", "--baseline", "base.json", "--format", "json"], cwd=tmp_path)
    assert (code, out) == (0, "[]\n")
    assert err.startswith("1 known problem hidden")


def test_a_changed_command_is_a_new_finding(make_project, run_cli, tmp_path) -> None:
    make_project({"run.sh": "docker run -d --name web --link db:db app\n"})
    run_cli(["check", "--write-baseline", "b.json"], cwd=tmp_path)
    # the same command, reflowed over two lines and moved down
    make_project({"run.sh": "set -e\n\ndocker   run -d --name web \\\n  --link db:db app\n"})
    assert run_cli(["check", "--baseline", "b.json"], cwd=tmp_path)[0] == 0
    make_project({"run.sh": "docker run -d --name web --link db:db other-app\n"})
    code, out, _ = run_cli(["check", "--baseline", "b.json"], cwd=tmp_path)
    assert code == 1
    assert out.startswith("run.sh:1:26: DLK301 legacy link `db:db` on the default bridge")
    assert "1 baseline entry no longer matches: shrink it" in out


def test_baseline_works_from_another_directory(fake_rules, make_project, run_cli, tmp_path):
    make_project({"proj/bin/run.sh": "oldlink\n"})
    run_cli(["check", "--write-baseline", "proj/base.json", "proj"], cwd=tmp_path)
    entries = json.loads((tmp_path / "proj/base.json").read_text())["findings"]
    assert [e["file"] for e in entries] == ["bin/run.sh"]
    assert run_cli(["check", "--baseline", "base.json"], cwd=tmp_path / "proj")[0] == 0


def test_baseline_file_is_sorted_and_stable(run_cli, tmp_path: Path) -> None:
    work = tmp_path / "app"
    shutil.copytree(REPO / "fixtures" / "legacy-shell-app", work)
    run_cli(["check", "--write-baseline", "b.json"], cwd=work)
    first = (work / "b.json").read_text()
    data = json.loads(first)
    keys = [(e["file"], e["code"], e["text"], e["fingerprint"]) for e in data["findings"]]
    assert keys == sorted(keys) and len(keys) == 10
    assert first == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert sum(e["count"] for e in data["findings"]) == 10
    run_cli(["check", "--write-baseline", "b.json"], cwd=work)
    assert (work / "b.json").read_text() == first
    # a line inserted at the top of every file keeps every finding known
    for path in ("bin/start.sh", "app/entrypoint.sh", "bin/psql.sh"):
        text = (work / path).read_text()
        head, rest = text.split("\n", 1)
        (work / path).write_text(f"{head}\n# reviewed\n{rest}")
    code, out, _ = run_cli(["check", "--baseline", "b.json"], cwd=work)
    assert (code, out) == (
        0,
        "10 known problems hidden by the baseline b.json.\nAll checks passed!\n",
    )


def test_secrets_never_reach_the_baseline(fake_rules, make_project, run_cli, tmp_path) -> None:
    make_project({"run.sh": "docker run -e DB_PASSWORD=hunter2 oldlink\n"})
    run_cli(["check", "--write-baseline", "b.json"], cwd=tmp_path)
    assert "hunter2" not in (tmp_path / "b.json").read_text()


def test_bad_baselines_are_usage_errors(run_cli, make_project, tmp_path: Path) -> None:
    make_project({"bad.json": "[1, 2]", "garbage.json": "{"})
    code, _, err = run_cli(["check", "--baseline", "missing.json"], cwd=tmp_path)
    assert (code, err) == (
        2,
        "delink: error: missing.json: no such baseline (write one with --write-baseline)\n",
    )
    code, _, err = run_cli(["check", "--baseline", "bad.json"], cwd=tmp_path)
    assert (code, err) == (
        2,
        'delink: error: bad.json: not a delink baseline (expected "delink-baseline": 1)\n',
    )
    code, _, err = run_cli(["check", "--baseline", "garbage.json"], cwd=tmp_path)
    assert code == 2 and err.startswith("delink: error: garbage.json: not a delink baseline")
    code, _, err = run_cli(["check", "--baseline", "a.json", "--write-baseline", "b"], cwd=tmp_path)
    assert code == 2 and "not allowed with argument" in err
