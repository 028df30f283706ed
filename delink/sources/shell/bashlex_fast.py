"""Import bashlex without rebuilding its parser tables.

bashlex ships a copy of PLY whose ``yacc()`` recomputes the LALR tables of the bash
grammar on every import (about 170 ms; its ``parsetab.py`` is never read). That would be
most of the time delink takes on one small file. So delink ships the tables, computed by
bashlex itself (``delink/data/bashlex-tables.json``), keyed by a hash of the grammar:
when the installed bashlex has the same grammar, its table builder is replaced by a
lookup; otherwise bashlex builds them as usual. ``tests/shell/test_bashlex_fast.py``
checks that the shipped tables are exactly what bashlex computes.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import os
import sys
import types
from typing import Any

TABLES = "bashlex-tables.json"


def grammar_key(productions: Any) -> str:
    """A hash of the grammar's productions (name, symbols, precedence, function)."""
    h = hashlib.sha256()
    for p in productions:
        h.update(repr((p.name, p.prod, p.prec, p.func)).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def compute_tables(parser: Any) -> dict[str, Any]:
    """The JSON form of the tables of a built bashlex parser (``bashlex.parser.yaccparser``)."""
    return {
        "key": grammar_key(parser.productions),
        "action": {str(s): dict(row) for s, row in parser.action.items()},
        "goto": {str(s): dict(row) for s, row in parser.goto.items()},
    }


def _shipped() -> dict[str, Any] | None:
    import delink

    path = os.path.join(os.path.dirname(delink.__file__), "data", TABLES)
    try:
        with open(path, encoding="utf-8") as fh:
            data: dict[str, Any] = json.load(fh)
        return data
    except (OSError, ValueError):
        return None


def _patch(yacc: Any) -> None:
    base = yacc.LRTable
    shipped = _shipped()

    class ShippedLRTable(base):  # type: ignore[misc, valid-type]
        def __init__(self, grammar: Any, log: Any = None) -> None:
            if shipped is None or shipped.get("key") != grammar_key(grammar.Productions):
                super().__init__(grammar, log)
                return
            self.grammar = grammar
            self.log = log
            self.lr_productions = grammar.Productions
            self.lr_action = {int(s): row for s, row in shipped["action"].items()}
            self.lr_goto = {int(s): row for s, row in shipped["goto"].items()}
            self.lr_goto_cache: dict[Any, Any] = {}
            self.lr0_cidhash: dict[Any, Any] = {}
            self.sr_conflict = self.rr_conflict = 0
            self.conflicts: list[Any] = []
            self.sr_conflicts: list[Any] = []
            self.rr_conflicts: list[Any] = []

    yacc.LRTable = ShippedLRTable


def import_bashlex() -> types.ModuleType:
    """``import bashlex``, with the shipped tables when they fit."""
    if "bashlex" in sys.modules:
        return sys.modules["bashlex"]
    spec = importlib.util.find_spec("bashlex")
    if spec is None or not spec.submodule_search_locations:
        return importlib.import_module("bashlex")
    try:
        # Load bashlex.yacc alone (a bare package stands in while it loads), patch its
        # table builder, then run the real package __init__, which uses that module.
        stand_in = types.ModuleType("bashlex")
        stand_in.__path__ = list(spec.submodule_search_locations)
        sys.modules["bashlex"] = stand_in
        try:
            yacc = importlib.import_module("bashlex.yacc")
        finally:
            del sys.modules["bashlex"]
        _patch(yacc)
    except Exception:  # pragma: no cover - any surprise: plain import
        for name in [n for n in sys.modules if n == "bashlex" or n.startswith("bashlex.")]:
            del sys.modules[name]
    return importlib.import_module("bashlex")


if __name__ == "__main__":  # pragma: no cover
    # Regenerate: python -m delink.sources.shell.bashlex_fast > delink/data/bashlex-tables.json
    import bashlex.parser

    json.dump(compute_tables(bashlex.parser.yaccparser), sys.stdout, sort_keys=True)
    sys.stdout.write("\n")
