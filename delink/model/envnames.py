"""The grammar of link env var names: ``DB_PORT_5432_TCP_ADDR`` → prefix, port, field.

Shapes (``A`` is the prefix, ``N`` a port number, ``P`` ``TCP``/``UDP``/``SCTP`` in
upper case, exactly as the engine writes them):

============== ============================ =============================
shape          name                         value (``ip`` = child IP)
============== ============================ =============================
``port-url``   ``A_PORT``                   ``p://ip:N`` of the default port
``port``       ``A_PORT_N_P``               ``p://ip:N``
``addr``       ``A_PORT_N_P_ADDR``          ``ip``
``port-number````A_PORT_N_P_PORT``          ``N``
``proto``      ``A_PORT_N_P_PROTO``         ``p``
``start``      ``A_PORT_N_P_START``         ``p://ip:N`` (range start)
``port-start`` ``A_PORT_N_P_PORT_START``    ``N``
``end``        ``A_PORT_N_P_END``           ``p://ip:E`` (range end)
``port-end``   ``A_PORT_N_P_PORT_END``      ``E``
``name``       ``A_NAME``                   ``/parent/alias``
``env``        ``A_ENV_X``                  the child's ``X``
============== ============================ =============================

A name can have several readings (``A_PORT_80_TCP_PORT`` is ``port-number`` of ``A``
or ``port-url`` of ``A_PORT_80_TCP``); :func:`parse_link_var` picks the one with the
shortest prefix (the first marker wins), :func:`link_var_candidates` lists them all.
A prefix is what :func:`~delink.model.linkenv.env_prefix` can produce: never empty, no
ASCII lower-case letter, no ``-``, ``/``, ``:`` or ``=``.

``A_PORT`` and ``A_NAME`` collide with ordinary settings (``DB_PORT=5432``,
``DB_NAME=app``): they are *ambiguous* and worth a finding only when a known link
alias produces the prefix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from delink.model.linkenv import env_prefix, go_upper

__all__ = [
    "AMBIGUOUS_SHAPES",
    "ENV_PREFIX_DENYLIST",
    "SHAPES",
    "UNAMBIGUOUS_LINK_VAR_RE",
    "UNAMBIGUOUS_LINK_VAR_RE_BYTES",
    "LinkVar",
    "alias_regex",
    "aliases_for_prefix",
    "is_possible_prefix",
    "is_unambiguous_link_var",
    "link_var_candidates",
    "parse_link_var",
    "prefix_matches_alias",
]

SHAPES = frozenset(
    {
        "port-url",
        "port",
        "addr",
        "port-number",
        "proto",
        "start",
        "port-start",
        "end",
        "port-end",
        "name",
        "env",
    }
)
AMBIGUOUS_SHAPES = frozenset({"port-url", "name"})

# Prefixes whose ``<P>_ENV_<X>`` names are ordinary settings, not link vars. Each one
# is a prefix whose ``<P>_ENV`` is a well-known framework or tool setting, so that
# ``<P>_ENV_<X>`` names are derived settings far more often than a link with that
# alias: NODE_ENV (Node.js), RAILS_ENV and RACK_ENV (Ruby), FLASK_ENV (Flask), MIX_ENV
# (Elixir), BABEL_ENV (Babel), GO_ENV (Buffalo), and VIRTUAL_ENV, whose
# VIRTUAL_ENV_PROMPT / VIRTUAL_ENV_DISABLE_PROMPT are set by Python's venv and
# virtualenv. Deliberately *not* denied: APP, WEB, DB, DOCKER and the like, which
# are common link aliases (moby's own tests use ``docker``).
ENV_PREFIX_DENYLIST = frozenset({"NODE", "RAILS", "RACK", "FLASK", "MIX", "BABEL", "GO", "VIRTUAL"})

# Every unambiguous link var contains a match (the converse does not hold): a cheap
# prefilter for raw file text or bytes before any parsing.
_UNAMBIGUOUS_PATTERN = r"_(?:PORT_[0-9]{1,5}_(?:TCP|UDP|SCTP)|ENV_)"
UNAMBIGUOUS_LINK_VAR_RE = re.compile(_UNAMBIGUOUS_PATTERN)
UNAMBIGUOUS_LINK_VAR_RE_BYTES = re.compile(_UNAMBIGUOUS_PATTERN.encode("ascii"))

_FIELDS = {
    "": "port",
    "_ADDR": "addr",
    "_PORT": "port-number",
    "_PROTO": "proto",
    "_START": "start",
    "_PORT_START": "port-start",
    "_END": "end",
    "_PORT_END": "port-end",
}
_PORT_VAR_RE = re.compile(
    r"_PORT_(?P<port>0|[1-9][0-9]{0,4})_(?P<proto>TCP|UDP|SCTP)"
    r"(?P<field>_ADDR|_PORT|_PROTO|_START|_PORT_START|_END|_PORT_END)?"
)
_IMPOSSIBLE_PREFIX_RE = re.compile(r"[a-z\-/:=]")


@dataclass(frozen=True)
class LinkVar:
    """One reading of a link env var name.

    ``field`` is the part after ``A_PORT_N_P_`` for the port shapes (``ADDR``, ``PORT``,
    ``PROTO``, ``START``, ``PORT_START``, ``END``, ``PORT_END``; None for ``A_PORT_N_P``
    itself and for the other shapes). ``proto`` is lower-case, as in the values.
    """

    name: str
    prefix: str
    shape: str
    port: int | None = None
    proto: str | None = None
    field: str | None = None
    env_name: str | None = None

    @property
    def ambiguous(self) -> bool:
        """True for ``A_PORT`` and ``A_NAME``, which ordinary settings also use."""
        return self.shape in AMBIGUOUS_SHAPES

    @property
    def port_key(self) -> str | None:
        """``"5432/tcp"`` for the port shapes, else None."""
        if self.port is None or self.proto is None:
            return None
        return f"{self.port}/{self.proto}"


def is_possible_prefix(prefix: str) -> bool:
    """Could :func:`env_prefix` produce this prefix from some alias?"""
    return prefix != "" and _IMPOSSIBLE_PREFIX_RE.search(prefix) is None


def link_var_candidates(name: str) -> list[LinkVar]:
    """Every reading of ``name`` as a link var, shortest prefix first."""
    if "=" in name:
        return []  # a process env name never contains "="
    out: list[LinkVar] = []
    start = 0  # scan every "_PORT_" (finditer would skip overlapping readings)
    while True:
        k = name.find("_PORT_", start)
        if k < 0:
            break
        m = _PORT_VAR_RE.fullmatch(name, k)
        if m is not None and int(m.group("port")) <= 65535:
            field = m.group("field") or ""
            out.append(
                LinkVar(
                    name=name,
                    prefix=name[:k],
                    shape=_FIELDS[field],
                    port=int(m.group("port")),
                    proto=m.group("proto").lower(),
                    field=field[1:] or None,
                )
            )
        start = k + 1
    start = 0
    while True:
        k = name.find("_ENV_", start)
        if k < 0:
            break
        out.append(LinkVar(name=name, prefix=name[:k], shape="env", env_name=name[k + 5 :]))
        start = k + 1
    if name.endswith("_PORT"):
        out.append(LinkVar(name=name, prefix=name[:-5], shape="port-url"))
    if name.endswith("_NAME"):
        out.append(LinkVar(name=name, prefix=name[:-5], shape="name"))
    out = [v for v in out if is_possible_prefix(v.prefix)]
    out.sort(key=lambda v: len(v.prefix))
    return out


def parse_link_var(name: str) -> LinkVar | None:
    """The reading of ``name`` with the shortest prefix, or None if it is no link var.

    ``DB_1_PORT_5432_TCP_ADDR`` → prefix ``DB_1``, port 5432, proto ``tcp``, shape
    ``addr``; ``REDSHIFT_DB_PORT`` → prefix ``REDSHIFT_DB``, shape ``port-url``.
    """
    candidates = link_var_candidates(name)
    return candidates[0] if candidates else None


def is_unambiguous_link_var(name: str) -> bool:
    """A name worth flagging even without a known link: a port var with a number and a
    protocol, or an ``_ENV_`` var whose prefix is not an ordinary setting's."""
    var = parse_link_var(name)
    if var is None or var.ambiguous:
        return False
    return not (var.shape == "env" and var.prefix in ENV_PREFIX_DENYLIST)


def prefix_matches_alias(prefix: str, alias: str) -> bool:
    """Does link alias ``alias`` produce the variable prefix ``prefix``?"""
    return env_prefix(alias) == prefix


def aliases_for_prefix(prefix: str, aliases: Iterable[str]) -> list[str]:
    """The aliases (in the given order) that produce ``prefix``: ``WEB_DB`` ← ``web-db``,
    ``web_db``, ``WEB-DB``."""
    return [a for a in aliases if env_prefix(a) == prefix]


# The only non-ASCII runes Go upper-cases to ASCII letters.
_ASCII_UPPER_EXTRA = {"I": ["\u0131"], "S": ["\u017f"]}  # dotless ı, long ſ


@cache
def _upper_inverse() -> dict[str, tuple[str, ...]]:
    """Go upper case → every rune that upper-cases to it (built once, on first use).

    Cased letters all live in the first two Unicode planes.
    """
    inverse: dict[str, list[str]] = {}
    for cp in range(0x20000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        up = go_upper(c)
        if up != c:
            inverse.setdefault(up, []).append(c)
    return {k: tuple(v) for k, v in inverse.items()}


def alias_regex(prefix: str) -> str:
    """A regex source matching (with ``re.fullmatch``) exactly the alias spellings that
    produce ``prefix``: each ``_`` is ``[-_]`` and each letter matches every rune Go
    upper-cases to it (``S`` also matches ``s`` and ``ſ``). A prefix that no alias can
    produce gives a regex that matches nothing."""
    if not is_possible_prefix(prefix):
        return "(?!)"
    parts: list[str] = []
    for ch in prefix:
        if ch == "_":
            parts.append("[-_]")
            continue
        if ch.isascii():  # fast path, same result as the full table (tested)
            sources = [ch.lower()] if ch.isupper() else []
            sources += _ASCII_UPPER_EXTRA.get(ch, [])
        else:
            sources = list(_upper_inverse().get(ch, ()))
        if go_upper(ch) == ch:
            sources.insert(0, ch)
        if not sources:
            return "(?!)"
        if len(sources) == 1:
            parts.append(re.escape(sources[0]))
        else:
            parts.append("[" + "".join(re.escape(c) for c in sources) + "]")
    return "".join(parts)
