"""Compose interpolation (``$VAR``, ``${VAR}``, ``${VAR:-d}``, ``$$``) and ``.env`` files.

Compose substitutes variables from the shell and the project's ``.env`` file in every
value, per file, before merging (spec ``12-interpolation.md``; compose-go
``template/template.go``; Compose 1 ``config/interpolation.py``). delink sees no shell,
so a value is *static* when every variable it uses is set in ``.env`` or has a default;
otherwise it is unknown and shown as written. ``$$`` is a literal ``$``.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from functools import lru_cache

from delink.readfile import ReadError, read_text

__all__ = ["DotEnv", "Interpolated", "dotenv", "interpolate", "references"]

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_SIMPLE = re.compile(rf"\$({_NAME})")
_BRACED_START = re.compile(rf"\$\{{({_NAME})")


@dataclass(frozen=True)
class Interpolated:
    value: str | None  # None when a variable without a default is not known
    unresolved: tuple[str, ...] = ()  # variables delink could not resolve
    variables: tuple[str, ...] = ()  # every variable used


@dataclass(frozen=True)
class DotEnv:
    path: str | None
    values: dict[str, str] = field(default_factory=dict)


def _parse_dotenv(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[7:].lstrip()
        key, eq, value = line.partition("=")
        key = key.strip()
        if not eq or not re.fullmatch(_NAME, key):
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        out[key] = value
    return out


@lru_cache(maxsize=256)
def _dotenv_cached(path: str, mtime: float, size: int) -> dict[str, str]:
    try:
        return _parse_dotenv(read_text(path))
    except ReadError:
        return {}


def dotenv(directory: str) -> DotEnv:
    """The ``.env`` file of a Compose project directory (empty when there is none)."""
    path = os.path.join(directory or ".", ".env")
    try:
        st = os.stat(path)
    except OSError:
        return DotEnv(None)
    if not stat.S_ISREG(st.st_mode):
        return DotEnv(None)
    return DotEnv(path, _dotenv_cached(path, st.st_mtime, st.st_size))


def interpolate(text: str, env: dict[str, str]) -> Interpolated:
    """Substitute ``env`` into ``text`` the way Compose does."""
    out: list[str] = []
    unresolved: list[str] = []
    used: list[str] = []
    known = True
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c != "$":
            out.append(c)
            i += 1
            continue
        if text.startswith("$$", i):
            out.append("$")
            i += 2
            continue
        m = _SIMPLE.match(text, i)
        if m:
            name = m.group(1)
            used.append(name)
            if name in env:
                out.append(env[name])
            else:
                unresolved.append(name)
                known = False
            i = m.end()
            continue
        m = _BRACED_START.match(text, i)
        if m:
            close = _matching_brace(text, m.end())
            if close is None:
                out.append(text[i:])
                known = False
                break
            name = m.group(1)
            used.append(name)
            rest = text[m.end() : close]
            value, ok = _expand(name, rest, env, unresolved, used)
            if ok:
                out.append(value)
            else:
                known = False
            i = close + 1
            continue
        out.append(c)
        i += 1
    return Interpolated(
        "".join(out) if known else None,
        tuple(dict.fromkeys(unresolved)),
        tuple(dict.fromkeys(used)),
    )


def _matching_brace(text: str, pos: int) -> int | None:
    depth = 1
    i = pos
    while i < len(text):
        if text.startswith("${", i):
            depth += 1
            i += 2
            continue
        if text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


def _expand(
    name: str, rest: str, env: dict[str, str], unresolved: list[str], used: list[str]
) -> tuple[str, bool]:
    if not rest:
        if name in env:
            return env[name], True
        unresolved.append(name)
        return "", False
    for op in (":-", "-", ":?", "?", ":+", "+"):
        if rest.startswith(op):
            arg = rest[len(op) :]
            break
    else:
        unresolved.append(name)
        return "", False
    inner = interpolate(arg, env)
    used.extend(inner.variables)
    is_set = name in env
    nonempty = is_set and env[name] != ""
    if op in (":-", "-"):
        if (op == ":-" and nonempty) or (op == "-" and is_set):
            return env[name], True
        # not set in .env: the default is what Compose uses unless the shell sets it
        if inner.value is None:
            unresolved.extend(inner.unresolved)
            return "", False
        return inner.value, True
    if op in (":?", "?"):
        if (op == ":?" and nonempty) or (op == "?" and is_set):
            return env[name], True
        unresolved.append(name)
        return "", False
    # :+ / +
    if (op == ":+" and nonempty) or (op == "+" and is_set):
        if inner.value is None:
            unresolved.extend(inner.unresolved)
            return "", False
        return inner.value, True
    if is_set:
        return "", True
    unresolved.append(name)
    return "", False


def references(text: str) -> list[tuple[str, int, int]]:
    """Variables a value interpolates: ``(name, start, end)`` of each name's characters
    (``$$`` escapes skipped)."""
    out: list[tuple[str, int, int]] = []
    i = 0
    n = len(text)
    while i < n:
        j = text.find("$", i)
        if j < 0:
            break
        if text.startswith("$$", j):
            i = j + 2
            continue
        m = _SIMPLE.match(text, j) or _BRACED_START.match(text, j)
        if m:
            out.append((m.group(1), m.start(1), m.end(1)))
            i = m.end()
        else:
            i = j + 1
    return out


def escape(value: str) -> str:
    """A literal value for a Compose file: ``$`` written as ``$$``."""
    return value.replace("$", "$$")
