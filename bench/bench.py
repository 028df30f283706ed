#!/usr/bin/env python3
"""Benchmark: ``delink check`` over a synthetic tree against ``grep -rlE``.

Builds a tree of 10,000 files (shell, Python, Compose, Markdown, JavaScript, configs)
with legacy links and link env reads planted in 1% of them, plus the usual noise
(``symlink``, ``<link rel=…>``, ``DB_PORT=5432``), then reports:

- wall time of ``delink check TREE`` (best of N) and of ``grep -rlE PATTERN TREE``
  (best of N) and their ratio (target: within 2x);
- wall time of ``delink check`` on one small file (target: under 150 ms);
- peak RSS of the ``delink check`` process over the tree (target: under 150 MB).

Usage: ``python bench/bench.py [--files 10000] [--runs 3] [--keep DIR]``.
Exit status 0 always; it prints figures, it does not judge them (``--strict`` makes
missed targets exit 1).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GREP_PATTERN = r"--link|-link |links:|links=|link=True|_PORT_[0-9]+_(TCP|UDP)|_ENV_[A-Z]"

SHELL_PLAIN = """#!/bin/sh
set -eu
# build and publish the {name} artefacts
cd "$(dirname "$0")/.."
VERSION="${{VERSION:-{n}.0.0}}"
for target in build test package; do
  echo "==> $target {name}"
  make "$target" VERSION="$VERSION"
done
if [ -n "${{CI:-}}" ]; then
  docker build -t example/{name}:"$VERSION" .
  docker push example/{name}:"$VERSION"
fi
ln -sf "dist/{name}-$VERSION.tar.gz" latest.tar.gz   # not a symlink problem
"""
SHELL_LINKED = """#!/bin/sh
set -eu
docker run -d --name {name}-db -e POSTGRES_PASSWORD=example postgres:16
docker run -d --name {name}-web \\
  --link {name}-db:db \\
  -p 8080:80 example/{name}
docker run --rm --link {name}-db:db postgres:16 \\
  sh -c 'pg_isready -h "$DB_PORT_5432_TCP_ADDR" -p "$DB_PORT_5432_TCP_PORT"'
"""
PY_PLAIN = '''"""Module {name}."""
import os
import json

DB_PORT = int(os.environ.get("DB_PORT", "5432"))


class {cls}:
    def __init__(self, path):
        self.path = path
        self.items = []

    def load(self):
        with open(self.path) as fh:
            self.items = json.load(fh)
        return [item for item in self.items if item.get("linked")]

    def render(self, links=None):
        return {{"data": self.items, "links": links or {{}}}}
'''
PY_LINKED = """import os
import docker

client = docker.from_env()
db = client.containers.run("postgres:16", name="{name}-db", detach=True)
web = client.containers.run("example/{name}", links={{"{name}-db": "db"}}, detach=True)
HOST = os.environ["DB_PORT_5432_TCP_ADDR"]
"""
COMPOSE_PLAIN = """services:
  {name}:
    image: example/{name}
    environment:
      DB_PORT: "5432"
    ports:
      - "8080:80"
"""
COMPOSE_LINKED = """version: "2"
services:
  web:
    image: example/{name}
    links:
      - db:database
  db:
    image: postgres:16
"""
MD_PLAIN = """# {name}

See the [docs](https://example.org/{name}) and the <link rel="stylesheet"> in the
template. Run `make test` to check everything.

```sh
make build
./bin/{name} --verbose
```
"""
MD_LINKED = """# {name}

```console
$ docker run -d --name db postgres
$ docker run -it --rm --link db:db example/{name}
```
"""
JS_PLAIN = """'use strict';
const path = require('path');
const PORT = process.env.PORT || 3000;
module.exports = function {name}(req, res) {{
  res.json({{ ok: true, port: PORT, file: path.basename(__filename) }});
}};
"""
JS_LINKED = """const host = process.env.REDIS_PORT_6379_TCP_ADDR || 'localhost';
const port = process.env.REDIS_PORT_6379_TCP_PORT || 6379;
module.exports = {{ host, port }};
"""
CONF_PLAIN = """[{name}]
listen = 0.0.0.0:8080
workers = 4
log_level = info
"""

KINDS = [
    ("sh", SHELL_PLAIN, SHELL_LINKED, 0.30),
    ("py", PY_PLAIN, PY_LINKED, 0.30),
    ("yml", COMPOSE_PLAIN, COMPOSE_LINKED, 0.10),
    ("md", MD_PLAIN, MD_LINKED, 0.10),
    ("js", JS_PLAIN, JS_LINKED, 0.10),
    ("ini", CONF_PLAIN, CONF_PLAIN, 0.10),
]


def build_tree(root: Path, files: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    planted = 0
    weights = [k[3] for k in KINDS]
    for i in range(files):
        ext, plain, linked, _ = rng.choices(KINDS, weights)[0]
        d = root / f"pkg{i % 97:02d}" / f"mod{i % 13}"
        d.mkdir(parents=True, exist_ok=True)
        name = f"svc{i}"
        use_link = i % 100 == 0 and linked is not plain
        body = (linked if use_link else plain).format(name=name, n=i % 9, cls=f"C{i}")
        planted += use_link
        # pad to a realistic size (1-6 KB) with comment lines
        pad_lines = rng.randint(20, 120)
        comment = "//" if ext == "js" else "#"
        if ext == "md":
            comment = ""
        pad = "".join(
            f"{comment} line {j} of {name}: nothing to see here\n" for j in range(pad_lines)
        )
        filename = f"docker-compose.{name}.yml" if ext == "yml" else f"{name}.{ext}"
        (d / filename).write_text(body + pad)
    return planted


def best_wall(cmd: list[str], runs: int) -> tuple[float, int]:
    """Best wall time over ``runs`` and the peak RSS (KiB) of the process."""
    best = float("inf")
    peak = 0
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, _, usage = os.wait4(proc.pid, 0)
        best = min(best, time.perf_counter() - start)
        peak = max(peak, usage.ru_maxrss)
    return best, peak


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", help="build the tree in this directory and keep it")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = ap.parse_args()

    delink = shutil.which("delink") or str(Path(sys.executable).with_name("delink"))
    # Byte-compile delink as an installation does (editable installs, and environments
    # with PYTHONDONTWRITEBYTECODE, would otherwise compile every module on every run).
    import compileall

    import delink.rules as rules

    import delink as package

    for directory in [Path(package.__file__).parent, *map(Path, rules.__path__)]:
        compileall.compile_dir(directory, quiet=1, force=False)
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="delink-bench-"))
    try:
        if args.keep and root.exists():
            shutil.rmtree(root)
        root.mkdir(parents=True, exist_ok=True)
        tree = root / "tree"
        planted = build_tree(tree, args.files)
        size = sum(p.stat().st_size for p in tree.rglob("*") if p.is_file())
        print(f"tree: {args.files} files, {size / 1e6:.1f} MB, links planted in {planted}")

        subprocess.run(
            ["grep", "-rlE", "-e", GREP_PATTERN, str(tree)], capture_output=True
        )  # warm cache
        grep_t, _ = best_wall(["grep", "-rlE", "-e", GREP_PATTERN, str(tree)], args.runs)
        delink_t, rss = best_wall([delink, "check", "--format", "json", str(tree)], args.runs)
        ratio = delink_t / grep_t if grep_t else float("inf")
        print(f"grep -rlE:     {grep_t * 1000:8.0f} ms")
        print(f"delink check:  {delink_t * 1000:8.0f} ms   ratio {ratio:.2f}x (target <= 2x)")
        print(f"peak RSS:      {rss / 1024:8.1f} MB   (target < 150 MB)")

        one = root / "one.sh"
        one.write_text(SHELL_LINKED.format(name="one"))
        one_t, one_rss = best_wall([delink, "check", str(one)], max(args.runs, 5))
        print(
            f"one file:      {one_t * 1000:8.0f} ms   (target < 150 ms), "
            f"RSS {one_rss / 1024:.1f} MB"
        )

        missed = ratio > 2 or rss / 1024 >= 150 or one_t >= 0.150
        if args.strict and missed:
            return 1
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
