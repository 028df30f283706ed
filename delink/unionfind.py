"""Union-find over string keys: which keys end up in one group.

The root of a group is its smallest key, so group keys do not depend on the order in
which pairs are joined.
"""

from __future__ import annotations

__all__ = ["UnionFind"]


class UnionFind:
    __slots__ = ("_parent",)

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        """The root of ``x``'s group (``x`` joins as a group of its own when new)."""
        parent = self._parent
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        """Put ``a`` and ``b`` in one group."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)
