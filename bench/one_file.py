#!/usr/bin/env python3
"""One-file latency of each way to run delink (target: 150 ms), and rich's absence.

Measures, best of N runs, on a project of one small shell script with a link:

- ``delink check --format json FILE``, ``--format sarif`` and piped text (new processes);
- ``delink server``: from ``didOpen`` of an unsaved buffer to its ``publishDiagnostics``,
  with pygls' own client: the first right after start, the first 2 s after start (the
  server warms up meanwhile), and warm (best of N);
- whether ``rich`` was imported on the JSON path (it must not be).

Usage: ``python bench/one_file.py [--runs 10]``. Prints figures; exit 0 always.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCRIPT = "docker run -d --name db postgres:16\ndocker run -d --name web --link db:db app\n"


def cli_best(args: list[str], cwd: Path, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "delink", *args], cwd=cwd, capture_output=True, check=False
        )
        best = min(best, time.perf_counter() - start)
    return best * 1000


def rich_on_json_path(cwd: Path) -> bool:
    code = (
        "import sys, runpy\n"
        "sys.argv = ['delink', 'check', '--format', 'json', 'run.sh']\n"
        "try:\n    runpy.run_module('delink', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print('rich' in sys.modules, file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=False
    )
    return proc.stderr.strip().splitlines()[-1] == "True"


async def server_best(root: Path, runs: int, pause: float) -> tuple[float, float]:
    from lsprotocol import types
    from pygls.lsp.client import LanguageClient

    client = LanguageClient("bench", "1")
    published: asyncio.Queue[types.PublishDiagnosticsParams] = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
        published.put_nowait(params)

    @client.feature(types.WINDOW_LOG_MESSAGE)
    def on_log(params: types.LogMessageParams) -> None:
        pass

    await client.start_io(sys.executable, "-m", "delink", "server")
    await client.initialize_async(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="bench")],
        )
    )
    client.initialized(types.InitializedParams())
    await asyncio.sleep(pause)  # an editor opens its first file a moment after start
    times = []
    for i in range(runs + 1):
        uri = (root / f"unsaved{i}.sh").as_uri()
        start = time.perf_counter()
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(uri, "shellscript", 1, SCRIPT + f"# {i}\n")
            )
        )
        while (await published.get()).uri != uri:
            pass
        times.append((time.perf_counter() - start) * 1000)
        client.text_document_did_close(
            types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri))
        )
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return times[0], min(times[1:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "run.sh").write_text(SCRIPT)
        for label, cli in (
            ("check --format json", ["check", "--format", "json", "run.sh"]),
            ("check --format sarif", ["check", "--format", "sarif", "run.sh"]),
            ("check (piped text)", ["check", "run.sh"]),
        ):
            print(f"{label:32} {cli_best(cli, root, args.runs):7.1f} ms (best of {args.runs})")
        first, warm = asyncio.run(server_best(root, args.runs, 0.0))
        print(f"{'server: didOpen at once':32} {first:7.1f} ms")
        after_pause, _ = asyncio.run(server_best(root, 1, 2.0))
        print(f"{'server: didOpen 2 s after start':32} {after_pause:7.1f} ms")
        print(f"{'server: didOpen (warm)':32} {warm:7.1f} ms (best of {args.runs})")
        print(f"rich imported on the JSON path: {rich_on_json_path(root)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
