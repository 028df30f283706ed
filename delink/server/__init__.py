"""``delink server``: a language server for editors (see :mod:`delink.server.lsp`).

pygls is an optional dependency (``pip install 'delink[lsp]'``); nothing here imports it
until the server starts.
"""

from __future__ import annotations

MISSING = "`delink server` needs pygls: install it with pip install 'delink[lsp]'"


def available() -> bool:
    import importlib.util

    return importlib.util.find_spec("pygls") is not None


def main() -> int:
    from delink.server.lsp import main as serve

    return serve()
