"""Which rules run: ``select`` / ``ignore`` selectors and ``per-file-ignores``.

A selector is a code (``DLK301``), a kebab name (``legacy-link``), a prefix (``DLK3``)
or ``ALL``. As in ruff, the most specific selector decides: with ``select = ["DLK301"]``
and ``ignore = ["DLK3"]`` the rule DLK301 runs; on a tie ``ignore`` wins.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

from delink.settings import Settings


class SelectionError(Exception):
    """An unknown rule selector (command line or configuration)."""


def _specificity(token: str) -> int:
    up = token.strip().upper()
    if up == "ALL":
        return 0
    if up.startswith("DLK") and up[3:].isdigit() and len(up) < 6:
        return len(up)  # a prefix: DLK (3) .. DLK30 (5)
    return 10  # a code or a name


def _suggest(token: str) -> str:
    import difflib

    from delink.rule import all_rules

    rules = all_rules()
    up = token.upper()
    if up.startswith("DLK"):
        if len(up) != 6:
            return ""  # a prefix no rule has
        digits = up[:3] + up[3:].translate(str.maketrans("OIL", "011"))  # DLK3O1: DLK301
        close = [digits] if digits in rules else difflib.get_close_matches(up, list(rules), 1, 0.8)
    else:
        names = [r.name for r in rules.values()]
        close = difflib.get_close_matches(token.lower(), names, n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


def resolve(tokens: Iterable[str], origin: str) -> list[tuple[str, list[str]]]:
    """Resolve selectors to codes; raise :class:`SelectionError` naming ``origin``."""
    from delink.rule import resolve_code

    out: list[tuple[str, list[str]]] = []
    for raw in tokens:
        for token in raw.split(","):
            token = token.strip()
            if not token:
                continue
            codes = resolve_code(token)
            if not codes:
                raise SelectionError(
                    f"unknown rule selector `{token}` in {origin}{_suggest(token)}"
                    " (`delink rule` lists the rules)"
                )
            out.append((token, codes))
    return out


def _origin(settings: Settings, key: str) -> str:
    if settings.config_path is not None:
        return f"`{key}` of {settings.config_path}"
    return f"`{key}`"


def _layer(
    select: list[tuple[str, list[str]]], ignore: list[tuple[str, list[str]]]
) -> tuple[set[str], set[str]]:
    """Codes one layer selects and ignores (the more specific selector wins)."""
    best_sel: dict[str, int] = {}
    for token, codes in select:
        spec = _specificity(token)
        for code in codes:
            best_sel[code] = max(best_sel.get(code, -1), spec)
    best_ign: dict[str, int] = {}
    for token, codes in ignore:
        spec = _specificity(token)
        for code in codes:
            best_ign[code] = max(best_ign.get(code, -1), spec)
    chosen = {c for c, spec in best_sel.items() if spec > best_ign.get(c, -1)}
    return chosen, set(best_ign)


def selected_codes(
    settings: Settings, select: list[str] | None = None, ignore: list[str] | None = None
) -> list[str]:
    """The codes to run, in code order.

    Two layers, as in ruff: the configuration's ``select``/``ignore``, then the command
    line's. A command-line ``--select`` starts afresh (the configuration's lists no
    longer apply); a command-line ``--ignore`` alone removes codes from the
    configuration's selection.
    """
    from delink.rule import all_rules

    config_sel = resolve(settings.select, _origin(settings, "select"))
    config_ign = resolve(settings.ignore, _origin(settings, "ignore"))
    cli_sel = resolve(select, "--select") if select is not None else None
    cli_ign = resolve(ignore, "--ignore") if ignore is not None else []
    # Validate per-file-ignores now so that a typo there is a usage error, not a crash.
    _compiled_per_file(settings)
    if cli_sel is not None:
        chosen, _ = _layer(cli_sel, cli_ign)
    else:
        chosen, _ = _layer(config_sel, config_ign)
        _, dropped = _layer([], cli_ign)
        chosen -= dropped
    return [code for code in all_rules() if code in chosen]


# -- per-file ignores -----------------------------------------------------------------

_CACHE: dict[int, tuple[Settings, list[tuple[re.Pattern[str], str, frozenset[str]]]]] = {}


def _compiled_per_file(settings: Settings) -> list[tuple[re.Pattern[str], str, frozenset[str]]]:
    cached = _CACHE.get(id(settings))
    if cached is not None and cached[0] is settings:
        return cached[1]
    from delink.gitignore import parse_line

    compiled: list[tuple[re.Pattern[str], str, frozenset[str]]] = []
    for glob, tokens in settings.per_file_ignores.items():
        pattern = parse_line(glob)
        if pattern is None:
            continue
        regex = re.compile(pattern.regex + r"\Z", re.DOTALL)
        origin = _origin(settings, f"per-file-ignores.{glob}")
        codes = frozenset(c for _, cs in resolve(tokens, origin) for c in cs)
        compiled.append((regex, glob, codes))
    if len(_CACHE) > 64:
        _CACHE.clear()
    _CACHE[id(settings)] = (settings, compiled)
    return compiled


def _relative_to_root(path: str, settings: Settings) -> str:
    full = os.path.abspath(path)
    root = os.path.abspath(settings.root)
    rel = os.path.relpath(full, root) if full.startswith(root + os.sep) else None
    if rel is None:
        return os.path.basename(full)
    return rel.replace(os.sep, "/")


def per_file_ignored(path: str, code: str, settings: Settings) -> bool:
    """Whether ``per-file-ignores`` turns ``code`` off for ``path``. Globs are relative to
    the configuration's directory; a glob without ``/`` matches a name at any depth."""
    if not settings.per_file_ignores:
        return False
    rel = _relative_to_root(path, settings)
    for regex, _, codes in _compiled_per_file(settings):
        if code in codes and regex.match(rel):
            return True
    return False
