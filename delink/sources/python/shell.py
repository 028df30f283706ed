"""Shell inside Python strings, handed to the shell source with exact offsets.

Which strings: a string expression (a literal, an implicit concatenation, an f-string,
``'…' % args``, ``'…'.format(…)``, ``a + '…'``) whose text holds ``--link`` / ``-link``
in a docker command (``docker run …``, ``docker network connect …``) or starts with
such a flag (``"--link %s:%s" % (…)``, later spliced into a command: a synthetic
``docker run `` that maps to no character of the file is put before it); a string that
reads a link env var the shell way (``"psql -h $DB_PORT_5432_TCP_ADDR"``); an argv
list (``['docker', 'run', '--link', f'{db}:db', …]``), or a list of flags with a link
flag added to a docker argv (``[DOCKER, 'run'] + opts + ['-v', v, '--link', l]``), or
in a file that runs docker (a ``'docker'`` or ``'/usr/bin/docker'`` literal:
``cmd.extend(['--link', f'{db}:db'])``), or added a word at a time
(``args.append('--link')`` then ``args.append(spec)``); and the command of an SDK
container (``containers.run(image, "sh -c '… $DB_PORT_5432_TCP_ADDR'")``), whose reads
are that container's. Docstrings and the text of ``print``/logging/``raise`` are
mentions, not commands.

Computed parts become shell expansions: an unknown ``%s`` / ``{expr}`` is
``${expr}``-like (a value the shell does not know), a part delink resolved to a
constant is its value. Every character maps to the file characters it comes from, so
findings point inside the literal.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from delink.sources.embedded import FragmentBuilder, shell_fragment
from delink.sources.python.reads import literal_parts, template_of
from delink.sources.python.strings import Hole, Template

if TYPE_CHECKING:
    from delink.facts import FileFacts
    from delink.sources import Context
    from delink.sources.python.positions import Positions
    from delink.sources.python.scope import Resolver
    from delink.text import SourceText

__all__ = ["ShellStrings"]

_LINK_FLAG = re.compile(r"(?<![\w-])--?link(?:[ \t=]|$)")
_DOCKER_CMD = re.compile(
    r"\bdocker(?:\.exe)?[ \t]+(?:[-\w.=/\"$]+[ \t]+)*?(?:run|create|connect|rm)\b"
)
_FLAGS_FIRST = re.compile(r"\s*--?link\b")
_DOCKER_WORD = re.compile(r"['\"/]docker(?:\.exe)?['\"]")
_SHELL_READ = re.compile(r"\$\{?[A-Z][A-Z0-9_]*_(?:PORT|ENV)_")
_NAME = re.compile(r"[^A-Za-z0-9_]+")


def _placeholder(h: Hole) -> str:
    name = _NAME.sub("_", h.label.lower()).strip("_") or "x"
    if name[0].isdigit():
        name = "_" + name
    return "${" + name + "}"


class ShellStrings:
    def __init__(
        self, facts: FileFacts, src: SourceText, pos: Positions, r: Resolver, ctx: Context
    ) -> None:
        self.facts = facts
        self.src = src
        self.pos = pos
        self.r = r
        self.ctx = ctx
        self.done: set[int] = set()
        self._docker: bool | None = None

    def _docker_argv(self, node: ast.AST) -> bool:
        """A list of flags that is part of a docker argv: a later operand of ``+`` after
        ``[DOCKER, 'run', …]``, or any list in a file that runs docker (a ``'docker'`` or
        ``'/usr/bin/docker'`` literal)."""
        up = self.r.parent(node)
        while isinstance(up, ast.BinOp) and isinstance(up.op, ast.Add):
            head = up.left
            while isinstance(head, ast.BinOp) and isinstance(head.op, ast.Add):
                head = head.left
            if isinstance(head, (ast.List, ast.Tuple)) and head is not node and head.elts:
                first = head.elts[0]
                text = self.r.string(first) or _label(first)
                if re.search(r"(?i)docker", text):
                    return True
            up = self.r.parent(up)
        if self._docker is None:
            self._docker = _DOCKER_WORD.search(self.src.text) is not None
        return self._docker

    def _mark(self, node: ast.AST) -> None:
        for n in ast.walk(node):
            self.done.add(id(n))

    def candidate(self, node: ast.AST) -> bool:
        if isinstance(node, ast.Constant):
            return isinstance(node.value, str) and ("link" in node.value or "$" in node.value)
        if isinstance(node, (ast.JoinedStr, ast.BinOp, ast.Call)):
            return any("link" in p or "$" in p for p in literal_parts(node))
        return False

    def string(
        self, node: ast.AST, container_key: str | None = None, *, command: bool = False
    ) -> bool:
        """Hand ``node`` to the shell source when it holds a command; True if it did."""
        if id(node) in self.done:
            return False
        tpl = template_of(node, self.pos, self.r)
        if tpl is None or not tpl.items:
            return False
        text = "".join(ch for ch, _, _, _ in tpl.chars(_placeholder))
        flags_only = False
        if _LINK_FLAG.search(text):
            if _DOCKER_CMD.search(text):
                pass
            elif _FLAGS_FIRST.match(text):
                flags_only = True
            else:
                return False
        elif not (command or _SHELL_READ.search(text)):
            return False
        self._mark(node)
        self._hand(tpl, synth="docker run " if flags_only else "", container_key=container_key)
        return True

    def _hand(self, tpl: Template, *, synth: str, container_key: str | None) -> None:
        b = FragmentBuilder()
        b.synth(synth)
        for item in tpl.items:
            if isinstance(item, Hole):
                value = item.value if item.value is not None else _placeholder(item)
                b.put_span(value, item.start, item.end)
            else:
                b.put_span(item.text, item.start, item.end)
        frag, omap = b.build(tpl.end)
        shell_fragment(self.facts, self.src, frag, omap, self.ctx, container_key=container_key)

    def argv(
        self, node: ast.List | ast.Tuple, container_key: str | None = None, *, command: bool = False
    ) -> bool:
        """``['docker', 'run', '--link', 'db:db', …]`` (or a container's command list)."""
        if id(node) in self.done or not node.elts:
            return False
        flags_only = False
        if not command:
            head = node.elts[0]
            if not isinstance(head, ast.Constant) or not isinstance(head.value, str):
                return False
            if head.value.rsplit("/", 1)[-1] not in ("docker", "docker.exe", "sudo"):
                # docker flags added to an argv built elsewhere in a file that runs
                # docker: ``cmd.extend(['--link', f'{a}:{b}'])``
                if not (head.value.startswith("-") and self._docker_argv(node)):
                    return False
                flags_only = True
        words = self._words(node.elts)
        texts = ["".join(ch for ch, _, _, _ in w.chars(_placeholder)) for w in words]
        if not command:
            first = texts[0].rsplit("/", 1)[-1]
            if (
                not flags_only
                and first not in ("docker", "docker.exe")
                and not (first == "sudo" and "docker" in texts[1:2])
            ):
                return False
            if not any(_LINK_FLAG.match(t) for t in texts):
                return False
        elif not any("$" in t for t in texts):
            return False
        self._mark(node)
        self._hand_words(words, self.pos.end(node), flags_only, container_key)
        return True

    def appended(self, call: ast.Call) -> bool:
        """``args.append('--link')`` and, as the next statement, ``args.append(value)``:
        docker flags added one word at a time to an argv of a docker command (``args`` is
        concatenated after ``[DOCKER, 'run', …]``, or the file runs docker)."""
        first = _appended(call)
        if first is None or id(call) in self.done:
            return False
        var, word = first
        if not (isinstance(word, ast.Constant) and isinstance(word.value, str)):
            return False
        if not _LINK_FLAG.fullmatch(word.value.strip() + " "):
            return False
        stmt = self.r.parent(call)
        holder = self.r.parent(stmt) if isinstance(stmt, ast.Expr) else None
        body = getattr(holder, "body", None) if holder is not None else None
        if not isinstance(body, list) or stmt not in body:
            return False
        at = body.index(stmt)
        nxt = body[at + 1] if at + 1 < len(body) else None
        second = _appended(nxt.value) if isinstance(nxt, ast.Expr) else None
        if second is None or second[0] != var or not self._docker_var(var, call):
            return False
        assert isinstance(nxt, ast.Expr)
        self._mark(call)
        self._mark(nxt)
        self._hand_words(self._words([word, second[1]]), self.pos.end(nxt), True, None)
        return True

    def _docker_var(self, var: str, near: ast.AST) -> bool:
        """A list variable that a docker argv includes (``[DOCKER, 'run'] + var``), or any
        in a file that runs docker."""
        scope = self.r.scope(near).node
        for n in ast.walk(scope):
            if (
                isinstance(n, ast.Name)
                and n.id == var
                and isinstance(n.ctx, ast.Load)
                and isinstance(self.r.parent(n), ast.BinOp)
                and self._docker_argv(n)
            ):
                return True
        return self._docker_argv(near)

    def _words(self, elts: list[ast.expr]) -> list[Template]:
        words: list[Template] = []
        for e in elts:
            tpl = template_of(e, self.pos, self.r) if not isinstance(e, ast.Starred) else None
            if tpl is None or not tpl.items:
                tpl = Template(
                    [Hole(_label(e), self.pos.start(e), self.pos.end(e), self.r.string(e))]
                )
            words.append(tpl)
        return words

    def _hand_words(
        self, words: list[Template], end: int, flags_only: bool, container_key: str | None
    ) -> None:
        from delink.sources.embedded.argv import add_argv_word
        from delink.text import OffsetMap

        b = FragmentBuilder()
        b.synth("docker run " if flags_only else "")
        for k, w in enumerate(words):
            if k:
                b.synth(" ")
            pieces: list[tuple[str, OffsetMap | None, bool]] = []
            for item in w.items:
                if isinstance(item, Hole):
                    value = item.value if item.value is not None else _placeholder(item)
                    host = [item.start] * (len(value) - 1) + [max(item.start, item.end - 1)]
                    pieces.append((value, OffsetMap((*host, item.end)), item.value is None))
                else:
                    host = [item.start] * (len(item.text) - 1) + [max(item.start, item.end - 1)]
                    pieces.append((item.text, OffsetMap((*host, item.end)), False))
            add_argv_word(b, pieces)
        frag, omap = b.build(end)
        shell_fragment(self.facts, self.src, frag, omap, self.ctx, container_key=container_key)


def _appended(node: ast.AST | None) -> tuple[str, ast.expr] | None:
    """(variable, value) of ``var.append(value)``."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "append"
        and isinstance(node.func.value, ast.Name)
        and len(node.args) == 1
        and not node.keywords
    ):
        return node.func.value.id, node.args[0]
    return None


def _label(node: ast.AST) -> str:
    from delink.sources.python.reads import label

    return label(node)
