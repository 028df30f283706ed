"""Golden files of the commands' output (``tests/commands/golden/``).

:func:`check` compares a command's output with its golden file, exactly. With
``DELINK_UPDATE_GOLDEN=1`` it writes the file instead (read the diff before committing).
"""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"
ROOT = Path(__file__).resolve().parents[2]


def check(name: str, output: str) -> None:
    path = GOLDEN / name
    if os.environ.get("DELINK_UPDATE_GOLDEN") == "1":
        path.write_text(output, encoding="utf-8")
    assert output == path.read_text(encoding="utf-8")
