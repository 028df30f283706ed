"""The data files delink ships (``delink/data/``), read beside the package.

Not through :mod:`importlib.resources`: that costs more than the tables themselves (it
imports ``tempfile``, ``zipfile``, ``shutil`` …), and delink is never run from a zip.
"""

from __future__ import annotations

import os

DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def read_text(name: str) -> str:
    """The text of ``delink/data/<name>`` (UTF-8)."""
    with open(os.path.join(DATA_DIR, name), encoding="utf-8") as fh:
        return fh.read()
