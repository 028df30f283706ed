#!/usr/bin/env python3
"""Which byte needles would let positional SDK links through the Python prefilter?

A docker SDK call can pass links positionally, with no "link" text in the file:
``cli.start(c, None, None, None, False, {'db': 'db'})`` (``links`` is the sixth
parameter of the low-level ``start``), ``create_host_config(b, p, l, a, {'db': 'db'})``,
``EndpointConfig(version, aliases, links)``, ``connect_container_to_network(c, n, a4, a6,
aliases, links)``, ``network.connect(c, a4, a6, aliases, links)``. The Python source reads
them (``delink/sources/python/sdk/args.py``), but the prefilter never lets such a file
through. This script measures, over real Python files, how many files each candidate
needle would add to the parsed ones and how many of those hold a link the source reads.

Files: every ``*.py`` at HEAD of each git repository under ``--mirror`` (default
``/work/.mirror``: snapshots of public repositories, most of them about docker, so the
rates are an upper bound for an ordinary project) plus every ``*.py`` under each
``--dir`` (a virtualenv's site-packages is a sample of ordinary Python).

Usage: ``python bench/prefilter_needles.py [--mirror DIR] [--dir DIR ...]``. Prints the
figures; exit 0 always.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from delink import prefilter, sources
from delink.settings import Settings
from delink.text import DecodeError, SourceText

# the SDK names whose positional parameters include links, and that nothing but the
# docker SDK spells
SDK_NAMES = prefilter._SDK_POSITIONAL_NAMES
GENERIC = (b".start(", b".connect(")  # links as the 6th / 5th argument


def _docker(data: bytes) -> bool:
    return any(w in data for w in prefilter._DOCKER_WORDS)


NEEDLES: dict[str, Callable[[bytes], bool]] = {
    "docker": lambda d: b"docker" in d,
    "SDK names": lambda d: any(n in d for n in SDK_NAMES),
    "SDK names | docker & (.start( | .connect()": lambda d: (
        any(n in d for n in SDK_NAMES) or (_docker(d) and any(n in d for n in GENERIC))
    ),
    # what delink uses: the calls must also have enough arguments to reach links
    "delink.prefilter.positional_links": prefilter.positional_links,
}


def _git_files(git_dir: Path) -> Iterator[tuple[str, bytes]]:
    listing = subprocess.run(
        ["git", "--git-dir", str(git_dir), "ls-tree", "-r", "-z", "HEAD"],
        capture_output=True,
        check=False,
    ).stdout
    blobs = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == b"blob" and name.endswith(b".py"):
            blobs.append((name.decode("utf-8", "replace"), parts[2].decode()))
    if not blobs:
        return
    proc = subprocess.run(
        ["git", "--git-dir", str(git_dir), "cat-file", "--batch"],
        input=b"".join(sha.encode() + b"\n" for _, sha in blobs),
        capture_output=True,
        check=False,
    )
    out = proc.stdout
    at = 0
    for name, _ in blobs:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        size = int(header[2]) if len(header) == 3 else 0
        yield name, out[end + 1 : end + 1 + size]
        at = end + 1 + size + 1


def corpus(mirror: Path | None, dirs: list[Path]) -> Iterator[tuple[str, str, bytes]]:
    """(corpus, name, bytes) of every Python file."""
    if mirror is not None and mirror.is_dir():
        for repo in sorted(mirror.iterdir()):
            git_dir = repo / "repo" / ".git"
            if not git_dir.is_dir():
                git_dir = repo / ".git" if (repo / ".git").is_dir() else repo
            for name, data in _git_files(git_dir):
                yield "mirror", f"{repo.name}:{name}", data
    for top in dirs:
        for root, _, names in os.walk(top):
            for n in names:
                if n.endswith(".py"):
                    path = os.path.join(root, n)
                    try:
                        data = Path(path).read_bytes()
                    except OSError:
                        continue
                    yield "dir", path, data


def links_read(name: str, data: bytes, ctx: sources.Context) -> int:
    """Links and link removals the Python source reads in the file."""
    source = sources.load("python")
    assert source is not None
    try:
        src = SourceText.from_bytes(name, data)
        facts = source.extract(src, ctx)
    except (DecodeError, RecursionError, MemoryError, ValueError):
        return 0
    return len(facts.links) + len(facts.removals)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    ap.add_argument("--dir", type=Path, action="append", default=[])
    args = ap.parse_args()
    ctx = sources.Context(Settings(root=Path.cwd()))
    total: dict[str, int] = {}
    candidates: dict[str, int] = {}
    added: dict[tuple[str, str], int] = {}
    found: dict[tuple[str, str], list[str]] = {}
    parse_s: dict[tuple[str, str], float] = {}
    missed: list[str] = []  # non-candidates in which the source reads a link
    chosen = prefilter.positional_links
    prefilter.positional_links = lambda data: False  # the prefilter without it
    for kind, name, data in corpus(args.mirror, args.dir):
        total[kind] = total.get(kind, 0) + 1
        if prefilter.is_candidate(data, "python"):
            candidates[kind] = candidates.get(kind, 0) + 1
            continue
        hits = [label for label, needle in NEEDLES.items() if needle(data)]
        if not hits:
            continue
        start = time.perf_counter()
        n = links_read(name, data, ctx)
        spent = time.perf_counter() - start
        if n:
            missed.append(name)
        for label in hits:
            added[kind, label] = added.get((kind, label), 0) + 1
            parse_s[kind, label] = parse_s.get((kind, label), 0.0) + spent
            if n:
                found.setdefault((kind, label), []).append(name)
    for kind in total:
        n = total[kind]
        c = candidates.get(kind, 0)
        print(
            f"{kind}: {n} Python files, {c} candidates without the positional needles "
            f"({100 * c / n:.1f}%)"
        )
        for label in NEEDLES:
            a = added.get((kind, label), 0)
            hit = found.get((kind, label), [])
            print(
                f"  + {label:42} {a:5} more files ({100 * a / n:5.1f}%), "
                f"{parse_s.get((kind, label), 0.0):6.1f} s to parse them, "
                f"{len(hit)} with a link the source reads"
            )
    prefilter.positional_links = chosen
    print(f"files with a link that only these needles let through: {len(missed)}")
    for name in missed[:40]:
        print(f"  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
