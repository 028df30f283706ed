"""Program order: which container holds a name when a linked container starts.

A link reaches the container that holds its target's name when the consumer starts:
the last one started with that name before it, in execution order, with ``docker rm``
and ``docker rename`` in between taken into account. Within one block of one file
(:class:`~delink.facts.Order`: a script's top level, a Markdown document, a function
body, a Makefile rule) commands run in text order. Across blocks and files the order is
not known: a block contributes the containers that hold the name when it ends, and a
script's link does not reach a container that only a document (a README) starts when a
script starts one too; a document's link does not reach a container that only a page of
an unrelated directory starts (another image's page). When more than one container may
hold the name, the resolution says so (``certain`` False).
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass

from delink.facts import Container, Link, NameChange, Order

_DOCUMENTS = (".md", ".markdown", ".mdown", ".mkd", ".rst", ".adoc", ".txt")


def _document(path: str) -> bool:
    return path.lower().endswith(_DOCUMENTS)


def _related(path: str, other: str) -> bool:
    """Two documents describe one setup when one's directory holds the other's (a
    README and the pages of its docs/ folder), not as pages of sibling directories."""
    a, b = posixpath.dirname(path), posixpath.dirname(other)
    return a == b or not a or not b or b.startswith(a + "/") or a.startswith(b + "/")


@dataclass(frozen=True)
class Resolution:
    """The containers a link may reach, best first; ``certain``: exactly one, by program
    order or because no other container has the name."""

    targets: tuple[Container, ...]
    certain: bool = True


def name_key(path: str, literal: str | None, display: str) -> str:
    """Index key of a name: a static name is global in docker; a name written with
    variables (``"$P-db"``) is meaningful within its file only."""
    if literal is not None:
        return literal.lstrip("/")
    return f"{path}\0{display.lstrip('/')}"


@dataclass(frozen=True)
class _Event:
    offset: int
    order: Order
    name: str  # the name key it concerns
    container: Container | None = None  # a start
    new: str | None = None  # a rename: the new name key (None with no container: rm)


class Timeline:
    """Container starts, removals and renames of every block, in text order."""

    def __init__(self, containers: list[Container], changes: list[NameChange]) -> None:
        self.blocks: dict[tuple[str, str], list[_Event]] = defaultdict(list)
        self.changed: set[str] = set()  # names some rm / rename touches
        self.renamed: dict[str, set[str]] = defaultdict(set)  # new name -> old names
        for c in containers:
            if c.language == "compose" or c.name is None or not c.name.display:
                continue
            key = name_key(c.path, c.name.literal, c.name.display)
            self.blocks[(c.path, c.order.block)].append(
                _Event(c.span.start, c.order, key, container=c)
            )
        for ch in changes:
            key = name_key(ch.span.path, ch.name.literal, ch.name.display)
            new = name_key(ch.span.path, ch.new.literal, ch.new.display) if ch.new else None
            self.changed.add(key)
            if new is not None:
                self.changed.add(new)
                self.renamed[new].add(key)
            self.blocks[(ch.span.path, ch.order.block)].append(
                _Event(ch.span.start, ch.order, key, new=new)
            )
        for events in self.blocks.values():
            events.sort(key=lambda e: e.offset)

    def former_names(self, key: str) -> list[str]:
        """Names a container may have had before ``docker rename`` gave it ``key``."""
        out: list[str] = []
        todo = [key]
        while todo:
            for old in sorted(self.renamed.get(todo.pop(), ())):
                if old not in out and old != key:
                    out.append(old)
                    todo.append(old)
        return out

    @staticmethod
    def _holders(events: list[_Event], until: int | None) -> dict[str, list[Container]]:
        """Who may hold each name after the events before ``until`` (None: all)."""
        state: dict[str, list[Container]] = {}
        for e in events:
            if until is not None and e.offset >= until:
                break
            if e.container is not None:
                if e.order.conditional:
                    held = state.get(e.name, [])
                    state[e.name] = [*held, e.container] if e.container not in held else held
                else:
                    state[e.name] = [e.container]
                continue
            moved = state.get(e.name, [])
            if e.new is not None:
                if e.order.conditional:
                    state[e.new] = [*state.get(e.new, []), *moved]
                else:
                    state[e.new] = list(moved)
            if not e.order.conditional:
                state[e.name] = []
        return state

    def resolve(self, link: Link, candidates: list[Container], key: str) -> Resolution:
        """Which of ``candidates`` (the containers named ``key``) the link reaches."""
        if _document(link.span.path):
            # a page of an unrelated directory (another image's page) describes another
            # setup: the reader of this one started the target some other way
            candidates = [
                c for c in candidates if not _document(c.path) or _related(link.span.path, c.path)
            ]
        if not candidates:
            return Resolution(())
        if len(candidates) == 1 and key not in self.changed:
            return Resolution((candidates[0],))
        consumer = link.consumer
        if consumer is not None and consumer.path == link.span.path:
            path, block, at = consumer.path, consumer.order.block, consumer.span.start
        else:
            path, block, at = link.span.path, "", link.span.start
        mine = self.blocks.get((path, block), [])
        before = [c for c in self._holders(mine, at).get(key, []) if c in candidates]
        if before:
            before.reverse()  # the last started first
            return Resolution(tuple(before), certain=len(before) == 1)
        # not started before it in its own block: whatever holds the name when another
        # block ends, or is started later in this one (the order is not known)
        found: list[Container] = []
        for (p, b), events in self.blocks.items():
            if (p, b) == (path, block):
                later = [e.container for e in events if e.container is not None and e.offset > at]
                found += [c for c in later if c in candidates]
            else:
                found += [c for c in self._holders(events, None).get(key, []) if c in candidates]
        found += [c for c in candidates if c.language == "compose"]
        found = list(dict.fromkeys(found)) or list(candidates)
        if not _document(path):
            # a script's link reaches what scripts start: a document only describes
            # the same setup (or another one), which a script does not run
            found = [c for c in found if not _document(c.path)] or found
        found.sort(key=lambda c: (0 if c.path == path else 1, c.path, c.span.start))
        if _document(path) and all(_document(c.path) for c in found):
            # documents that start a container of this name describe the one setup the
            # reader follows: whichever it is, it has the name and moves alike
            return Resolution(tuple(found[:1]))
        return Resolution(tuple(found), certain=len(found) == 1)
