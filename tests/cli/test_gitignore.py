"""gitignore semantics: a table of (patterns, path, is_dir, ignored)."""

from __future__ import annotations

from pathlib import Path

import pytest

from delink.gitignore import IgnoreMatcher, PatternSet
from delink.settings import Settings

CASES = [
    # plain names match at any depth
    ("*.log", "a.log", False, True),
    ("*.log", "x/y/a.log", False, True),
    ("*.log", "a.logx", False, False),
    ("*.tar.gz", "a.tar.gz", False, True),
    ("*.tar.gz", "x/.tar.gz", False, True),
    ("*.tar.gz", "a.gz", False, False),
    ("*x.log", "ax.log", False, True),
    ("*x.log", "a.log", False, False),
    ("*.", "a.", False, True),
    ("*.log", "log", False, False),
    ("*.log\n!*.log", "a.log", False, False),
    ("*.log\n!a.*", "a.log", False, False),
    ("!a.*\n*.log", "a.log", False, True),
    ("build", "build", True, True),
    ("build", "src/build", False, True),
    # trailing slash: directories only
    ("build/", "build", True, True),
    ("build/", "build", False, False),
    ("build/", "src/build", True, True),
    # anchored
    ("/build", "build", True, True),
    ("/build", "src/build", True, False),
    ("doc/frotz", "doc/frotz", True, True),
    ("doc/frotz", "a/doc/frotz", True, False),
    ("doc/*.txt", "doc/x.txt", False, True),
    ("doc/*.txt", "doc/sub/x.txt", False, False),
    # ** forms
    ("**/foo", "foo", False, True),
    ("**/foo", "a/b/foo", False, True),
    ("**/foo/bar", "a/foo/bar", False, True),
    ("abc/**", "abc/x/y", False, True),
    ("abc/**", "abc", True, False),
    ("a/**/b", "a/b", False, True),
    ("a/**/b", "a/x/y/b", False, True),
    ("a/**/b", "a/xb", False, False),
    ("a**b", "axxb", False, True),
    ("a**b", "ax/xb", False, False),
    # ? and [...]
    ("?.sh", "a.sh", False, True),
    ("?.sh", "ab.sh", False, False),
    ("[ab].sh", "a.sh", False, True),
    ("[ab].sh", "c.sh", False, False),
    ("[!ab].sh", "c.sh", False, True),
    ("[!ab].sh", "a.sh", False, False),
    ("[a-c]x", "bx", False, True),
    ("[a-c]x", "dx", False, False),
    ("a?b", "a/b", False, False),
    ("a*b", "a/b", False, False),
    # escapes, comments, trailing spaces
    ("\\#x", "#x", False, True),
    ("#x", "#x", False, False),
    ("\\!x", "!x", False, True),
    ("x   ", "x", False, True),
    ("x\\ ", "x ", False, True),
    ("x\\ ", "x", False, False),
    ("\\*", "*", False, True),
    ("\\*", "a", False, False),
    # negation: last match wins
    ("*.log\n!keep.log", "keep.log", False, False),
    ("*.log\n!keep.log", "other.log", False, True),
    ("!keep.log\n*.log", "keep.log", False, True),
    ("", "anything", False, False),
    ("# only a comment", "anything", False, False),
]


@pytest.mark.parametrize(("patterns", "path", "is_dir", "ignored"), CASES)
def test_pattern_table(patterns: str, path: str, is_dir: bool, ignored: bool) -> None:
    verdict = PatternSet.from_text("/", patterns).match(path, is_dir)
    assert bool(verdict) is ignored


def _walk(root: Path, settings: Settings) -> list[str]:
    import os

    from delink.discover import discover

    old = os.getcwd()
    os.chdir(root)
    try:
        return sorted(f.path for f in discover(["."], settings))
    finally:
        os.chdir(old)


def test_nested_gitignore_overrides_parent(make_project, tmp_path: Path) -> None:
    make_project(
        {
            ".gitignore": "*.sh\n",
            "a.sh": "",
            "sub/.gitignore": "!keep.sh\n",
            "sub/keep.sh": "",
            "sub/drop.sh": "",
            "sub/deeper/keep.sh": "",
        }
    )
    found = _walk(tmp_path, Settings(root=tmp_path))
    assert found == [".gitignore", "sub/.gitignore", "sub/deeper/keep.sh", "sub/keep.sh"]


def test_ignored_directory_is_pruned(make_project, tmp_path: Path) -> None:
    make_project({".gitignore": "out/\n!out/x.sh\n", "out/x.sh": "", "ok.sh": ""})
    # git cannot re-include a file in an excluded directory
    assert _walk(tmp_path, Settings(root=tmp_path)) == [".gitignore", "ok.sh"]


def test_git_info_exclude_and_parent_gitignore(make_project, tmp_path: Path) -> None:
    make_project(
        {
            ".git/info/exclude": "secret.sh\n",
            ".gitignore": "gen/\n",
            "proj/secret.sh": "",
            "proj/gen/a.sh": "",
            "proj/ok.sh": "",
        }
    )
    # checking proj/ from inside the repository still honours the parent files
    assert _walk(tmp_path / "proj", Settings(root=tmp_path)) == ["ok.sh"]


def test_no_git_root_stops_at_the_walk_root(make_project, tmp_path: Path) -> None:
    make_project({".gitignore": "*.sh\n", "proj/a.sh": ""})
    assert _walk(tmp_path / "proj", Settings(root=tmp_path)) == ["a.sh"]


def test_respect_gitignore_off_keeps_exclude(make_project, tmp_path: Path) -> None:
    make_project({".gitignore": "a.sh\n", "a.sh": "", "b.sh": "", "vendor/c.sh": ""})
    settings = Settings(root=tmp_path, exclude=["vendor/", "b.sh"], respect_gitignore=False)
    assert _walk(tmp_path, settings) == [".gitignore", "a.sh"]


def test_exclude_is_relative_to_the_config(make_project, tmp_path: Path) -> None:
    make_project({"x/gen/a.sh": "", "gen/b.sh": ""})
    settings = Settings(root=tmp_path, exclude=["/gen"])
    assert _walk(tmp_path, settings) == ["x/gen/a.sh"]


def test_matcher_loads_gitignore_lazily(make_project, tmp_path: Path) -> None:
    make_project({"d/.gitignore": "x\n"})
    m = IgnoreMatcher(str(tmp_path))
    assert m.ignored(str(tmp_path / "d" / "x"), is_dir=True)
    assert not m.ignored(str(tmp_path / "x"), is_dir=True)


def test_many_files_fast(make_project, tmp_path: Path) -> None:
    import time

    make_project({".gitignore": "\n".join(f"pat{i}*/" for i in range(50)) + "\n*.tmp\n"})
    m = IgnoreMatcher(str(tmp_path))
    paths = [str(tmp_path / f"d{i % 20}" / f"f{i}.sh") for i in range(10_000)]
    start = time.perf_counter()
    assert not any(m.ignored(p, is_dir=False) for p in paths)
    assert time.perf_counter() - start < 1.0


def test_extension_globs_are_bucketed() -> None:
    """200,000 ``*.ext`` lines: no alternation of them all, one bucket per extension."""
    text = "".join(f"*.tmp{i}\n!keep.tmp{i}\n" for i in range(100_000))
    ps = PatternSet.from_text("/", text)
    assert ps._dirs is None and ps._files is None  # every line is in a bucket
    assert ps.match("a/b.tmp5", False) is True
    assert ps.match("keep.tmp5", False) is False
    assert ps.match("b.tmp5x", False) is None
    assert len(ps._one) == 2  # only the lines of the paths asked about were compiled
