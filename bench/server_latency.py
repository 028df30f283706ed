#!/usr/bin/env python3
"""How long `delink server` takes to answer an edit of an unsaved buffer in a workspace
of a few hundred files (the one-file budget is 150 ms).

The workspace, built in a temporary directory: the project fixtures under
``fixtures/`` (``--realworld`` adds the ~40 small projects of ``fixtures/realworld``)
and ``--filler`` generated files of an ordinary repository (Python, JavaScript,
Markdown, YAML, shell; docker commands and docker SDK calls without links, env reads
of other variables).

The client (pygls' own) opens ``fixtures/legacy-shell-app/bin/start.sh`` and the
entrypoint that reads its link's env var, then edits the script ``--edits`` times,
each edit one ``didChange`` with the whole new text, alternately adding and removing a
second link, and waits for the ``publishDiagnostics`` of that version. Figures:

- *didChange -> publishDiagnostics*: what the editor waits for, the server's debounce
  included;
- *server lint*: the time the server's log reports for each lint (its wall clock);
- *server CPU time per edit*: what the server process used from the ``didChange`` to
  the publication (Linux's /proc, in clock ticks of 10 ms): the figure that a loaded
  machine does not inflate;
- the first lint of the workspace (``didOpen``), which reads every file once.

Usage: ``python bench/server_latency.py [--filler 300] [--edits 20] [--realworld]``.
To measure another version of delink, put its checkout first on ``PYTHONPATH`` (the
server runs as ``python -m delink server`` with this interpreter). Prints figures;
exit 0 always. On a shared machine, compare runs made at the same load (printed).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCRIPT = "fixtures/legacy-shell-app/bin/start.sh"
READER = "fixtures/legacy-shell-app/app/entrypoint.sh"
SECOND_LINK = "docker run -d --name worker --link cache:cache app\n"

PY = '''"""Settings and helpers of the {name} service."""

import logging
import os

log = logging.getLogger(__name__)
TIMEOUT = int(os.environ.get("{upper}_TIMEOUT", "30"))


def connect(url: str | None = None) -> str:
    url = url or os.environ["{upper}_URL"]
    log.info("connecting to %s", url)
    return url


class Worker:
    def __init__(self, queue: str = "{name}") -> None:
        self.queue = queue

    def run(self) -> None:
        for attempt in range(3):
            log.debug("attempt %d on %s", attempt, self.queue)
'''
JS = """import {{ fetchJson }} from "./http.js";

const API = process.env.API_URL || "http://localhost:8080";

export async function load{cap}(id) {{
  const data = await fetchJson(`${{API}}/{name}/${{id}}`);
  return data.items.map((item) => ({{ ...item, source: "{name}" }}));
}}
"""
MD = """# {cap}

Build and run the {name} service locally:

```sh
docker build -t {name}:dev .
docker run --rm -p 80{n:02d}:8080 --network backend {name}:dev
```

Set `{upper}_URL` before starting it.
"""
YAML = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: {name}
          image: registry.example.com/{name}:1.{n}
          env:
            - name: {upper}_URL
              value: http://{name}:8080
"""
SDK = """import docker

client = docker.from_env()


def deploy(tag: str = "{name}:latest") -> None:
    client.images.build(path=".", tag=tag)
    network = client.networks.create("{name}-net", driver="bridge")
    client.containers.run(
        tag,
        detach=True,
        name="{name}",
        network=network.name,
        environment={{"{upper}_URL": "http://{name}:8080"}},
    )
"""
SH = """#!/bin/sh
set -eu
docker build -t {name}:ci .
docker run --rm --network backend -e {upper}_URL="http://{name}:8080" {name}:ci test
"""


def build(root: Path, filler: int, realworld: bool) -> int:
    for project in sorted((REPO / "fixtures").iterdir()):
        if project.is_dir() and (realworld or project.name != "realworld"):
            shutil.copytree(project, root / "fixtures" / project.name)
    kinds = [
        ("services/{name}/settings.py", PY),
        ("web/src/{name}.js", JS),
        ("docs/{name}.md", MD),
        ("deploy/{name}.yaml", YAML),
        ("scripts/{name}.sh", SH),
        ("tools/{name}/deploy.py", SDK),
    ]
    for i in range(filler):
        pattern, template = kinds[i % len(kinds)]
        name = f"svc{i:03d}"
        fields = {"name": name, "upper": name.upper(), "cap": name.capitalize(), "n": i % 100}
        path = root / pattern.format(**fields)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.format(**fields))
    return sum(1 for p in root.rglob("*") if p.is_file())


def cpu_ms(pid: int) -> float | None:
    """CPU time (user + system) a process has used so far, from /proc (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


async def measure(root: Path, edits: int) -> tuple[float, list[float], list[float], list[float]]:
    from lsprotocol import types
    from pygls.lsp.client import LanguageClient

    client = LanguageClient("bench", "1")
    published: asyncio.Queue[types.PublishDiagnosticsParams] = asyncio.Queue()
    lints: list[float] = []

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
        published.put_nowait(params)

    @client.feature(types.WINDOW_LOG_MESSAGE)
    def on_log(params: types.LogMessageParams) -> None:
        found = re.search(r"linted in (\d+) ms", params.message)
        if found:
            lints.append(float(found.group(1)))

    @client.feature(types.WINDOW_SHOW_MESSAGE)
    def on_show(params: types.ShowMessageParams) -> None:
        print(f"server says: {params.message}", file=sys.stderr)

    # started in the workspace, as editors do (and so that ``-m`` does not put this
    # checkout's directory before PYTHONPATH)
    await client.start_io(sys.executable, "-m", "delink", "server", cwd=root)
    assert client._server is not None
    pid = client._server.pid
    await client.initialize_async(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="bench")],
        )
    )
    client.initialized(types.InitializedParams())
    await asyncio.sleep(2.0)  # the editor opens its first file a moment after start

    async def wait_for(uri: str, version: int | None) -> None:
        while True:
            params = await published.get()
            if params.uri == uri and (version is None or params.version in (None, version)):
                return

    script = root / SCRIPT
    uri = script.as_uri()
    text = script.read_text()
    reader = root / READER
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(reader.as_uri(), "shellscript", 1, reader.read_text())
        )
    )
    start = time.perf_counter()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "shellscript", 1, text))
    )
    await wait_for(uri, None)
    first = (time.perf_counter() - start) * 1000
    await asyncio.sleep(0.3)  # the log messages of the opening lints
    lints.clear()
    latencies, cpu = [], []
    for version in range(2, edits + 2):
        new = text + SECOND_LINK if version % 2 == 0 else text
        await asyncio.sleep(0.3)  # the typing pauses
        start, used = time.perf_counter(), cpu_ms(pid)
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=version, uri=uri),
                [types.TextDocumentContentChangeWholeDocument(new)],
            )
        )
        await wait_for(uri, version)
        latencies.append((time.perf_counter() - start) * 1000)
        now = cpu_ms(pid)
        if used is not None and now is not None:
            cpu.append(now - used)
    await asyncio.sleep(0.1)  # the last lint's log message
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return first, latencies, lints, cpu


def _figures(values: list[float]) -> str:
    if not values:
        return "none"
    return (
        f"median {statistics.median(values):6.1f} ms, min {min(values):6.1f}, "
        f"max {max(values):6.1f} (n={len(values)})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--filler", type=int, default=300, help="generated files (300)")
    parser.add_argument("--edits", type=int, default=20, help="edits to time (20)")
    parser.add_argument("--realworld", action="store_true", help="add fixtures/realworld")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="delink-bench-") as tmp:
        root = Path(tmp).resolve()
        files = build(root, args.filler, args.realworld)
        time.sleep(2.1)  # files this fresh are re-read by every run (delink.cache)
        load = os.getloadavg()[0]
        first, latencies, lints, cpu = asyncio.run(measure(root, args.edits))
    print(f"workspace: {files} files; load average {load:.1f} on {os.cpu_count()} CPUs")
    print(f"{'didOpen (first lint)':32} {first:7.1f} ms")
    print(f"{'didChange -> publishDiagnostics':32} {_figures(latencies)}")
    print(f"{'server lint (its log)':32} {_figures(lints)}")
    print(f"{'server CPU time per edit':32} {_figures(cpu)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
