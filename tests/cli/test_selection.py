"""--select / --ignore / per-file-ignores."""

from __future__ import annotations

from pathlib import Path

import pytest

from delink.rule import all_rules
from delink.selection import SelectionError, per_file_ignored, selected_codes
from delink.settings import Settings


def test_default_selects_all() -> None:
    assert selected_codes(Settings()) == list(all_rules())


@pytest.mark.parametrize(
    ("select", "ignore", "expected"),
    [
        (["DLK101"], None, ["DLK101"]),
        (["parse-error"], None, ["DLK101"]),
        (["DLK10"], ["DLK103", "invalid-fix"], ["DLK101", "DLK102"]),
        (["DLK1"], ["DLK10"], []),
        # the more specific selector wins, as in ruff
        (["DLK101"], ["DLK1"], ["DLK101"]),
        (["DLK1,unreadable-file"], ["ALL"], ["DLK101", "DLK102", "DLK103", "DLK104"]),
        (["ALL"], ["DLK1"], [c for c in all_rules() if not c.startswith("DLK1")]),
        (["dlk101", " DLK102 "], None, ["DLK101", "DLK102"]),
    ],
)
def test_selectors(select: list[str], ignore: list[str] | None, expected: list[str]) -> None:
    assert selected_codes(Settings(), select, ignore) == expected


def test_command_line_replaces_config() -> None:
    s = Settings(select=["DLK101"], ignore=["DLK102"])
    assert selected_codes(s) == ["DLK101"]
    assert selected_codes(s, ["DLK102"], []) == ["DLK102"]
    assert selected_codes(s, ["DLK102"]) == ["DLK102"]  # --select starts afresh
    s = Settings(select=["DLK10"], ignore=["DLK102"])
    assert selected_codes(s, None, ["DLK103"]) == ["DLK101", "DLK104"]


def test_unknown_selector() -> None:
    with pytest.raises(
        SelectionError,
        match=r"unknown rule selector `parse-eror` in --select; "
        r"did you mean `parse-error`\?",
    ):
        selected_codes(Settings(), ["parse-eror"])
    s = Settings(select=["DLK9"], config_path=Path("/p/.delink.toml"))
    with pytest.raises(SelectionError, match=r"`DLK9` in `select` of /p/.delink.toml"):
        selected_codes(s)


def test_per_file_ignores(tmp_path: Path) -> None:
    s = Settings(
        root=tmp_path,
        per_file_ignores={
            "tests/*.sh": ["DLK101"],
            "legacy.sh": ["unreadable-file"],
            "deep/**": ["DLK1"],
        },
    )
    assert per_file_ignored(str(tmp_path / "tests/a.sh"), "DLK101", s)
    assert not per_file_ignored(str(tmp_path / "tests/a.sh"), "DLK102", s)
    assert not per_file_ignored(str(tmp_path / "x/tests/a.sh"), "DLK101", s)
    assert per_file_ignored(str(tmp_path / "x/legacy.sh"), "DLK102", s)
    assert per_file_ignored(str(tmp_path / "deep/a/b.sh"), "DLK103", s)


def test_per_file_ignores_unknown_code_is_a_usage_error() -> None:
    s = Settings(per_file_ignores={"*.sh": ["DLK777"]})
    with pytest.raises(SelectionError, match="DLK777"):
        selected_codes(s)


def test_cli_select_and_ignore(fake_rules, make_project, run_cli, tmp_path: Path) -> None:
    make_project({"run.sh": "oldlink\nPARSEFAIL\n"})
    code, out, _ = run_cli(["check", "--select", "DLK190", "--format", "json"], cwd=tmp_path)
    assert code == 1 and '"DLK101"' not in out and '"DLK190"' in out
    code, out, _ = run_cli(["check", "--select", "parse-error"], cwd=tmp_path)
    assert code == 0 and "DLK101" in out and "DLK190" not in out  # info alone exits 0
    code, out, _ = run_cli(["check", "--ignore", "DLK1"], cwd=tmp_path)
    assert code == 0 and out == "All checks passed!\n"
    code, out, _ = run_cli(["check", "--ignore", "DLK101", "--ignore", "DLK190"], cwd=tmp_path)
    assert code == 0
    code, out, err = run_cli(["check", "--select", "DLK3O1"], cwd=tmp_path)
    assert code == 2 and "did you mean `DLK301`?" in err and out == ""
