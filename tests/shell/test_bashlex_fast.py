"""The bashlex tables delink ships are exactly those bashlex computes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import delink
from delink.sources.shell.bashlex_fast import TABLES, import_bashlex


def test_shipped_tables_equal_a_fresh_build() -> None:
    # A fresh interpreter, plain `import bashlex`: bashlex builds its own tables.
    code = (
        "import json, sys, bashlex.parser\n"
        "from delink.sources.shell.bashlex_fast import compute_tables\n"
        "json.dump(compute_tables(bashlex.parser.yaccparser), sys.stdout, sort_keys=True)\n"
    )
    fresh = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    shipped = (Path(delink.__file__).parent / "data" / TABLES).read_text()
    assert json.loads(fresh) == json.loads(shipped)


def test_fast_import_parses_like_bashlex() -> None:
    bashlex = import_bashlex()
    parts = bashlex.parse("docker run --link db:db -e A=\"$X\" img sh -c 'echo $DB_PORT'")
    words = [p.word for p in parts[0].parts]
    assert words == [
        "docker",
        "run",
        "--link",
        "db:db",
        "-e",
        "A=$X",
        "img",
        "sh",
        "-c",
        "echo $DB_PORT",
    ]
