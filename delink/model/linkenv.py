"""The env vars the daemon computes for one legacy link (moby ``daemon/links/links.go``).

Two algorithms, chosen by engine version (``link-semantics.md`` sections 1.2 to 1.6):

* **old** (engines up to v27.x, ``getDefaultPort`` + ``nextContiguous``): ports sorted
  by number with tcp first on a tie (protocols interleaved); the default ``A_PORT`` is
  the numerically lowest port of any protocol; a range needs at least 3 "contiguous"
  entries, where contiguity ignores the protocol and an equal number also advances the
  counter; each range block (``_START``, ``_ADDR``, ``_PROTO``, ``_PORT_START``,
  ``_END``, ``_PORT_END``, the two ``_END`` keyed on the *end* port's protocol) comes
  before all per-port vars, so ``_ADDR``/``_PROTO`` of a range start appear twice.
* **new** (v28 and later, ``withTCPPriority``): tcp ports first, then the other
  protocols grouped by name (``sctp`` < ``udp``), ascending; a range is a run of at
  least 2 ports with consecutive numbers *and* the same protocol; its four vars come
  after the per-port vars of the port that broke the run (or of the last port).

v29+ computes the new algorithm too (only with the daemon's escape hatch; whether the
vars are injected at all is :func:`delink.model.network.env_injected`).

Where Go leaves an order unspecified (the old sort is not stable: two non-tcp
protocols on the same number), this module picks protocol name order (``sctp`` before
``udp``) and says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from delink.model.linkspec import go_path_base
from delink.model.ports import split_port
from delink.model.version import old_env_algorithm

__all__ = [
    "dedupe_env",
    "default_port",
    "env_prefix",
    "go_upper",
    "link_env",
    "sort_ports",
]

Port = tuple[int, str]  # (number, protocol), protocol lower-case


def _go_upper_rune(c: str) -> str:
    """Go ``unicode.ToUpper`` for one rune: the *simple* upper-case mapping.

    Python's ``str.upper`` applies the full (SpecialCasing) mapping, which can give
    several characters (``ß`` → ``SS``); Go never does. When the full upper case is
    longer than one character, the simple mapping is the single-character title case
    if there is one (``ᾀ`` → ``ᾈ``), else the rune itself (``ß``, ``ﬁ``, ``ŉ``).
    """
    up = c.upper()
    if len(up) == 1:
        return up
    title = c.title()
    if len(title) == 1:
        return title
    return c


def go_upper(s: str) -> str:
    """Go ``strings.ToUpper``: per-rune simple upper-casing."""
    if s.isascii():
        return s.upper()
    return "".join(_go_upper_rune(c) for c in s)


def env_prefix(alias_or_link_name: str) -> str:
    """The variable prefix of a link: last path element, Go ``ToUpper``, ``-`` → ``_``.

    ``"/web/db"`` → ``DB``; ``"docker-1"`` → ``DOCKER_1``; ``"my.db"`` → ``MY.DB``.
    Nothing else changes (dots, spaces and non-ASCII survive).
    """
    return go_upper(go_path_base(alias_or_link_name)).replace("-", "_")


def _unique_ports(ports: Iterable[str]) -> list[Port]:
    """ExposedPorts is a set: normalize and drop duplicates (first spelling wins)."""
    seen: dict[Port, None] = {}
    for p in ports:
        seen.setdefault(split_port(p), None)
    return list(seen)


def _old_key(p: Port) -> tuple[int, int, str]:
    # less(i, j) = i.num < j.num || (i.num == j.num && i.proto == "tcp")
    return (p[0], 0 if p[1] == "tcp" else 1, p[1])


def _new_key(p: Port) -> tuple[int, str, int]:
    # withTCPPriority: tcp first; other protocols by name; then by number
    return (0 if p[1] == "tcp" else 1, p[1], p[0])


def sort_ports(ports: Iterable[str], engine: str = "28.0") -> list[str]:
    """The ports in the order the engine's ``ToEnv`` walks them (normalized)."""
    key = _old_key if old_env_algorithm(engine) else _new_key
    return [f"{n}/{p}" for n, p in sorted(_unique_ports(ports), key=key)]


def default_port(ports: Iterable[str], engine: str = "28.0") -> str | None:
    """The port behind the bare ``A_PORT`` variable, or None without ports."""
    ordered = sort_ports(ports, engine)
    return ordered[0] if ordered else None


def _child_env_vars(prefix: str, child_env: Iterable[str] | None) -> list[str]:
    out: list[str] = []
    for entry in child_env or ():
        name, sep, value = entry.partition("=")
        if not sep:
            continue  # a bare "-e FOO" the CLI kept: not exported
        if name in ("HOME", "PATH"):
            continue  # "added during docker build (and not really relevant)"
        out.append(f"{prefix}_ENV_{name}={value}")
    return out


def _per_port(prefix: str, ip: str, p: Port) -> list[str]:
    num, proto = p
    key = f"{prefix}_PORT_{num}_{proto.upper()}"
    return [
        f"{key}={proto}://{ip}:{num}",
        f"{key}_ADDR={ip}",
        f"{key}_PORT={num}",
        f"{key}_PROTO={proto}",
    ]


def _old_next_contiguous(ports: Sequence[Port], value: int, index: int) -> int:
    if index + 1 == len(ports):
        return index
    for i in range(index + 1, len(ports)):
        if ports[i][0] > value + 1:
            return i - 1
        value += 1
    return len(ports) - 1


def _old_port_vars(prefix: str, ip: str, ports: Sequence[Port]) -> list[str]:
    env: list[str] = []
    i = 0
    while i < len(ports):
        num, proto = ports[i]
        j = _old_next_contiguous(ports, num, i)
        if j > i + 1:
            key = f"{prefix}_PORT_{num}_{proto.upper()}"
            end_num, end_proto = ports[j]
            end_key = f"{prefix}_PORT_{num}_{end_proto.upper()}"
            env += [
                f"{key}_START={proto}://{ip}:{num}",
                f"{key}_ADDR={ip}",
                f"{key}_PROTO={proto}",
                f"{key}_PORT_START={num}",
                f"{end_key}_END={end_proto}://{ip}:{end_num}",
                f"{end_key}_PORT_END={end_num}",
            ]
            i = j + 1
        else:
            i += 1
    for p in ports:
        env += _per_port(prefix, ip, p)
    return env


def _new_port_vars(prefix: str, ip: str, ports: Sequence[Port]) -> list[str]:
    env: list[str] = []
    start: Port | None = None
    end: Port | None = None
    for i, p in enumerate(ports):
        if start is None or end is None:
            start = end = p
        env += _per_port(prefix, ip, p)
        if p[0] == end[0] + 1 and p[1] == end[1]:
            end = p
            if i < len(ports) - 1:
                continue
        if end != start:
            key = f"{prefix}_PORT_{start[0]}_{start[1].upper()}"
            env += [
                f"{key}_START={start[1]}://{ip}:{start[0]}",
                f"{key}_PORT_START={start[0]}",
                f"{key}_END={end[1]}://{ip}:{end[0]}",
                f"{key}_PORT_END={end[0]}",
            ]
        start = end = p
    return env


def dedupe_env(entries: Iterable[str]) -> list[str]:
    """The env a container process actually sees: runc keeps only the **last** value of
    each name (``os.Setenv`` in older runc, ``prepareEnv`` in newer), in the order of
    those last occurrences. So the old algorithm's repeated ``_ADDR``/``_PROTO`` reach
    the process once, and of a child env name given twice the last value wins.
    """
    seen: set[str] = set()
    out: list[str] = []
    for entry in reversed(list(entries)):
        key = entry.partition("=")[0]
        if key not in seen:
            seen.add(key)
            out.append(entry)
    out.reverse()
    return out


def link_env(
    link_name: str,
    child_ip: str,
    ports: Iterable[str],
    child_env: Iterable[str] | None = None,
    engine: str = "28.0",
) -> list[str]:
    """The ``K=V`` strings the engine computes for one link, in its emission order.

    ``link_name`` is the full link name (``/web/db``); the prefix is its last element.
    ``ports`` are the child's exposed ports (``"5432/tcp"``, ``"53/udp"``, a bare
    ``"80"`` is tcp); duplicates collapse, as ExposedPorts is a set. ``child_env`` is
    the child's ``Config.Env``. Order within the result: ``A_PORT``, the port blocks,
    ``A_NAME``, then ``A_ENV_*`` in child order (Docker's own tests compare sorted).
    """
    prefix = env_prefix(link_name)
    old = old_env_algorithm(engine)
    ordered = sorted(_unique_ports(ports), key=_old_key if old else _new_key)
    env: list[str] = []
    if ordered:
        num, proto = ordered[0]
        env.append(f"{prefix}_PORT={proto}://{child_ip}:{num}")
        if old:
            env += _old_port_vars(prefix, child_ip, ordered)
        else:
            env += _new_port_vars(prefix, child_ip, ordered)
    env.append(f"{prefix}_NAME={link_name}")
    env += _child_env_vars(prefix, child_env)
    return env
