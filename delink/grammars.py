"""tree-sitter grammars, loaded without their packages' ``__init__``.

A grammar package (``tree_sitter_bash``, ``tree_sitter_python``) is a compiled
``_binding`` module and an ``__init__`` that imports :mod:`importlib.resources` (and
with it ``tempfile``, ``random``, ``zipfile`` …) for highlight queries delink never
reads: about as long as the rest of reading a small shell script. So the binding is
loaded from its file directly, under its own name (a later ``import tree_sitter_bash``
finds it there); anything unexpected falls back to the plain import.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any


def language(package: str) -> Any:
    """``<package>.language()``: the grammar's pointer for ``tree_sitter.Language``."""
    name = f"{package}._binding"
    module = sys.modules.get(name)
    if module is None:
        try:
            module = _load_binding(package, name)
        except Exception:  # any surprise: the package's own way
            module = None
    if module is None:
        return importlib.import_module(package).language()
    return module.language()


def _load_binding(package: str, name: str) -> Any:
    import importlib.util
    from importlib.machinery import EXTENSION_SUFFIXES, ExtensionFileLoader

    spec = importlib.util.find_spec(package)  # finds the package without running it
    if spec is None or not spec.submodule_search_locations:
        return None
    for directory in spec.submodule_search_locations:
        for suffix in EXTENSION_SUFFIXES:
            path = os.path.join(directory, "_binding" + suffix)
            if not os.path.isfile(path):
                continue
            loader = ExtensionFileLoader(name, path)
            binding = importlib.util.spec_from_file_location(name, path, loader=loader)
            if binding is None:
                return None
            module = importlib.util.module_from_spec(binding)
            loader.exec_module(module)
            sys.modules[name] = module
            return module
    return None
