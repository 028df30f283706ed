"""Discovery's display paths are relpath's, computed from the walk root once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from delink.discover import _displayer, _walk, discover, display_path
from delink.settings import Settings


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for rel in ("a/b/c.sh", "a/d.py", "e.txt", "a/b/f/g.yml"):
        (tmp_path / "proj" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "proj" / rel).write_text("x\n")
    return tmp_path / "proj"


@pytest.mark.parametrize("cwd", ["..", ".", "a", "a/b", "../.."])
@pytest.mark.parametrize("form", ["relative", "absolute", "slash", "dot"])
def test_display_paths_are_relpaths(
    tree: Path, cwd: str, form: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tree / cwd)
    top = os.path.relpath(tree)
    top = {"relative": top, "absolute": str(tree), "slash": top + "/", "dot": "./" + top}[form]
    display = _displayer(top)
    dirs = [dirpath for dirpath, _, _ in _walk(top, [])]
    assert len(dirs) == 4
    assert [display(d) for d in dirs] == [display_path(d) for d in dirs]
    # and the files discovery yields are under those display paths
    found = [f.path for f in discover([top], Settings())]
    assert sorted(os.path.abspath(p) for p in found) == sorted(
        str(p) for p in tree.rglob("*") if p.is_file()
    )


@pytest.mark.parametrize("respect_gitignore", [True, False])
def test_the_cache_is_never_walked(tree: Path, respect_gitignore: bool) -> None:
    cache = tree / ".delink_cache"
    (cache / "v1-abc").mkdir(parents=True)
    (cache / ".gitignore").write_text("*\n")
    (cache / "v1-abc" / "00.json").write_text('{"links": ["db:db"]}\n')
    found = {
        os.path.relpath(f.path, tree)
        for f in discover([str(tree)], Settings(respect_gitignore=respect_gitignore))
    }
    assert found == {"a/b/c.sh", "a/d.py", "e.txt", "a/b/f/g.yml"}
