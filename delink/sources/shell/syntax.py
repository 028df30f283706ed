"""Syntax handles the shell source leaves on its facts for the shell fix writer.

``Container.syntax`` is a :class:`CommandSyntax`, ``Link.syntax`` a :class:`LinkSyntax`.
All offsets are host offsets (characters) in the file the fact belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class StatementSite:
    """Where a new command can go before the statement that holds a docker command:
    the enclosing statement of a statement list (a top-level command, a line of a
    function or loop body; never inside ``$( )``, a pipeline, an ``&&`` list or a
    continuation line)."""

    start: int  # the statement's first character
    line_start: int  # start of its line
    margin: str  # text between line_start and start (indentation, a prompt, "\t@")
    own_line: bool  # nothing but ``margin`` before the statement on its line
    lines_ok: bool  # a whole line may be inserted at ``line_start``


@dataclass(frozen=True)
class FlagSite:
    """A flag with its value (``--network bridge``, ``--net=bridge``)."""

    start: int
    end: int
    value_start: int
    value_end: int
    value: str | None  # the value when static


@dataclass(frozen=True)
class AssignmentSyntax:
    """``VAR=value`` / ``VAR+=(...)`` that carries ``--link`` words into a command."""

    variable: str
    id: int  # unique in the file
    start: int  # the value as written, quotes included
    end: int
    inner_start: int  # inside the quotes / parentheses
    inner_end: int
    kind: str  # "string", "array", "word", or "make" (a Makefile variable: no quotes)
    words: tuple[tuple[int, int], ...]  # every word of the value (host spans)


@dataclass(frozen=True)
class HostAssignment:
    """A variable the host file assigns outside its shell fragments (a Makefile's
    ``LINKING = --link db:db``): ``$(LINKING)`` in a fragment expands to its value."""

    name: str
    start: int  # the value as written (host offsets)
    end: int
    append: bool = False  # ``+=``
    operator_end: int = -1  # just after ``=`` (what an emptied value keeps), else ``start``


@dataclass
class CommandSyntax:
    """A ``docker run`` / ``docker create`` command as written."""

    path: str
    host_language: str  # language of the file (shell, makefile, markdown, ...)
    dialect: str  # "sh" or "make" ($ is written $$)
    quoting: str  # "" plain; "'" or '"' when the command is inside a quoted string
    verbatim: bool  # the host text of the command is the shell text (edits are safe)
    start: int
    end: int
    docker_prefix: str  # how the script runs docker: "docker", "sudo docker", '"$DOCKER"'
    subcommand_end: int  # just after "run" / "create"; -1 when it comes from a variable
    statement: StatementSite
    continuation: bool  # the command is split with backslash-newlines
    networks: list[FlagSite] = field(default_factory=list)  # every --network / --net
    network_aliases: list[str] = field(default_factory=list)  # static --network-alias values
    newline: str = "\n"
    nested: bool = False  # inside a string run by another shell (sh -c, eval, ssh)
    # the statement of its program or function body that holds it (an `if`, a loop):
    # what goes before it there runs before it whichever branch runs it
    block_statement: StatementSite | None = None


@dataclass(frozen=True)
class LinkSyntax:
    start: int  # the flag and its value
    end: int
    remove_start: int  # what to delete to drop the link (with the blank before it)
    remove_end: int
    assignment: AssignmentSyntax | None = None  # the link is written in this assignment
