"""Inputs that used to crash delink with "internal error" (issue 12, crashes)."""

from __future__ import annotations

import json
from pathlib import Path


def _codes(out: str) -> list[tuple[str, str, int, int, str]]:
    return [
        (d["code"], d["filename"], d["location"]["row"], d["location"]["column"], d["message"])
        for d in json.loads(out)
    ]


def test_v1_link_to_a_container_a_script_starts(run_cli, make_project, tmp_path: Path) -> None:
    # the link target is not a Compose service: no `depends_on` or alias can name it
    make_project(
        {
            "docker-compose.yml": "e:\n links:\n - redis\n",
            "run.sh": "docker run --name redis redis\n",
        }
    )
    code, out, err = run_cli(["check", "--format", "json"], cwd=tmp_path)
    assert (code, err) == (1, "")
    diags = json.loads(out)
    assert [(d["code"], d["location"]["row"]) for d in diags] == [("DLK201", 1), ("DLK202", 3)]
    assert "`redis` stay as links" in diags[0]["fix"]["message"]
    code, out, err = run_cli(["fix", "--unsafe-fixes", "."], cwd=tmp_path)
    assert (code, err) == (0, "")  # what remains is one info finding: it does not fail
    assert "Fixed 2 problems in 1 file." in out
    assert (tmp_path / "docker-compose.yml").read_text() == "services:\n e:\n  links:\n  - redis\n"
    code, out, err = run_cli(["check", "--format", "json"], cwd=tmp_path)
    assert _codes(out) == [
        (
            "DLK203",
            "docker-compose.yml",
            4,
            5,
            "`links` entry `redis` of `e` is only a DNS alias on the project network and an "
            "implied `depends_on`; its target `redis` is not a service of this project",
        )
    ]
    assert run_cli(["fix", "--unsafe-fixes", "."], cwd=tmp_path)[1].startswith("docker-compose")
    assert (tmp_path / "docker-compose.yml").read_text() == "services:\n e:\n  links:\n  - redis\n"


def test_scalar_depends_on_beside_links(run_cli, make_project, tmp_path: Path) -> None:
    # `depends_on: db` is one value, not a list: the fix cannot append to it
    compose = (
        "services:\n  web:\n    image: x\n    depends_on: db\n    links:\n      - db\n"
        "  db:\n    image: postgres\n"
    )
    make_project({"docker-compose.yml": compose})
    code, out, err = run_cli(["check", "--format", "json"], cwd=tmp_path)
    assert (code, err) == (0, "")  # one info finding: it does not fail the run
    [diag] = json.loads(out)
    assert (diag["code"], diag["location"]) == ("DLK203", {"row": 6, "column": 9})
    assert diag["fix"]["applicability"] == "display-only"
    assert diag["fix"]["message"].endswith(
        "(by hand: it is a single value, not a list or a mapping)"
    )
    code, _out, err = run_cli(["fix", "."], cwd=tmp_path)
    assert (code, err) == (0, "")
    assert (tmp_path / "docker-compose.yml").read_text() == compose
