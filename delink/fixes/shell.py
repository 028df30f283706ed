"""The shell writer: a :class:`~delink.planning.model.Plan` -> edits of ``docker run``
commands.

For the containers of a plan whose ``language == "shell"`` it writes:

* the network, created idempotently before the first container of the plan in each
  file: ``docker network inspect N >/dev/null 2>&1 || docker network create N`` on a line
  of its own before the enclosing statement (same indentation, same docker command
  word: ``sudo docker``, ``"$DOCKER"``), unless the file already creates ``N`` there;
* on a consumer: its first removed ``--link`` becomes ``--network N`` plus ``-e NAME=VALUE``
  for each explicit env var, the other links go with the blanks and line continuations
  before them; ``--network bridge|default`` is replaced by ``N``; links written in a
  variable are removed from the assignment (``VAR=""`` when nothing is left; nothing at
  all in a Makefile variable, whose quotes would reach the shell) and
  ``--network N`` goes after ``run``;
* on a target started in the file: `` --network N`` and `` --network-alias A`` after
  ``run`` / ``create`` (or ``N`` instead of ``--network bridge``);
* a target not started anywhere: ``docker network connect [--alias A] N TARGET
  2>/dev/null || true`` before the first consumer.

Every untouched character stays as it was; new lines use the file's line ending. The
writer returns None when it cannot write the plan safely (a command inside a string it
cannot escape for, a host language whose strings need escaping, overlapping edits):
the fix is then only displayed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING

from delink.diagnostics import Edit
from delink.facts import Container, Link, NetworkDecl
from delink.planning.model import ContainerEdits, ExplicitEnv, Plan
from delink.planning.writers import CannotWrite, container_edits
from delink.sources.shell.syntax import AssignmentSyntax, CommandSyntax, LinkSyntax
from delink.text import SourceText

if TYPE_CHECKING:
    from delink.project import Project

__all__ = ["shell_edits", "shell_quote", "write"]

# Host languages whose shell text is written as is (no string escaping around it).
_EDITABLE_HOSTS = frozenset(
    {"shell", "makefile", "markdown", "rst", "asciidoc", "ci-yaml", "dockerfile"}
)
# Documents: a reader runs their commands once, by hand, as a maintainer writes them
# (`docker network create N`); scripts may run again, so they guard what they create.
_DOCUMENTS = frozenset({"markdown", "rst", "asciidoc"})
_SAFE_WORD = re.compile(r"[A-Za-z0-9_./:@%+=,-]+")
_AS_WRITTEN = re.compile(
    r"[A-Za-z0-9_./:@%+=,-]*(?:\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z0-9_]+\}|\([A-Za-z0-9_]+\))[A-Za-z0-9_./:@%+=,-]*)*"
)
_EXPANSION_ONLY = re.compile(
    r"(?:[A-Za-z0-9_./:@%+=,-]|\$[A-Za-z_][A-Za-z0-9_]*|\$\{[^}\"'`\\]*\})+"
)


def _by_hand(syn: CommandSyntax) -> bool:
    """Whether the command is one a reader runs by hand: a document's, as written."""
    return syn.host_language in _DOCUMENTS and not syn.quoting and not syn.nested


def shell_quote(value: str) -> str:
    """A shell word for ``value``: bare when safe, double quotes when it holds
    ``$VAR`` expansions that must stay expansions, else single quotes."""
    if value and _SAFE_WORD.fullmatch(value):
        return value
    if value and "$" in value and _EXPANSION_ONLY.fullmatch(value):
        return f'"{value}"'
    return "'" + value.replace("'", "'\\''") + "'"


def _env_word(e: ExplicitEnv) -> str:
    if e.reference is not None and e.value is None:
        if e.required:
            return f'{e.name}="${{{e.reference}:?{e.required}}}"'
        return f'{e.name}="${e.reference}"'
    if e.value is None:
        return e.name
    return f"{e.name}={shell_quote(e.value)}" if e.value else f"{e.name}="


_Change = ContainerEdits[CommandSyntax]


class _Writer:
    def __init__(
        self,
        plan: Plan,
        texts: Mapping[str, SourceText],
        declared: Sequence[NetworkDecl] = (),
    ) -> None:
        self.plan = plan
        self.texts = texts
        self.declared = declared  # networks the project creates (with their program order)
        self.edits: list[Edit] = []
        self.changes: dict[str, _Change] = {}

    # -- the plan -----------------------------------------------------------------

    def _change(self, c: Container) -> _Change:
        return container_edits(self.changes, c, CommandSyntax, "shell")

    def write(self) -> list[Edit]:
        plan = self.plan
        for cc in plan.consumers:
            if cc.container.language != "shell":
                continue
            self._change(cc.container).add_consumer(cc)
        unplaced = []
        for t in plan.targets:
            if t.container is None or t.connect_only:
                unplaced.append(t)
                continue
            if t.container.language != "shell":
                continue
            self._change(t.container).add_target(t)
        if not self.changes:
            return []
        for ch in self.changes.values():
            self._check(ch)
        # network creation and connection, per file and block (a script's top level, a
        # function body), before the first container there whichever branch runs it
        by_block: dict[tuple[str, str], list[_Change]] = {}
        for ch in self.changes.values():
            by_block.setdefault((ch.syntax.path, ch.container.order.block), []).append(ch)
        for (path, block), chs in sorted(by_block.items()):
            chs.sort(key=lambda x: (_site_key(x.syntax), x.syntax.start))
            first = chs[0]
            if plan.create_network and any(x.join for x in chs):
                self._create_network(path, block, first)
            consumers = [x for x in chs if x.remove]
            if unplaced and consumers:
                for t in unplaced:
                    if t.join:
                        self._connect(consumers[0], t.name, t.aliases)
        assignments: dict[tuple[str, int], tuple[AssignmentSyntax, list[Link]]] = {}
        for ch in self.changes.values():
            self._command(ch, assignments)
        for (path, _), (asg, links) in sorted(assignments.items()):
            self._assignment(path, asg, links)
        self._no_overlaps()
        return self.edits

    def _check(self, ch: _Change) -> None:
        syn = ch.syntax
        if not syn.verbatim:
            raise CannotWrite("the command is not written verbatim in its file")
        if syn.quoting == "remote":
            raise CannotWrite("the command runs on another host (ssh)")
        if syn.quoting not in ("", "'", '"'):
            raise CannotWrite("the command is inside a string delink cannot escape for")
        if syn.host_language not in _EDITABLE_HOSTS:
            raise CannotWrite(f"shell inside {syn.host_language} strings is not edited")
        if syn.path not in self.texts:
            raise CannotWrite(f"{syn.path} was not read")
        for link in ch.remove:
            if not isinstance(link.syntax, LinkSyntax):
                raise CannotWrite("a link without shell syntax")

    # -- text helpers ----------------------------------------------------------------

    def _escape(self, syn: CommandSyntax, text: str, *, nested: bool = True) -> str:
        """``text`` as it must be written where the command is (inside quotes, in make)."""
        if nested and syn.quoting == "'":
            text = text.replace("'", "'\\''")
        elif nested and syn.quoting == '"':
            text = re.sub(r'([\\"$`])', r"\\\1", text)
        if syn.dialect == "make":
            # make expands $(VAR) / ${VAR} (text taken from the Makefile); a shell $ is $$
            text = re.sub(r"\$(?![({$])", "$$", text)
        return text

    def _add(self, edit: Edit) -> None:
        if edit not in self.edits:
            self.edits.append(edit)

    # -- network create / connect ------------------------------------------------------

    def _line_edit(self, ch: _Change, command: str, *, block: bool = False) -> Edit:
        """Put ``command`` before the statement that holds the container's command (with
        ``block``: before the statement of its program or function body that does)."""
        syn = ch.syntax
        src = self.texts[syn.path]
        if syn.quoting or syn.nested:
            # the command runs in a string given to another shell: the new command goes
            # in the same string, just before it
            return Edit.insert(syn.path, syn.start, self._escape(syn, command) + "; ")
        site = syn.statement
        if block and syn.block_statement is not None:
            site = syn.block_statement
        text = self._escape(syn, command, nested=False)
        if site.lines_ok:
            margin = site.margin if site.own_line else ""
            return Edit.insert(syn.path, site.line_start, margin + text + src.newline)
        return Edit.insert(syn.path, site.start, text + "; ")

    def _prefix(self, syn: CommandSyntax) -> str:
        prefix = syn.docker_prefix
        if not prefix or "\n" in prefix or "\r" in prefix:
            return "docker"
        return prefix

    def _create_network(self, path: str, block: str, first: _Change) -> None:
        n = self.plan.network
        syn = first.syntax
        src = self.texts[path]
        point = _site_key(syn)
        for decl in self.declared:
            if (
                decl.name == n
                and decl.span.path == path
                and decl.order.block == block
                and not decl.order.conditional
                and decl.span.start < point
            ):
                return
        if not block and _creates_network(src.text, point, n):
            return
        qn = shell_quote(n)
        p = self._prefix(syn)
        command = f"{p} network inspect {qn} >/dev/null 2>&1 || {p} network create {qn}"
        if _by_hand(syn):
            command = f"{p} network create {qn}"
        self._add(self._line_edit(first, command, block=True))

    def _connect(self, ch: _Change, target: str, aliases: list[str]) -> None:
        p = self._prefix(ch.syntax)
        parts = [p, "network", "connect"]
        for a in aliases:
            parts += ["--alias", shell_quote(a)]
        parts += [shell_quote(self.plan.network), _target_word(target)]
        command = " ".join(parts)
        if not _by_hand(ch.syntax):
            command += " 2>/dev/null || true"
        self._add(self._line_edit(ch, command))

    # -- the command ---------------------------------------------------------------------

    def _command(
        self, ch: _Change, assignments: dict[tuple[str, int], tuple[AssignmentSyntax, list[Link]]]
    ) -> None:
        syn = ch.syntax
        n = self.plan.network
        on_n = any(f.value == n for f in syn.networks)
        need_net = ch.join and not on_n
        first_net = syn.networks[0] if syn.networks else None
        bridge = (
            first_net
            if first_net is not None and first_net.value in ("bridge", "default")
            else None
        )
        text = self.texts[syn.path].text
        style = _Style.of(text[syn.start : syn.end])
        additions: list[str] = []
        if need_net and bridge is None:
            additions.append(style.flag("--network", shell_quote(n)))
        for a in ch.aliases:
            if a not in syn.network_aliases:
                additions.append(style.flag("--network-alias", shell_quote(a)))
        for e in ch.env:
            additions.append(style.env(e))
        if need_net and bridge is not None:
            self._add(
                Edit(
                    syn.path,
                    bridge.value_start,
                    bridge.value_end,
                    self._escape(syn, shell_quote(n)),
                )
            )
        direct: list[Link] = []
        for link in ch.remove:
            ls = link.syntax
            assert isinstance(ls, LinkSyntax)
            if ls.assignment is None:
                direct.append(link)
            else:
                key = (link.span.path, ls.assignment.id)
                entry = assignments.setdefault(key, (ls.assignment, []))
                if link not in entry[1]:
                    entry[1].append(link)
        direct.sort(key=lambda x: x.span.start)
        if direct:
            first = direct[0]
            fs = first.syntax
            assert isinstance(fs, LinkSyntax)
            if additions:
                self._replace_link(syn, fs, additions)
            else:
                self._add(Edit.delete(syn.path, fs.remove_start, fs.remove_end))
            for link in direct[1:]:
                ls = link.syntax
                assert isinstance(ls, LinkSyntax)
                self._add(Edit.delete(syn.path, ls.remove_start, ls.remove_end))
        elif additions:
            if syn.subcommand_end < 0:
                raise CannotWrite("`run` comes from a variable")
            self._insert_after_run(syn, additions)

    # -- the command's own layout ---------------------------------------------------------

    def _continued(self, syn: CommandSyntax) -> bool:
        return syn.continuation and not syn.quoting and not syn.nested

    def _separator(self, syn: CommandSyntax, at: int) -> str:
        r"""`` \`` and a new line indented like the command's continuation lines, for a
        flag that goes on a line of its own near ``at``."""
        text = self.texts[syn.path].text
        newline = "\r\n" if "\r\n" in text[syn.start : syn.end] else "\n"
        return " \\" + newline + _continuation_indent(text, syn.start, syn.end, at)

    def _replace_link(self, syn: CommandSyntax, fs: LinkSyntax, additions: list[str]) -> None:
        """The first link becomes the new flags: in a command that continues over
        several lines, one new flag per line, with the indent of its continuation lines;
        flags after the link on its line move to a line of their own."""
        if not self._continued(syn):
            self._add(Edit(syn.path, fs.start, fs.end, self._escape(syn, " ".join(additions))))
            return
        text = self.texts[syn.path].text
        sep = self._separator(syn, fs.start)
        body = sep.join(additions)
        after = text[fs.end : syn.end]
        rest = after.lstrip(" \t")
        if not rest or rest.startswith(("\\\n", "\\\r\n")):
            self._add(Edit(syn.path, fs.start, fs.end, self._escape(syn, body)))
            return
        blank = len(after) - len(rest)
        self._add(Edit(syn.path, fs.start, fs.end + blank, self._escape(syn, body + sep)))

    def _insert_after_run(self, syn: CommandSyntax, additions: list[str]) -> None:
        """A target's new flags: after ``run``, or, when the command's first line ends
        with a continuation and the next line starts with a flag, as lines of their own
        before that line."""
        text = self.texts[syn.path].text
        if self._continued(syn):
            eol = text.find("\n", syn.subcommand_end, syn.end)
            line = text[syn.subcommand_end : eol].rstrip("\r")
            if eol > 0 and line.endswith("\\"):
                nxt = eol + 1
                following = text[nxt : syn.end]
                indent = len(following) - len(following.lstrip(" \t"))
                if indent and following[indent : indent + 1] == "-":
                    newline = "\r\n" if text[eol - 1 : eol] == "\r" else "\n"
                    margin = following[:indent]
                    lines = "".join(f"{margin}{a} \\{newline}" for a in additions)
                    self._add(Edit.insert(syn.path, nxt, self._escape(syn, lines)))
                    return
        added = " " + self._escape(syn, " ".join(additions))
        self._add(Edit.insert(syn.path, syn.subcommand_end, added))

    def _assignment(self, path: str, asg: AssignmentSyntax, links: list[Link]) -> None:
        """Remove the ``--link`` words written in an assignment's value."""
        removed = [False] * len(asg.words)
        for link in links:
            for k, (a, b) in enumerate(asg.words):
                if link.span.start <= a and b <= link.span.end:
                    removed[k] = True
        if not any(removed):
            return
        if all(removed):
            if asg.kind in ("array", "make"):
                self._add(Edit(path, asg.inner_start, asg.inner_end, ""))
            else:
                self._add(Edit(path, asg.start, asg.end, '""'))
            return
        text = self.texts[path].text
        k = 0
        words = asg.words
        while k < len(words):
            if not removed[k]:
                k += 1
                continue
            j = k
            while j < len(words) and removed[j]:
                j += 1
            run_start, run_end = words[k][0], words[j - 1][1]
            if j < len(words) and "#" not in text[run_end : words[j][0]]:
                self._add(Edit.delete(path, run_start, words[j][0]))
            elif k > 0:
                self._add(Edit.delete(path, words[k - 1][1], run_end))
            else:
                self._add(Edit.delete(path, run_start, run_end))
            k = j

    def _no_overlaps(self) -> None:
        edits = sorted(self.edits, key=lambda e: (e.path, e.start, e.end))
        for a, b in pairwise(edits):
            if a.path == b.path and a.end > b.start and not (a.start == a.end == b.start):
                raise CannotWrite("edits overlap")


_ENV_FLAG = re.compile(r"""(?<![\w-])(-e|--env)(=|[ \t]+)(['"]?)[A-Za-z_]""")


@dataclass(frozen=True)
class _Style:
    """How a command writes its flags: ``--link=x`` gives ``--network=n``; its first
    ``-e`` / ``--env`` decides the env flag, its separator and its quotes."""

    eq: str = " "
    env_flag: str = "-e"
    env_eq: str = " "
    env_quote: str = ""

    @classmethod
    def of(cls, command: str) -> _Style:
        eq = "=" if _LINK_EQ.search(command) else " "
        m = _ENV_FLAG.search(command)
        if m is None:
            return cls(eq)
        sep = "=" if m.group(2) == "=" else " "
        return cls(eq, m.group(1), sep, m.group(3))

    def flag(self, name: str, value: str) -> str:
        return f"{name}{self.eq}{value}"

    def env(self, e: ExplicitEnv) -> str:
        word = _env_word(e)
        if self.env_quote and not any(c in word for c in "$'\"\\"):
            word = f"{self.env_quote}{word}{self.env_quote}"
        return f"{self.env_flag}{self.env_eq}{word}"


_LINK_EQ = re.compile(r"(?<![\w-])-?-link=")


def _continuation_indent(text: str, start: int, end: int, at: int) -> str:
    """The indent of the continuation lines of the command at ``[start, end)``: the one
    of the line holding ``at`` when it is a continuation line, else the next one's."""
    line = text.rfind("\n", 0, at) + 1
    if line > start:
        margin = text[line:at]
        return margin[: len(margin) - len(margin.lstrip(" \t"))]
    nxt = text.find("\n", at, end)
    if nxt >= 0:
        following = text[nxt + 1 : end]
        margin = following[: len(following) - len(following.lstrip(" \t"))]
        if margin:
            return margin
    return "  "


def _site_key(syn: CommandSyntax) -> int:
    if syn.quoting or syn.nested:
        return syn.start
    site = syn.block_statement or syn.statement
    return site.line_start


_CREATE = re.compile(r"network\s+create\b([^\n;|&]*)")
_NAME_WORD = re.compile(r"(?<![\w.$-])[\w.-]+")  # a name as a whole word of a create
_PLAIN_NAME = re.compile(r"[\w.-]+")


def _creates_network(text: str, point: int, name: str) -> bool:
    """Whether ``text[:point]`` creates the network ``name`` (``network create … name``).
    A plain name is looked up in an index of the text built once, so that the fixes of a
    file with many networks cost linear time, not one scan of the text each."""
    if _PLAIN_NAME.fullmatch(name):
        end = _created_names(text).get(name)
        return end is not None and end <= point
    pattern = r"network\s+create\b[^\n;|&]*?(?<![\w.$-])" + re.escape(name) + r"(?![\w.-])"
    return re.search(pattern, text[:point]) is not None


@lru_cache(maxsize=8)
def _created_names(text: str) -> dict[str, int]:
    """Each name that a ``network create`` of ``text`` mentions as a whole word, with the
    offset where its first mention ends."""
    out: dict[str, int] = {}
    for m in _CREATE.finditer(text):
        for w in _NAME_WORD.finditer(text, m.start(1), m.end(1)):
            out.setdefault(w.group(), w.end())
    return out


def _target_word(target: str) -> str:
    """The link target as a shell word: it is shell text already (``pg-$APP``, make's
    ``$(TAG)-redis``); an expansion in it is double-quoted (``"pg-$APP"``), so that it
    stays one word whatever its value."""
    if _AS_WRITTEN.fullmatch(target):
        return f'"{target}"' if "$" in target else target
    return shell_quote(target)


def write(plan: Plan, project: Project) -> list[Edit]:
    """Edits that carry out ``plan`` for its shell containers (CannotWrite when they
    cannot be written safely: the fix is then only displayed)."""
    return _Writer(plan, project.texts, project.networks).write()


def shell_edits(plan: Plan, texts: Mapping[str, SourceText]) -> list[Edit] | None:
    """:func:`write` on the given texts; None when it cannot be written."""
    try:
        return _Writer(plan, texts).write()
    except CannotWrite:
        return None
