"""What the shell reader passes around: a fragment being read, a command read into
words, and the context a docker subcommand handler gets (:class:`DockerCall`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from delink.facts import TOP_LEVEL, Container, Order
from delink.sources.shell.syntax import StatementSite
from delink.sources.shell.words import Mapper, Word

if TYPE_CHECKING:
    from tree_sitter import Node

    from delink.sources.shell.extract import Extractor
    from delink.sources.shell.flow import Flow
    from delink.sources.shell.locate import ByteChars


@dataclass
class Fragment:
    """One piece of shell text being read, and how it maps to the host."""

    text: str
    m: Mapper
    container_key: str | None
    dialect: str
    depth: int
    quoting: str  # the quotes this text is written in, in the host
    outer: StatementSite | None  # for nested fragments: the host statement
    serial: int = 0
    # program order: where the fragment itself runs (a nested fragment: its host
    # command's order; a Makefile recipe: its rule), then, in fragment offsets, the
    # function bodies (with their names) and the parts that may not run
    order: Order = TOP_LEVEL
    functions: list[tuple[int, int, str]] = field(default_factory=list)
    conditional: list[tuple[int, int]] = field(default_factory=list)

    def order_at(self, offset: int) -> Order:
        """The program order of a command that starts at ``offset`` (fragment)."""
        block = self.order.block
        inner = [f for f in self.functions if f[0] <= offset < f[1]]
        if inner:
            name = max(inner, key=lambda f: f[0])[2]
            block = f"{block} / function {name}" if block else f"function {name}"
        conditional = self.order.conditional or any(a <= offset < b for a, b in self.conditional)
        return Order(block, conditional)


@dataclass
class Command:
    """A simple command read into words."""

    words: list[Word]  # after variable expansion
    origin: list[int]  # index in ``orig`` of each word
    orig: list[Word]  # as written
    start: int  # host span
    end: int
    fstart: int  # fragment span
    fend: int
    frag: Fragment
    site: StatementSite
    node: Node | None = None
    method: str = "tokenizer"
    heredoc: tuple[int, int, bool] | None = None  # body (fragment span), delimiter quoted
    bc: ByteChars | None = None  # byte -> char offsets of the fragment (tree-sitter commands)
    consumed: set[int] | None = None  # ids of command nodes read as part of another command
    stand_ins: set[int] = field(default_factory=set)  # ids of words a wrapper's name stands for
    unwrapped: int = 0  # wrapper functions expanded so far

    @property
    def order(self) -> Order:
        return self.frag.order_at(self.fstart)

    def orig_of(self, k: int) -> Word:
        """The word as written that produced expanded word ``k``."""
        k = max(0, min(k, len(self.words) - 1))
        w = self.words[k]
        if w.src == 0 and w.via is None:
            return w
        return self.orig[self.origin[k]]


@dataclass
class Pending:
    """A container started by a command, with the fragment span of that command (to
    find ``CID=$(docker run …)``)."""

    container: Container
    fstart: int
    fend: int
    serial: int


@dataclass
class DockerCall:
    """A docker command, as its subcommand handler gets it."""

    ex: Extractor
    cmd: Command
    flow: Flow
    docker: int  # index of the docker word in ``cmd.words``
    kept_prefix: list[int]  # wrapper words worth repeating (``sudo``, ``env X=1``)
    names: tuple[str, ...]  # the subcommand: ("run",), ("container", "create"), ...
    after: int  # index of the first word after the subcommand

    @property
    def words(self) -> list[Word]:
        return self.cmd.words
