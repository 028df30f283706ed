"""Masking secret values in what delink prints (code frames and messages).

A value is masked when it belongs to a ``NAME=value`` / ``NAME: value`` / ``NAME = value``
pair whose NAME looks secret (``DB_PASSWORD``, ``apiKey``, ``GITHUB_TOKEN``...), or
when it is the password of a URL (``postgres://user:pw@db``). Values that are a
variable reference or an expansion (``$DB_PASSWORD``, ``${X:-y}``, ``$(cat f)``,
``{{ x }}``) are not secrets and stay.
Masking keeps quotes, so ``PASSWORD="hunter2"`` becomes ``PASSWORD="****"``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

MASK = "****"

_SECRET_WORDS = frozenset(
    {
        "PASSWORD",
        "PASSWORDS",
        "PASSWD",
        "PASS",
        "PWD",
        "PASSPHRASE",
        "SECRET",
        "SECRETS",
        "TOKEN",
        "TOKENS",
        "CREDENTIAL",
        "CREDENTIALS",
        "CREDS",
        "AUTH",
        "APIKEY",
        "PRIVATEKEY",
        "SECRETKEY",
        "ACCESSKEY",
        "SALT",
        "COOKIE",
        "SESSIONKEY",
    }
)
_KEY_QUALIFIERS = frozenset(
    {"API", "PRIVATE", "SECRET", "ACCESS", "ENCRYPTION", "SIGNING", "SSH", "MASTER", "CLIENT"}
)

_SPLIT = re.compile(r"[_\-.\s]+|(?<=[a-z0-9])(?=[A-Z])")


def is_secret_name(name: str) -> bool:
    """Whether a variable or key name looks like it holds a secret."""
    words = [w.upper() for w in _SPLIT.split(name.strip("\"'")) if w]
    if not words:
        return False
    for i, w in enumerate(words):
        if w in _SECRET_WORDS:
            return True
        if w in ("KEY", "KEYS") and i > 0 and words[i - 1] in _KEY_QUALIFIERS:
            return True
    joined = "".join(words)
    return any(s in joined for s in ("PASSWORD", "PASSWD", "APIKEY", "PRIVATEKEY", "SECRET"))


_NAME = r"""(?P<name>["']?[A-Za-z_][A-Za-z0-9_.\-]*["']?)"""
_VALUE = r"""(?P<value>"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|\$\{[^}\n]*\}|[^\s'",;&|(){}\[\]]+)"""
# NAME=value, NAME = "value", "name": "value", name: value (one word, anywhere). In a
# lookahead, so that one pair's value never hides the next pair.
_PAIR = re.compile(
    r"(?<![A-Za-z0-9_$])(?<!\$\{)(?=" + _NAME + r"(?P<sep>[ \t]*(?:=|:(?!//))[ \t]*)" + _VALUE + ")"
)
# A YAML mapping line (``NAME: value``) or list item (``- NAME=value``): the value runs
# to the end of the line (a " #" starts a comment)
_YAML_REST = r"(?P<value>[^\s#'\"{\[][^\n]*?)[ \t]*(?:[ \t]\#[^\n]*)?$"
_YAML_MAP = re.compile(r"^[ \t]*(?:-[ \t]+)?" + _NAME + r"(?P<sep>[ \t]*:[ \t]+)" + _YAML_REST)
_YAML_ITEM = re.compile(r"^[ \t]*-[ \t]+" + _NAME + r"(?P<sep>=)" + _YAML_REST)
_URL_PASSWORD = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://[^\s:/@]+:)(?P<pw>[^\s@/]+)@")
_REFERENCE = re.compile(r"^(?:\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\{\{[^}]*\}\}|%\([^)]*\)s)$")


def _regions(line: str) -> list[tuple[int, int]]:
    """Character ranges of ``line`` to mask, sorted and non-overlapping."""
    found: list[tuple[int, int]] = []
    matches = list(_PAIR.finditer(line))
    for regex in (_YAML_MAP, _YAML_ITEM):
        yaml = regex.match(line)
        if yaml is not None:
            matches.append(yaml)
    for m in matches:
        if not is_secret_name(m.group("name")):
            continue
        value = m.group("value")
        start, end = m.span("value")
        sep = m.group("sep").strip()
        if sep == "=" and m.re is _PAIR and value[:1] not in "\"'":
            # shell-like NAME=value: the value ends at the first blank
            cut = re.search(r"[ \t]", value)
            if cut:
                end = start + cut.start()
                value = value[: cut.start()]
        if value[:1] in "\"'" and len(value) >= 2 and value[-1] == value[0]:
            start += 1
            end -= 1
            value = value[1:-1]
        if not value or value.startswith("$") or _REFERENCE.match(value):
            continue
        found.append((start, end))
    for m in _URL_PASSWORD.finditer(line):
        pw = m.group("pw")
        if pw.startswith("$") and _REFERENCE.match(pw):
            continue
        found.append(m.span("pw"))
    found.sort()
    merged: list[tuple[int, int]] = []
    for s, e in found:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def mask_line(line: str) -> tuple[str, Callable[[int], int]]:
    """The line with secret values masked, and a map from each original column
    (0-based, up to ``len(line)``) to its column in the masked line."""
    regions = _regions(line)
    if not regions:
        return line, lambda i: i
    parts: list[str] = []
    pos = 0
    shifts: list[tuple[int, int, int]] = []  # (start, end, masked start)
    out_len = 0
    for s, e in regions:
        parts.append(line[pos:s])
        out_len += s - pos
        shifts.append((s, e, out_len))
        parts.append(MASK)
        out_len += len(MASK)
        pos = e
    parts.append(line[pos:])
    masked = "".join(parts)

    def remap(i: int) -> int:
        delta = 0
        for s, e, ms in shifts:
            if i < s:
                break
            if i < e:
                return ms + min(i - s, len(MASK))
            delta = ms + len(MASK) - e
        return i + delta

    return masked, remap


def mask(text: str) -> str:
    """``text`` (one or more lines) with secret values masked."""
    if "\n" in text:
        return "\n".join(mask_line(line)[0] for line in text.split("\n"))
    return mask_line(text)[0]
