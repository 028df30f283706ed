"""Files named one by one (as pre-commit passes them) are checked in their project.

A finding in one file often depends on others: a link env var read in an entrypoint is
a finding because a script elsewhere declares the link. When every path given is a
file, delink reads the whole project those files belong to (the directory of the
configuration, else the git work tree, else the first file's directory) for its facts,
and reports and fixes only the findings in the named files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from delink.diagnostics import Diagnostic
from delink.settings import Settings


@dataclass(frozen=True)
class Scope:
    paths: list[str]  # what the linter reads
    named: frozenset[str] | None  # absolute paths whose findings count; None: all
    root: str | None = None  # the project read around the named files, relative to the cwd

    def keeps(self, diag: Diagnostic) -> bool:
        return self.named is None or os.path.abspath(diag.path) in self.named

    def filter(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        if self.named is None:
            return diagnostics
        return [d for d in diagnostics if self.keeps(d)]


def project_root(first: str, settings: Settings) -> str:
    if settings.config_path is not None:
        return str(settings.root)
    from delink.gitignore import find_git_root

    directory = os.path.dirname(os.path.abspath(first))
    return find_git_root(directory) or directory


def scope(paths: list[str], settings: Settings) -> Scope:
    """The files to read for ``paths`` and which findings to keep."""
    if not paths or any(os.path.isdir(p) or not os.path.exists(p) for p in paths):
        return Scope(list(paths), None)
    root = project_root(paths[0], settings)
    named = frozenset(os.path.abspath(p) for p in paths)
    if any(os.path.relpath(p, root).startswith(os.pardir) for p in named):
        return Scope(list(paths), None)  # named files from several projects: just those
    rel = os.path.relpath(root)
    walk = root if rel.startswith(os.pardir) else rel
    # the named files first: discovery then keeps them as explicit (read whatever their kind)
    return Scope([*paths, walk], named, rel)
