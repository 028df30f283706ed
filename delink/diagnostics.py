"""Diagnostics, fixes and text edits: what rules produce and reporters print."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


class Applicability(str, Enum):
    """How safe a fix is (ruff's classes).

    ``safe``: behaviour is kept exactly; ``delink fix`` applies it.
    ``unsafe``: valid, but behaviour may change; needs ``--unsafe-fixes``.
    ``display-only``: a suggestion, never applied.
    """

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY_ONLY = "display-only"

    @property
    def rank(self) -> int:
        return {"safe": 0, "unsafe": 1, "display-only": 2}[self.value]

    def worst(self, other: Applicability) -> Applicability:
        return self if self.rank >= other.rank else other


@dataclass(frozen=True, order=True)
class Span:
    """A half-open range of character offsets ``[start, end)`` in one file."""

    path: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} before start {self.start}")

    def contains(self, other: Span) -> bool:
        return self.path == other.path and self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, order=True)
class Edit:
    """Replace ``[start, end)`` of ``path`` with ``content`` (an insertion when empty)."""

    path: str
    start: int
    end: int
    content: str

    @classmethod
    def insert(cls, path: str, at: int, content: str) -> Edit:
        return cls(path, at, at, content)

    @classmethod
    def delete(cls, path: str, start: int, end: int) -> Edit:
        return cls(path, start, end, "")

    @classmethod
    def replace(cls, span: Span, content: str) -> Edit:
        return cls(span.path, span.start, span.end, content)


@dataclass(frozen=True)
class Fix:
    applicability: Applicability
    message: str
    edits: tuple[Edit, ...]
    # why an unsafe fix may change behaviour, one clause per kind of reason (planning
    # fills it from the plan; the message says the same in a sentence)
    reasons: tuple[str, ...] = ()

    @property
    def paths(self) -> set[str]:
        return {e.path for e in self.edits}


@dataclass(frozen=True)
class Related:
    """Another location a diagnostic refers to, such as the other end of a link."""

    span: Span
    message: str


@dataclass
class Diagnostic:
    code: str
    name: str
    severity: Severity
    message: str
    span: Span
    fix: Fix | None = None
    related: list[Related] = field(default_factory=list)

    @property
    def path(self) -> str:
        return self.span.path

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.span.path, self.span.start, self.span.end, self.code)


def overlaps(a: Edit, b: Edit) -> bool:
    """Whether two edits touch the same characters (two insertions at one offset do)."""
    if a.path != b.path:
        return False
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    return a.start < b.end and b.start < a.end


def apply_edits(text: str, edits: list[Edit] | tuple[Edit, ...]) -> str:
    """Apply non-overlapping edits to one file's text, last offset first.

    Insertions at one offset keep their listed order in the result.
    """
    out = text
    order = sorted(enumerate(edits), key=lambda ie: (ie[1].start, ie[1].end, ie[0]), reverse=True)
    for _, edit in order:
        out = out[: edit.start] + edit.content + out[edit.end :]
    return out
