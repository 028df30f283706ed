"""What a container's legacy links give it on one engine, and what Engine 29 and 30 change.

Shared by ``delink explain`` (consumers in the repository, run-time values as
placeholders) and ``delink inspect`` (containers of a live daemon, real values). The
semantics are :mod:`delink.model`'s; this module only combines them per container:

* the env is the concatenation of every link's :func:`~delink.model.link_env` as the
  daemon appends them, reduced to what the process sees (the last value of a name wins,
  :func:`~delink.model.dedupe_env`), minus the names the container sets itself (its own
  ``Config.Env`` replaces a link var of the same name);
* Engine 29 computes the new algorithm, and injects it only when the daemon runs with
  ``DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS=1``;
* Engine 30 removes the env vars and the escape hatch; links on the default bridge are
  scheduled for removal, and with them the ``/etc/hosts`` names they write.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from delink.model import dedupe_env, link_env, old_env_algorithm

__all__ = [
    "ESCAPE_HATCH",
    "NEXT_ENGINE",
    "EnvChange",
    "HostsLine",
    "LinkEnvInput",
    "algorithm",
    "combined_env",
    "diff",
]

ESCAPE_HATCH = "DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS=1"
NEXT_ENGINE = "29.0"  # the first engine that stops injecting link env by default


@dataclass
class HostsLine:
    """One ``/etc/hosts`` line a legacy link writes: ``<address>\t<names>``."""

    address: str
    names: list[str]


@dataclass(frozen=True)
class LinkEnvInput:
    """One legacy link as the daemon sees it: the full link name (``/web/db``), the
    target's address, exposed ports and ``Config.Env`` entries (``K=V``)."""

    link_name: str
    address: str
    ports: tuple[str, ...]
    child_env: tuple[str, ...]


def combined_env(
    links: Iterable[LinkEnvInput], engine: str, own: Iterable[str] = ()
) -> tuple[dict[str, str], list[str], list[str]]:
    """The link env a process gets on ``engine`` when the daemon injects it.

    Returns ``(env, overridden, collisions)``: ``env`` in emission order (link by
    link), ``overridden`` the link var names the container sets itself (they are not
    in ``env``), ``collisions`` the names two links both produce with different values
    (which one wins depends on Go's map order: random).
    """
    own_names = set(own)
    entries: list[str] = []
    first: dict[str, str] = {}
    collisions: list[str] = []
    for link in links:
        mine = dedupe_env(
            link_env(link.link_name, link.address, link.ports, link.child_env, engine)
        )
        for entry in mine:
            key, _, value = entry.partition("=")
            if key in first and first[key] != value and key not in collisions:
                collisions.append(key)
            first.setdefault(key, value)
        entries += mine
    env: dict[str, str] = {}
    overridden: list[str] = []
    for entry in dedupe_env(entries):
        key, _, value = entry.partition("=")
        if key in own_names:
            if key not in overridden:
                overridden.append(key)
            continue
        env[key] = value
    return env, overridden, collisions


def algorithm(engine: str) -> str:
    """``"old"`` for engines up to 27.x, else ``"new"`` (``link-semantics.md`` 1.3-1.5)."""
    return "old" if old_env_algorithm(engine) else "new"


@dataclass
class EnvChange:
    """How an env differs from another: values that change, names that appear or go."""

    changed: dict[str, tuple[str, str]] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changed or self.added or self.removed)


def diff(before: dict[str, str], after: dict[str, str]) -> EnvChange:
    out = EnvChange()
    for key, value in before.items():
        if key not in after:
            out.removed.append(key)
        elif after[key] != value:
            out.changed[key] = (value, after[key])
    out.added = [k for k in after if k not in before]
    return out
