#!/usr/bin/env python3
"""Recall and precision of ``delink check`` on real public files (issue 8).

``bench/realworld/manifest.json`` names real files of public repositories (repo, commit,
path) and, line by line, what a perfect linter reports on each: every link (the line of
the ``--link`` token, each Compose ``links``/``external_links`` entry, each SDK
``links=``), every link env read, every hand-set link-shaped variable (shim), every link
removal. The files themselves are never committed: this script lays them out from the
git snapshots under ``/work/.mirror`` (``owner+name/repo``, bare or with ``.git``) into a
directory outside the repository, runs the installed ``delink check --format json`` once
per repository snapshot, and matches the findings to the expected lines.

Scoring, per file: a finding counts once per (line, category); categories are ``link``,
``env`` (a read of a link env var), ``shim`` (a link-shaped variable set by hand) and
``removal`` (``docker rm --link``, ``remove_container(link=True)``). Meta findings
(DLK1xx, DLK201, which points at a file's first service) are not scored. A finding on an
expected (line, category) is a hit; an expected line with no such finding is a miss; a
finding on neither an expected nor an optional line is a false positive.

Usage::

    python bench/realworld.py                       # the tune split (default)
    python bench/realworld.py --split holdout       # only for the final table
    python bench/realworld.py --split holdout2      # the second, fresh held-out split
    python bench/realworld.py --split visible       # ../shared/corpus/visible-manifest.json
    python bench/realworld.py --kind shell --json   # one file kind, machine-readable

Fetching is the user's job: the script lists the repositories missing from the mirror
and the ``fetch`` calls that bring them. Exit status 0, or 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "realworld" / "manifest.json"
# The splits of bench/realworld/manifest.json; "visible" is the shared manifest, "all" is
# every one of them. Nobody tunes on holdout or holdout2 (see the manifest's "about").
MANIFEST_SPLITS = ("tune", "holdout", "holdout2")
SPLITS = (*MANIFEST_SPLITS, "visible", "all")
VISIBLE_CANDIDATES = (
    HERE.parent.parent / "shared" / "corpus" / "visible-manifest.json",
    Path("/work/shared/corpus/visible-manifest.json"),
)
DEFAULT_MIRROR = Path(os.environ.get("DELINK_MIRROR", "/work/.mirror"))
DEFAULT_OUT = Path(os.environ.get("TMPDIR", "/tmp")) / "delink-realworld"
CATEGORIES = ("link", "env", "shim", "removal")
FILE_KINDS = ("shell", "compose", "sdk", "env")
# Neighbours of a manifest file that are laid out beside it: every file of its directory
# (Compose override files, .env, a Dockerfile and its build context, an entrypoint) up to
# this many, and none larger than this.
MAX_NEIGHBOURS = 400
MAX_NEIGHBOUR_BYTES = 2_000_000

CODE_CATEGORY: dict[str, str] = {}
for _code in ("202", "203", "204", "205", "206", "207", "208", "209", "210"):
    CODE_CATEGORY["DLK" + _code] = "link"
for _code in ("301", "302", "303", "304", "305", "306", "308", "309", "310"):
    CODE_CATEGORY["DLK" + _code] = "link"
for _code in ("401", "402", "403", "404", "405"):
    CODE_CATEGORY["DLK" + _code] = "link"
CODE_CATEGORY.update(DLK307="removal", DLK406="removal", DLK503="shim")
CODE_CATEGORY.update(DLK501="env", DLK502="env", DLK504="env")

LINE_TEXT = re.compile(r"^\s*line\s+(\d+)\s*:\s*(.*)$", re.S)


def category_of_code(code: str) -> str | None:
    """The scored category of a diagnostic code, or None for meta findings."""
    return CODE_CATEGORY.get(code)


def category_of_text(text: str) -> str:
    """The category of a free-text expectation (the visible manifest's style)."""
    if re.search(r"remove_container|rm --link|rm -l\b|removes? a legacy link|link removal", text):
        return "removal"
    if re.search(r"\bshim\b|sets link-style|set by hand", text):
        return "shim"
    if re.match(r"(reads|checks link env|read of)\b", text) or "reads all link variables" in text:
        return "env"
    if re.search(r"--link|-link\b|links entry|links=|link spec", text):
        return "link"
    if re.search(r"_PORT_\d+_(TCP|UDP)|_ENV_[A-Z]", text):
        return "env"
    return "link"


@dataclass(frozen=True)
class Expect:
    line: int
    category: str
    text: str


def parse_expect(item: Any) -> Expect:
    """One expected (or optional) finding: an object or a ``"line N: text"`` string."""
    if isinstance(item, str):
        m = LINE_TEXT.match(item)
        if not m:
            raise ValueError(f"expected 'line N: text', got {item!r}")
        text = m.group(2).strip()
        return Expect(int(m.group(1)), category_of_text(text), text)
    if isinstance(item, Mapping):
        category = str(item["kind"])
        if category not in CATEGORIES and category != "hostname":
            raise ValueError(f"unknown finding kind {category!r} in {item!r}")
        return Expect(int(item["line"]), category, str(item.get("text", "")))
    raise ValueError(f"cannot read expectation {item!r}")


@dataclass
class Entry:
    repo: str
    commit: str
    path: str
    kind: str
    split: str
    expected: list[Expect]
    optional: list[Expect]
    negative: bool
    what: str = ""

    @property
    def group(self) -> tuple[str, str]:
        return (self.repo, self.commit)


def load_entries(data: Mapping[str, Any], split: str | None = None) -> list[Entry]:
    """The files of a manifest; entries without a split get ``split`` (the visible one)."""
    out = []
    for raw in data["files"]:
        out.append(
            Entry(
                repo=raw["repo"],
                commit=raw["commit"],
                path=raw["path"],
                kind=raw["kind"],
                split=raw.get("split", split or "visible"),
                expected=[parse_expect(x) for x in raw.get("expected", [])],
                optional=[parse_expect(x) for x in raw.get("optional", [])],
                negative=bool(raw.get("negative_control", False)),
                what=raw.get("what", ""),
            )
        )
    return out


@dataclass(frozen=True)
class Found:
    line: int
    category: str
    code: str
    message: str


def findings_by_file(diagnostics: Iterable[Mapping[str, Any]]) -> dict[str, list[Found]]:
    """Scored findings of ``delink check --format json``, by file name as delink printed it."""
    out: dict[str, list[Found]] = defaultdict(list)
    for d in diagnostics:
        category = category_of_code(str(d.get("code", "")))
        if category is None:
            continue
        row = int(d["location"]["row"])
        out[str(d["filename"])].append(Found(row, category, d["code"], str(d.get("message", ""))))
    return out


@dataclass
class FileScore:
    entry: Entry
    hits: list[Expect] = field(default_factory=list)
    misses: list[Expect] = field(default_factory=list)
    false_positives: list[Found] = field(default_factory=list)
    # hostname dependants are annotated (as optional) but no rule reports them yet


def score_file(entry: Entry, found: Sequence[Found]) -> FileScore:
    """Match one file's findings to its expectations, one count per (line, category)."""
    score = FileScore(entry)
    expected = {(e.line, e.category): e for e in entry.expected if e.category in CATEGORIES}
    optional = {(e.line, e.category) for e in entry.optional}
    seen: dict[tuple[int, str], Found] = {}
    for f in found:
        seen.setdefault((f.line, f.category), f)
    for key, e in sorted(expected.items()):
        (score.hits if key in seen else score.misses).append(e)
    for key, f in sorted(seen.items()):
        if key not in expected and key not in optional:
            score.false_positives.append(f)
    return score


@dataclass
class Tally:
    hits: int = 0
    misses: int = 0
    fps: int = 0
    files: int = 0
    repos: set[str] = field(default_factory=set)

    def add(self, hits: int, misses: int, fps: int) -> None:
        self.hits += hits
        self.misses += misses
        self.fps += fps

    @property
    def recall(self) -> float | None:
        n = self.hits + self.misses
        return self.hits / n if n else None

    @property
    def precision(self) -> float | None:
        n = self.hits + self.fps
        return self.hits / n if n else None


def tally(scores: Iterable[FileScore]) -> dict[str, dict[str, Tally]]:
    """Totals by file kind and by finding category (``all`` for both)."""
    by_kind: dict[str, Tally] = defaultdict(Tally)
    by_category: dict[str, Tally] = defaultdict(Tally)
    for s in scores:
        for name in (s.entry.kind, "all"):
            t = by_kind[name]
            t.add(len(s.hits), len(s.misses), len(s.false_positives))
            t.files += 1
            t.repos.add(s.entry.repo)
        if s.entry.negative:
            t = by_kind["negative"]
            t.add(0, 0, len(s.false_positives))
            t.files += 1
            t.repos.add(s.entry.repo)
        for category in CATEGORIES:
            t = by_category[category]
            t.add(
                sum(e.category == category for e in s.hits),
                sum(e.category == category for e in s.misses),
                sum(f.category == category for f in s.false_positives),
            )
    return {"kind": dict(by_kind), "category": dict(by_category)}


# --- laying the files out ----------------------------------------------------------------


def git_dir(mirror: Path, repo: str) -> Path | None:
    base = mirror / repo.replace("/", "+") / "repo"
    for candidate in (base / ".git", base):
        if (candidate / "HEAD").is_file() and (candidate / "objects").is_dir():
            return candidate
    return None


def git(gdir: Path, *args: str) -> bytes:
    return subprocess.run(
        ["git", f"--git-dir={gdir}", *args], check=True, capture_output=True
    ).stdout


def has_commit(gdir: Path, commit: str) -> bool:
    r = subprocess.run(
        ["git", f"--git-dir={gdir}", "cat-file", "-e", f"{commit}^{{commit}}"],
        capture_output=True,
    )
    return r.returncode == 0


def group_dir_name(repo: str, commit: str) -> str:
    return f"{repo.replace('/', '+')}@{commit[:12]}"


def tree_files(gdir: Path, commit: str, directory: str) -> list[tuple[str, int]]:
    """(path, size) of the blobs directly in ``directory`` at ``commit``."""
    spec = f"{commit}:{directory}" if directory else f"{commit}:"
    try:
        raw = git(gdir, "ls-tree", "-l", "-z", spec)
    except subprocess.CalledProcessError:
        return []
    out = []
    for rec in raw.split(b"\0"):
        if not rec:
            continue
        meta, _, name = rec.partition(b"\t")
        parts = meta.split()
        if len(parts) < 4 or parts[1] != b"blob" or parts[0] == b"120000":
            continue
        size = int(parts[3]) if parts[3].isdigit() else 0
        rel = name.decode("utf-8", "surrogateescape")
        out.append((f"{directory}/{rel}" if directory else rel, size))
    return out


def lay_out_group(gdir: Path, commit: str, paths: Sequence[str], dest: Path) -> list[str]:
    """Write the manifest files and their neighbours; return the manifest paths not found."""
    wanted: dict[str, bool] = {p: True for p in paths}
    for p in paths:
        siblings = tree_files(gdir, commit, os.path.dirname(p))
        for rel, size in siblings[:MAX_NEIGHBOURS]:
            if size <= MAX_NEIGHBOUR_BYTES:
                wanted.setdefault(rel, False)
    missing = []
    for rel, required in wanted.items():
        try:
            blob = git(gdir, "show", f"{commit}:{rel}")
        except subprocess.CalledProcessError:
            if required:
                missing.append(rel)
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(blob)
    return missing


def run_delink(delink: Sequence[str], root: Path) -> list[dict[str, Any]]:
    r = subprocess.run(
        [*delink, "check", "--format", "json", "--no-gitignore", "."],
        cwd=root,
        capture_output=True,
        text=True,
    )
    if r.returncode not in (0, 1):
        raise RuntimeError(f"delink exited {r.returncode} in {root}: {r.stderr.strip()[-2000:]}")
    data: list[dict[str, Any]] = json.loads(r.stdout or "[]")
    return data


def default_delink() -> list[str]:
    beside = Path(sys.executable).parent / "delink"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("delink")
    return [found] if found else [sys.executable, "-m", "delink"]


@dataclass
class Run:
    scores: list[FileScore]
    missing_repos: list[str]
    missing_commits: list[tuple[str, str]]
    missing_files: list[tuple[str, str, str]]
    errors: list[str]


def evaluate(
    entries: Sequence[Entry], mirror: Path, out: Path, delink: Sequence[str], jobs: int = 2
) -> Run:
    groups: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for e in entries:
        groups[e.group].append(e)
    run = Run([], [], [], [], [])
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    ready: list[tuple[tuple[str, str], Path]] = []
    for (repo, commit), members in sorted(groups.items()):
        gdir = git_dir(mirror, repo)
        if gdir is None:
            if repo not in run.missing_repos:
                run.missing_repos.append(repo)
            continue
        if not has_commit(gdir, commit):
            run.missing_commits.append((repo, commit))
            continue
        dest = out / group_dir_name(repo, commit)
        missing = lay_out_group(gdir, commit, [m.path for m in members], dest)
        run.missing_files.extend((repo, commit, p) for p in missing)
        ready.append(((repo, commit), dest))

    def check(item: tuple[tuple[str, str], Path]) -> tuple[tuple[str, str], Any]:
        key, dest = item
        try:
            return key, run_delink(delink, dest)
        except (RuntimeError, json.JSONDecodeError) as exc:
            return key, exc

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        results = dict(pool.map(check, ready))
    for key, result in sorted(results.items()):
        if isinstance(result, Exception):
            run.errors.append(f"{key[0]}@{key[1][:12]}: {result}")
            continue
        by_file = findings_by_file(result)
        for e in groups[key]:
            if (e.repo, e.commit, e.path) in set(run.missing_files):
                continue
            found = by_file.get(e.path, []) or by_file.get("./" + e.path, [])
            run.scores.append(score_file(e, found))
    return run


# --- reporting -------------------------------------------------------------------------


def pct(x: float | None) -> str:
    return "   -  " if x is None else f"{100 * x:5.1f}%"


def table(scores: Sequence[FileScore]) -> list[str]:
    t = tally(scores)
    lines = [
        f"{'':10} {'files':>5} {'repos':>5} {'hits':>5} {'miss':>5} {'fp':>5}  recall  precis."
    ]
    for name in (*FILE_KINDS, "negative", "all"):
        row = t["kind"].get(name)
        if row is None:
            continue
        lines.append(
            f"{name:10} {row.files:5} {len(row.repos):5} {row.hits:5} {row.misses:5} {row.fps:5}"
            f"  {pct(row.recall)}  {pct(row.precision)}"
        )
    lines.append("by finding kind:")
    for name in CATEGORIES:
        row = t["category"].get(name)
        if row is None or row.hits + row.misses + row.fps == 0:
            continue
        lines.append(
            f"  {name:8} {'':11} {row.hits:5} {row.misses:5} {row.fps:5}"
            f"  {pct(row.recall)}  {pct(row.precision)}"
        )
    return lines


def as_json(run: Run) -> dict[str, Any]:
    def rows(group: Mapping[str, Tally]) -> dict[str, Any]:
        return {
            k: {
                "files": v.files,
                "repos": len(v.repos),
                "hits": v.hits,
                "misses": v.misses,
                "false_positives": v.fps,
                "recall": v.recall,
                "precision": v.precision,
            }
            for k, v in sorted(group.items())
        }

    per_split: dict[str, Any] = {}
    for split in sorted({s.entry.split for s in run.scores}):
        t = tally(s for s in run.scores if s.entry.split == split)
        per_split[split] = {"kind": rows(t["kind"]), "category": rows(t["category"])}
    return {
        "splits": per_split,
        "misses": [
            {
                "repo": s.entry.repo,
                "path": s.entry.path,
                "kind": s.entry.kind,
                "line": e.line,
                "category": e.category,
                "text": e.text,
            }
            for s in run.scores
            for e in s.misses
        ],
        "false_positives": [
            {
                "repo": s.entry.repo,
                "path": s.entry.path,
                "kind": s.entry.kind,
                "line": f.line,
                "category": f.category,
                "code": f.code,
                "message": f.message,
            }
            for s in run.scores
            for f in s.false_positives
        ],
        "missing_repos": run.missing_repos,
        "missing_commits": [list(x) for x in run.missing_commits],
        "missing_files": [list(x) for x in run.missing_files],
        "errors": run.errors,
    }


def report(run: Run, show_details: bool = True) -> Iterator[str]:
    if run.missing_repos:
        n = len(run.missing_repos)
        yield f"{n} repositories are not in the mirror; their files are skipped."
        yield "Bring them with the search tool's fetch, one call each:"
        for repo in run.missing_repos:
            yield f"  fetch github:{repo}"
    for repo, commit in run.missing_commits:
        yield f"commit {commit} is not in the snapshot of {repo}: fetch it again (newer snapshot)"
    for repo, commit, path in run.missing_files:
        yield f"no file {path} at {repo}@{commit[:12]}"
    for err in run.errors:
        yield f"error: {err}"
    for split in sorted({s.entry.split for s in run.scores}):
        yield ""
        yield f"== split {split}"
        yield from table([s for s in run.scores if s.entry.split == split])
    if not show_details:
        return
    misses = [(s, e) for s in run.scores for e in s.misses]
    fps = [(s, f) for s in run.scores for f in s.false_positives]
    if misses:
        yield ""
        yield f"misses ({len(misses)}):"
        for s, e in misses:
            where = f"{s.entry.repo}:{s.entry.path}:{e.line}"
            yield f"  [{s.entry.kind}] {where} {e.category}: {e.text}"
    if fps:
        yield ""
        yield f"false positives ({len(fps)}):"
        for s, f in fps:
            yield (
                f"  [{s.entry.kind}] {s.entry.repo}:{s.entry.path}:{f.line} {f.category}"
                f" {f.code}: {f.message[:120]}"
            )


def select_entries(
    split: str, kind: str | None, manifest: Path, visible: Path | None = None
) -> list[Entry]:
    """The files of one split (``all``: every split, the visible one too if given)."""
    entries: list[Entry] = []
    if split in (*MANIFEST_SPLITS, "all"):
        entries += load_entries(json.loads(manifest.read_text(encoding="utf-8")))
    if split in ("visible", "all") and visible is not None:
        entries += load_entries(json.loads(visible.read_text(encoding="utf-8")), "visible")
    if split != "all":
        entries = [e for e in entries if e.split == split]
    if kind:
        entries = [e for e in entries if e.kind == kind]
    return entries


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--split", choices=SPLITS, default="tune")
    ap.add_argument("--kind", choices=FILE_KINDS, help="only files of this kind")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--manifest", type=Path, default=MANIFEST)
    ap.add_argument("--visible-manifest", type=Path, help="the visible split's manifest")
    ap.add_argument("--mirror", type=Path, default=DEFAULT_MIRROR, help="git snapshots")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where files are laid out")
    ap.add_argument("--delink", help="the delink command to run (default: the installed one)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--summary", action="store_true", help="tables only, no misses or FPs")
    args = ap.parse_args(argv)

    out = args.out.resolve()
    here = HERE.parent.resolve()
    if out == here or here in out.parents:
        ap.error("--out must be outside the repository: third-party files are never committed")

    visible = None
    if args.split in ("visible", "all"):
        visible = args.visible_manifest or next((p for p in VISIBLE_CANDIDATES if p.exists()), None)
        if visible is None:
            ap.error("no visible manifest found: give --visible-manifest")
    entries = select_entries(args.split, args.kind, args.manifest, visible)
    if not entries:
        ap.error("no files selected")

    delink = args.delink.split() if args.delink else default_delink()
    run = evaluate(entries, args.mirror, out, delink, args.jobs)
    if args.json:
        print(json.dumps(as_json(run), indent=1))
    else:
        for line in report(run, show_details=not args.summary):
            print(line)
        print(f"\nfiles laid out under {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
