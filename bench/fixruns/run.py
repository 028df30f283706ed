#!/usr/bin/env python3
"""``delink fix --unsafe-fixes`` on real public repositories of the link era (issue 7).

``bench/fixruns/manifest.json`` names repositories at pinned commits (2014–2018), the
part of each that is laid out (``paths``; the whole tree when empty) and why it is
there. The repositories' files are never committed: this script lays each snapshot out
from the git mirrors under ``/work/.mirror`` (``owner+name/repo``, bare or with
``.git``) into a directory outside the repository (``--out``, default
``/tmp/delink-fixruns``), then, in that directory:

1. ``delink check --format json .`` — the findings before;
2. ``delink fix --unsafe-fixes --diff .`` — the diff a maintainer would review, saved as
   ``<owner+name>.diff`` next to the snapshot;
3. ``delink fix --unsafe-fixes .`` on a copy, then ``delink check --format json .`` — what
   is left, by severity, and whether a second fix changes anything.

It prints one table row per repository: commit, files and lines the fix changes, the
fix classes (safe / unsafe / display-only) of the findings before, and the findings left
above info after. Reading every diff, as that repository's maintainer would, is the
reviewer's job; ``bench/fixruns/REVIEW.md`` keeps that reading.

Usage::

    python bench/fixruns/run.py                 # every repository of the manifest
    python bench/fixruns/run.py zulip/docker-zulip --out /tmp/fx
    python bench/fixruns/run.py --json          # the rows, machine-readable

Fetching is the user's job: missing mirrors are listed with the ``fetch`` call that
brings them. Exit status 0, or 2 on a usage error or a missing mirror.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
MIRROR = Path("/work/.mirror")


@dataclass
class Row:
    repo: str
    commit: str
    date: str
    files: int = 0  # files the fix changes
    added: int = 0  # diff lines
    removed: int = 0
    before: dict[str, int] = field(default_factory=dict)  # fix applicability -> findings
    left: dict[str, int] = field(default_factory=dict)  # severity -> findings after
    settled: bool = True  # a second fix changes nothing


def _git_dir(repo: str) -> Path | None:
    base = MIRROR / repo.replace("/", "+") / "repo"
    for cand in (base / ".git", base):
        if (cand / "HEAD").exists():
            return cand
    return None


def _git(gd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "--git-dir", str(gd), *args], capture_output=True, text=True, check=True
    ).stdout


def lay_out(gd: Path, commit: str, paths: list[str], into: Path) -> None:
    """The snapshot's files (``paths`` only, when given) under ``into``."""
    if into.exists():
        shutil.rmtree(into)
    into.mkdir(parents=True)
    data = subprocess.run(
        ["git", "--git-dir", str(gd), "archive", "--format=tar", commit, *paths],
        capture_output=True,
        check=True,
    ).stdout
    with tempfile.TemporaryFile() as tmp:
        tmp.write(data)
        tmp.seek(0)
        with tarfile.open(fileobj=tmp) as tar:
            tar.extractall(into, filter="data")


def _delink(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        # --no-cache: the snapshot stays as it was laid out (no .delink_cache in it)
        [sys.executable, "-m", "delink", *args[:1], "--no-cache", *args[1:]],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _findings(cwd: Path) -> list[dict[str, object]]:
    proc = _delink(cwd, "check", "--format", "json", ".")
    found: list[dict[str, object]] = json.loads(proc.stdout or "[]")
    return found


def run_one(entry: dict[str, object], out: Path) -> Row:
    repo = str(entry["repo"])
    commit = str(entry["commit"])
    gd = _git_dir(repo)
    assert gd is not None
    date = _git(gd, "log", "-1", "--format=%cs", commit).strip()
    row = Row(repo, commit[:10], date)
    name = repo.replace("/", "+")
    tree = out / name
    paths = [str(p) for p in entry.get("paths", [])]  # type: ignore[attr-defined]
    lay_out(gd, commit, paths, tree)
    for d in _findings(tree):
        fix = d.get("fix")
        kind = str(fix["applicability"]) if isinstance(fix, dict) else "none"
        row.before[kind] = row.before.get(kind, 0) + 1
    diff = _delink(tree, "fix", "--unsafe-fixes", "--diff", ".").stdout
    (out / f"{name}.diff").write_text(diff)
    for line in diff.splitlines():
        if line.startswith("+++ "):
            row.files += 1
        elif line.startswith("+") and not line.startswith("+++"):
            row.added += 1
        elif line.startswith("-") and not line.startswith("---"):
            row.removed += 1
    fixed = out / f"{name}.fixed"
    if fixed.exists():
        shutil.rmtree(fixed)
    shutil.copytree(tree, fixed)
    _delink(fixed, "fix", "--unsafe-fixes", ".")
    row.left = dict(Counter(str(d["severity"]) for d in _findings(fixed)))
    row.settled = _delink(fixed, "fix", "--unsafe-fixes", "--diff", ".").stdout == ""
    return row


def _table(rows: list[Row]) -> str:
    head = (
        "| repository | commit | date | files | +/- | findings (safe/unsafe/display/none) "
        "| left after fix (error/warning/info) | 2nd fix |\n"
        "|---|---|---|---|---|---|---|---|\n"
    )
    lines = []
    for r in rows:
        b = r.before
        before = "/".join(str(b.get(k, 0)) for k in ("safe", "unsafe", "display-only", "none"))
        left = "/".join(str(r.left.get(k, 0)) for k in ("error", "warning", "info"))
        lines.append(
            f"| {r.repo} | {r.commit} | {r.date} | {r.files} | +{r.added}/-{r.removed} "
            f"| {before} | {left} | {'no change' if r.settled else 'CHANGES'} |"
        )
    return head + "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("repos", nargs="*", help="owner/name of manifest entries (default: all)")
    ap.add_argument("--out", type=Path, default=Path("/tmp/delink-fixruns"))
    ap.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = ap.parse_args(argv)
    manifest = json.loads((HERE / "manifest.json").read_text())
    entries = [e for e in manifest["repositories"] if not args.repos or e["repo"] in args.repos]
    missing = [e["repo"] for e in entries if _git_dir(e["repo"]) is None]
    if missing:
        for repo in missing:
            print(f"missing mirror: fetch github:{repo}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    rows = [run_one(e, args.out) for e in entries]
    if args.json:
        print(json.dumps([asdict(r) for r in rows], indent=2))
    else:
        print(_table(rows), end="")
        print(f"diffs: {args.out}/<owner+name>.diff; fixed trees: {args.out}/<owner+name>.fixed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
