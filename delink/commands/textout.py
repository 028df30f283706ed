"""Small helpers the commands' text output shares: aligned columns and name lists."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from delink.commands.outlook import NEXT_ENGINE, EnvChange
from delink.escape import escape_text
from delink.secrets import MASK, is_secret

__all__ = ["change_clause", "masked", "names", "removal_clause", "shown", "table"]


def shown(name: str, value: str) -> str:
    """A variable's value as delink prints it: ``****`` for a secret (name or value)."""
    return MASK if is_secret(name, value) else value


def masked(env: Mapping[str, str]) -> dict[str, str]:
    """``env`` with every secret value replaced by ``****``."""
    return {k: shown(k, v) for k, v in env.items()}


def change_clause(change: EnvChange) -> str:
    """``; with it, 29.0 computes the new algorithm: …`` (empty when nothing changes)."""
    if not change:
        return ""
    parts = [f"{k} becomes {escape_text(shown(k, b))}" for k, (_a, b) in change.changed.items()]
    if change.added:
        parts.append(f"adds {names(change.added)}")
    if change.removed:
        parts.append(f"drops {names(change.removed)}")
    return f"; with it, {NEXT_ENGINE} computes the new algorithm: " + "; ".join(parts)


def removal_clause(hosts: Sequence[str]) -> str:
    """What Engine 30 takes with default-bridge links (empty without /etc/hosts names)."""
    if not hosts:
        return ""
    return (
        "; links on the default bridge are scheduled for removal, and with them the "
        f"/etc/hosts names {names(hosts)}"
    )


def table(rows: Sequence[Sequence[str]], indent: str) -> list[str]:
    """Rows as lines, every column but the last padded to its widest cell."""
    if not rows:
        return []
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    out = []
    for r in rows:
        cells = [r[i].ljust(widths[i]) for i in range(len(widths))] + [r[-1]]
        out.append((indent + "  ".join(cells)).rstrip())
    return out


def names(items: Sequence[str]) -> str:
    """```a```, ```a`` and ``b```, ```a``, ``b`` and ``c```: every item, escaped."""
    shown = [f"`{escape_text(i)}`" for i in items]
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]
