"""N consumers of one target: the group's fix is printed once (issue 12). JSON lists
its edits on the first finding and points to it from the others (``edits_at``); text
output says "the same fix as"; the fixer applies it once. 4,000 consumers used to take
over 300 s and 21 GB; a child process with a ceiling keeps it from coming back."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from tests.reliability.helpers import run_delink

SCRIPT = (
    "docker run -d --name db postgres\n"
    "docker run -d --name a --link db:db app\n"
    "docker run -d --name b --link db:db app\n"
    "docker run -d --name c --link db:db app\n"
)


def _schema() -> dict[str, object]:
    import delink

    path = Path(delink.__file__).parent / "data" / "diagnostics.schema.json"
    data: dict[str, object] = json.loads(path.read_text())
    return data


def test_json_lists_a_shared_fix_once(run_cli, make_project, tmp_path: Path) -> None:
    make_project({"run.sh": SCRIPT})
    code, out, _ = run_cli(["check", "--format", "json", "run.sh"], cwd=tmp_path)
    assert code == 1
    diags = json.loads(out)
    jsonschema.validate(diags, _schema())
    assert [(d["code"], d["location"]["row"]) for d in diags] == [
        ("DLK301", 2),
        ("DLK301", 3),
        ("DLK301", 4),
    ]
    first, *rest = (d["fix"] for d in diags)
    assert "edits_at" not in first and len(first["edits"]) == 5
    for fix in rest:
        assert fix == {
            "applicability": first["applicability"],
            "message": first["message"],
            "edits": [],
            "edits_at": 0,
        }


def test_text_points_to_the_shared_fix(run_cli, make_project, tmp_path: Path) -> None:
    make_project({"run.sh": SCRIPT})
    _, out, _ = run_cli(["check", "run.sh"], cwd=tmp_path)
    helps = [line for line in out.splitlines() if line.startswith("  = help")]
    assert helps[0].startswith("  = help (unsafe fix): move 4 linked containers")
    assert helps[1:] == ["  = help (unsafe fix): the same fix as run.sh:2:24"] * 2


def test_the_fixer_applies_a_shared_fix_once(run_cli, make_project, tmp_path: Path) -> None:
    make_project({"run.sh": SCRIPT})
    code, out, err = run_cli(["fix", "--unsafe-fixes", "run.sh"], cwd=tmp_path)
    assert (code, err) == (0, "")
    assert out == "Fixed 3 problems in 1 file.\nAll checks passed!\n"
    assert (tmp_path / "run.sh").read_text().count("--network db-net") == 4


def test_many_consumers_stay_linear(tmp_path: Path) -> None:
    lines = ["docker run -d --name db postgres"]
    lines += [f"docker run -d --name app{i} --link db:db app" for i in range(1000)]
    (tmp_path / "run.sh").write_text("\n".join(lines) + "\n")
    code, out, err = run_delink(
        ["check", "--format", "json", "."], tmp_path, timeout=60, memory_mb=1536
    )
    assert (code, err) == (1, "")
    diags = json.loads(out)
    assert len(diags) == 1000 and len(out) < 20_000_000
    assert sum(len(d["fix"]["edits"]) for d in diags) == 1002
    code, out, err = run_delink(["fix", "--unsafe-fixes", "."], tmp_path, timeout=60)
    assert (code, err) == (0, "")
    assert out == "Fixed 1000 problems in 1 file.\nAll checks passed!\n"
