#!/usr/bin/env python3
"""Benchmark: ``delink check`` and ``delink fix`` against ``grep -rlE`` over one tree.

The tree (``--tree real``, the default) is made of real source files: ``--files`` text
files sampled (with a fixed seed) from the standard library of the Python that runs
the benchmark (``.py``, ``.txt``, ``.xml``, ``.json``, ``.toml``, ``.cfg``, test data,
…), copied under ``pkgNN/modM/``, 1% of them replaced by files with legacy links
planted: shell scripts (``docker run --link``), Compose files (``links:``), docker SDK
calls (``links=``), Markdown docs (``docker run --link``) and JavaScript reading
``REDIS_PORT_6379_TCP_ADDR``. ``--tree synthetic`` builds small generated files
instead (templates full of near misses: ``symlink``, ``links=None``, ``DB_PORT``).

Every figure is a ratio within one run: each measurement is interleaved with a grep
over the same tree (page cache warm), best of ``--runs``; wall time and CPU time
(user + system of the process and its workers) are both shown, since on a shared
machine wall time mostly measures the neighbours.

- cold: ``delink check --no-cache --format json`` vs grep; every planted file must be
  among the files delink reports (target: at most 2x grep);
- warm: ``delink check`` again with the cache of a previous run (target: at most grep);
- one file: ``delink check`` of one small script in a project of its own, start-up
  included, without and with the cache (target: 150 ms), and without the cache from a
  copy installed as a user's is (the editable install's import hook costs every
  process of a development environment time at start-up);
- fix: ``delink fix --no-cache`` vs ``delink check --no-cache`` on copies of the tree
  (target: at most 2x check);
- memory: the peak RSS of any one delink process (target: 150 MB);
- growth: cold check and grep over trees of ``--growth`` sizes (cost per file).

Usage: ``python bench/bench.py [--files 10000] [--runs 3] [--tree real|synthetic]
[--growth 1000,10000,50000] [--jobs N] [--keep DIR]``. It prints figures and exits 0
(``--strict``: 1 when a target is missed).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
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

# (extension, plain template, linked template, share of the synthetic tree)
KINDS = [
    ("sh", SHELL_PLAIN, SHELL_LINKED, 0.30),
    ("py", PY_PLAIN, PY_LINKED, 0.30),
    ("yml", COMPOSE_PLAIN, COMPOSE_LINKED, 0.10),
    ("md", MD_PLAIN, MD_LINKED, 0.10),
    ("js", JS_PLAIN, JS_LINKED, 0.10),
    ("ini", CONF_PLAIN, CONF_PLAIN, 0.10),
]
PLANTED = [k for k in KINDS if k[2] is not k[1]]
_BINARY_SUFFIXES = (".pyc", ".so", ".gz", ".bz2", ".xz", ".zip", ".gif", ".png", ".wav", ".au")


def _place(root: Path, i: int) -> Path:
    d = root / f"pkg{i % 97:02d}" / f"mod{i % 13}"
    d.mkdir(parents=True, exist_ok=True)
    return d


def _plant(root: Path, i: int) -> Path:
    ext, _, linked, _ = PLANTED[(i // 100) % len(PLANTED)]
    name = f"svc{i}"
    filename = f"docker-compose.{name}.yml" if ext == "yml" else f"{name}.{ext}"
    path = _place(root, i) / filename
    path.write_text(linked.format(name=name, n=i % 9, cls=f"C{i}"))
    return path


def stdlib_sources() -> list[Path]:
    """Text files of this Python's standard library (site-packages left out)."""
    top = Path(sysconfig.get_paths()["stdlib"])
    out = []
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(d for d in dirnames if d not in ("site-packages", "__pycache__"))
        for name in sorted(filenames):
            if name.endswith(_BINARY_SUFFIXES):
                continue
            path = Path(dirpath, name)
            try:
                with open(path, "rb") as fh:
                    if b"\0" in fh.read(8192):
                        continue
            except OSError:
                continue
            out.append(path)
    return out


def _repository(root: Path) -> None:
    """Mark the tree as a repository's work tree (an empty ``.git``), as a checkout is:
    lookups that walk up (``.gitignore`` files, docker SDK pins) stop at its top."""
    (root / ".git").mkdir(parents=True, exist_ok=True)


def build_real(root: Path, files: int, sources: list[Path], seed: int = 7) -> list[Path]:
    """``files`` real files, 1% of them replaced by planted ones; the planted paths."""
    _repository(root)
    rng = random.Random(seed)
    planted = []
    for i in range(files):
        if i % 100 == 0:
            planted.append(_plant(root, i))
            continue
        src = rng.choice(sources)
        shutil.copyfile(src, _place(root, i) / f"{i}_{src.name}")
    return planted


def build_synthetic(root: Path, files: int, seed: int = 7) -> list[Path]:
    """Generated files (1-6 KB) with near misses, links planted in 1% of them."""
    _repository(root)
    rng = random.Random(seed)
    planted = []
    weights = [k[3] for k in KINDS]
    for i in range(files):
        if i % 100 == 0:
            planted.append(_plant(root, i))
            continue
        ext, plain, _, _ = rng.choices(KINDS, weights)[0]
        name = f"svc{i}"
        body = plain.format(name=name, n=i % 9, cls=f"C{i}")
        comment = {"js": "//", "md": ""}.get(ext, "#")
        pad = "".join(
            f"{comment} line {j} of {name}: nothing to see here\n"
            for j in range(rng.randint(20, 120))
        )
        filename = f"docker-compose.{name}.yml" if ext == "yml" else f"{name}.{ext}"
        (_place(root, i) / filename).write_text(body + pad)
    return planted


def describe(tree: Path, planted: list[Path]) -> str:
    kinds: Counter[str] = Counter()
    size = 0
    count = 0
    for p in tree.rglob("*"):
        if p.is_file():
            count += 1
            size += p.stat().st_size
            kinds[p.suffix or "(none)"] += 1
    top = ", ".join(f"{k} {v}" for k, v in kinds.most_common(8))
    plants = Counter(p.suffix for p in planted)
    planted_kinds = ", ".join(f"{k} {v}" for k, v in sorted(plants.items()))
    return (
        f"{count} files, {size / 1e6:.1f} MB ({top}, …); links planted in "
        f"{len(planted)} files ({planted_kinds})"
    )


@dataclass
class Run:
    wall: float
    cpu: float  # user + system, workers included
    rss: int  # KiB, the largest of the process and its workers
    out: bytes = b""


def run(cmd: list[str], cwd: Path | None = None, keep_output: bool = False) -> Run:
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        stdout=subprocess.PIPE if keep_output else subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    out = proc.stdout.read() if proc.stdout is not None else b""
    _, _, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, out)


def best(runs: list[Run]) -> Run:
    return Run(
        min(r.wall for r in runs), min(r.cpu for r in runs), max(r.rss for r in runs), runs[0].out
    )


def installed(root: Path, package: Path, rules: Path) -> list[str]:
    """A command that runs delink as an installed copy runs (the package with its rules
    as ``delink.rules``, byte-compiled) with this environment's dependencies, but without
    the import hook of an editable install, which every process of a development
    environment pays at start-up and a user's installation does not."""
    import compileall

    stage = root / "installed"
    skip = shutil.ignore_patterns("__pycache__", "rules")
    shutil.copytree(package, stage / "delink", ignore=skip)
    shutil.copytree(rules, stage / "delink" / "rules", ignore=skip)
    compileall.compile_dir(stage / "delink", quiet=1)
    venv = stage / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # plain path entries: the dependencies' directory is not a site directory here, so
    # its .pth files (the editable install's hook among them) are not run
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(site, "delink-bench.pth").write_text("\n".join([str(stage), *sorted(deps)]) + "\n")
    return [str(python), "-c", "import sys; from delink.cli import main; sys.exit(main())"]


def grep(tree: Path) -> list[str]:
    return ["grep", "-rlE", "-e", GREP_PATTERN, str(tree)]


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f}"


def row(name: str, r: Run, base: Run | None, target: str) -> str:
    ratio = f"{r.wall / base.wall:6.2f}x {r.cpu / base.cpu:6.2f}x" if base else " " * 15
    return f"{name:<22}{r.wall * 1000:9.0f} ms{r.cpu * 1000:9.0f} ms   {ratio}   {target}"


def found_files(out: bytes, tree: Path) -> set[Path]:
    return {Path(d["filename"]).resolve() for d in json.loads(out or b"[]")}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--tree", choices=("real", "synthetic"), default="real")
    ap.add_argument("--growth", default="1000,10000,50000", help="tree sizes; '' for none")
    ap.add_argument("--jobs", type=int, help="passed to delink (default: its own)")
    ap.add_argument("--keep", help="build the trees in this directory and keep them")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = ap.parse_args()

    delink = shutil.which("delink") or str(Path(sys.executable).with_name("delink"))
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    # Byte-compile delink as an installation does (editable installs, and environments
    # with PYTHONDONTWRITEBYTECODE, would otherwise compile every module on every run).
    import compileall

    import delink as package

    rules = __import__("delink.rules", fromlist=["__path__"])
    for directory in [Path(package.__file__).parent, *map(Path, rules.__path__)]:
        compileall.compile_dir(directory, quiet=1, force=False)
    sources = stdlib_sources() if args.tree == "real" else []

    def build(where: Path, files: int) -> list[Path]:
        if args.tree == "real":
            return build_real(where, files, sources)
        return build_synthetic(where, files)

    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="delink-bench-"))
    missed = False
    try:
        if args.keep and root.exists():
            shutil.rmtree(root)
        root.mkdir(parents=True, exist_ok=True)
        tree = root / "tree"
        planted = build(tree, args.files)
        built = time.time()
        cache = root / "cache"
        print(f"tree ({args.tree}): {describe(tree, planted)}")
        print(f"machine: {os.cpu_count()} CPUs, {_load()}; best of {args.runs}")
        check = [delink, "check", "--format", "json", *jobs]
        run(grep(tree))  # page cache
        grep_runs, cold_runs, warm_runs = [], [], []
        for _ in range(args.runs):
            grep_runs.append(run(grep(tree)))
            cold_runs.append(run([*check, "--no-cache", str(tree)], keep_output=True))
        # the cache: filled by a run that reads files older than the 2 s racy window
        time.sleep(max(0.0, built + 2.5 - time.time()))
        run([*check, "--cache-dir", str(cache), str(tree)])
        for _ in range(args.runs):
            grep_runs.append(run(grep(tree)))
            warm_runs.append(run([*check, "--cache-dir", str(cache), str(tree)]))
        g, cold, warm = best(grep_runs), best(cold_runs), best(warm_runs)
        found = found_files(cold.out, tree)
        lost = [p for p in planted if p.resolve() not in found]

        # one small script in a project of its own (a file named alone is checked in
        # its project: the directory of its configuration or git work tree)
        one = root / "one" / "run.sh"
        _repository(one.parent)
        one.write_text(SHELL_LINKED.format(name="one"))
        one_cold = [delink, "check", "--no-cache", "--format", "json", str(one)]
        one_cmd = [delink, "check", "--cache-dir", str(cache), "--format", "json", str(one)]
        run(one_cmd, cwd=one.parent)
        n = max(args.runs, 5)
        single_cold = best([run(one_cold, cwd=one.parent) for _ in range(n)])
        single = best([run(one_cmd, cwd=one.parent) for _ in range(n)])
        as_installed = installed(root, Path(package.__file__).parent, Path(rules.__path__[0]))
        one_installed = [*as_installed, *one_cold[1:]]
        run(one_installed, cwd=one.parent)
        single_installed = best([run(one_installed, cwd=one.parent) for _ in range(n)])

        fix_runs, base_runs = [], []
        for _ in range(args.runs):
            for kind, runs in (("fix", fix_runs), ("check", base_runs)):
                copy = root / f"copy-{kind}"
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(tree, copy)
                cmd = [delink, kind, "--no-cache", *jobs, str(copy)]
                runs.append(run(cmd))
                shutil.rmtree(copy)
        fix, fix_base = best(fix_runs), best(base_runs)
        ones = (single.rss, single_cold.rss, single_installed.rss)
        rss = max(cold.rss, warm.rss, fix.rss, *ones) / 1024

        print(f"{'':<22}{'wall':>12}{'cpu':>12}   {'vs grep (wall, cpu)':<19} target")
        print(row("grep -rlE", g, None, ""))
        print(row("check, cold", cold, g, "<= 2x grep"))
        print(row("check, warm (cache)", warm, g, "<= 1x grep"))
        print(row("check, one file, cold", single_cold, None, "<= 150 ms wall"))
        print(row("check, one file, cache", single, None, "<= 150 ms wall"))
        print(row("  installed, cold", single_installed, None, "(no editable-install hook)"))
        ratio = f"{fix.wall / fix_base.wall:.2f}x, cpu {fix.cpu / fix_base.cpu:.2f}x"
        print(row("fix (cold)", fix, None, f"<= 2x check: {ratio} (check {fix_base.wall:.2f} s)"))
        print(f"{'peak RSS':<22}{rss:9.1f} MB{'':>27}<= 150 MB per process")
        print(f"planted files found: {len(planted) - len(lost)}/{len(planted)}")
        for p in lost[:10]:
            print(f"  missed: {p}")
        missed = bool(
            lost
            or cold.wall > 2 * g.wall
            or warm.wall > g.wall
            or single_cold.wall > 0.150
            or fix.wall > 2 * fix_base.wall
            or rss > 150
        )
        shutil.rmtree(tree)

        sizes = [int(s) for s in args.growth.split(",") if s.strip()]
        if sizes:
            print("\ngrowth (cold check, --no-cache; best of", max(1, args.runs - 1), "runs):")
            print(
                f"{'files':>8}{'MB':>7}{'grep wall':>11}{'check wall':>12}{'ratio':>7}"
                f"{'grep cpu':>10}{'check cpu':>11}{'ratio':>7}{'cpu us/file':>13}{'RSS MB':>8}"
            )
        for n in sizes:
            where = root / f"growth-{n}"
            build(where, n)
            size = sum(p.stat().st_size for p in where.rglob("*") if p.is_file()) / 1e6
            run(grep(where))
            gs, cs = [], []
            for _ in range(max(1, args.runs - 1)):
                gs.append(run(grep(where)))
                cs.append(run([*check, "--no-cache", str(where)]))
            gb, cb = best(gs), best(cs)
            print(
                f"{n:>8}{size:>7.0f}{gb.wall:>10.2f}s{cb.wall:>11.2f}s{cb.wall / gb.wall:>6.1f}x"
                f"{gb.cpu:>9.2f}s{cb.cpu:>10.2f}s{cb.cpu / gb.cpu:>6.1f}x"
                f"{cb.cpu / n * 1e6:>13.0f}{cb.rss / 1024:>8.1f}"
            )
            shutil.rmtree(where)
        print(f"\nmachine at the end: {_load()}")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
