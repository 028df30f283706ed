"""Small helpers the commands' text output shares: aligned columns and name lists."""

from __future__ import annotations

from collections.abc import Sequence

from delink.escape import escape_text

__all__ = ["names", "table"]


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
