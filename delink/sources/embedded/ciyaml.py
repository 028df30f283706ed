"""CI files: shell in ``.travis.yml``, GitHub Actions, GitLab CI, CircleCI, Bitbucket,
Drone, Azure Pipelines, AppVeyor, Wercker, Codeship and Cloud Build files.

The file is composed with pyyaml (the C loader when present) and walked by node:

* the string scalars under ``run``, ``script``, ``before_script``, ``install``,
  ``command``, ``commands`` and the other script keys (:data:`SCRIPT_KEYS`), alone or in
  (nested) lists, are shell fragments;
* ``env`` / ``environment`` / ``variables`` entries: a mapping key or a Travis-style
  ``NAME=value`` string whose NAME is link-shaped is an :class:`~delink.facts.EnvSet`
  (a shim); a quoted value that holds a ``docker`` command (``BUILD="docker run … --link
  db"``, later run by ``eval $BUILD``) is a shell fragment of its own; other Travis
  entries go to the shell source as the assignments they are;
* GitHub ``options:`` next to an ``image:`` (job containers, services) are
  ``docker create`` flags; Cloud Build steps of the docker builder have an argv ``args``.

:func:`scalar_chars` maps a scalar's value back to its host characters for every
style (plain, single- and double-quoted with escapes and folding, literal ``|`` and
folded ``>`` with chomping and indentation indicators): it replays pyyaml's scanner on
the host text, recording where each value character comes from, and checks the result
against the value pyyaml produced. GitHub ``${{ … }}`` expressions are not shell: they
become a same-length ``${…}`` placeholder.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar

from delink.diagnostics import Span
from delink.facts import EnvSet, FileFacts, Statement
from delink.model import is_unambiguous_link_var
from delink.sources.embedded import (
    FragmentBuilder,
    HostSource,
    interpolation_placeholder,
    invalid_yaml,
    problem,
    shell_fragment,
)
from delink.text import OffsetMap

if TYPE_CHECKING:
    from delink.sources import Context
    from delink.text import SourceText

__all__ = [
    "SCRIPT_KEYS",
    "SOURCE",
    "add_argv_word",
    "extract_fragment",
    "load_nodes",
    "looks_like_ci",
    "scalar_chars",
]

LANGUAGE = "ci-yaml"

SCRIPT_KEYS = frozenset(
    {
        "run",
        "script",
        "scripts",
        "before_script",
        "after_script",
        "install",
        "before_install",
        "before_deploy",
        "after_deploy",
        "after_success",
        "after_failure",
        "before_cache",
        "command",
        "commands",
        "pre",
        "post",
        "override",
        "build_script",
        "test_script",
        "before_build",
        "after_build",
        "before_test",
        "after_test",
        "deploy_script",
        "on_success",
        "on_failure",
        "on_finish",
        "bash",
        "sh",
        "inline",
        "inlineScript",
        "code",
        "setup",
        "cleanup",
    }
)
ENV_KEYS = frozenset({"env", "environment", "variables"})
_NOT_SHELL = frozenset({"pwsh", "powershell", "cmd", "python", "node"})
_LINE_BREAKS = "\r\n\x85\u2028\u2029"
_EOF = "\0"


# -- scalar value -> host characters ------------------------------------------------------


class _Replay:
    """Replays pyyaml's scalar scanner on the host text, recording for each value
    character the host offset it comes from (an escape maps to its backslash, a folded
    line break to the break)."""

    def __init__(self, text: str, pos: int) -> None:
        self.text = text
        self.pos = pos
        self.ls = text.rfind("\n", 0, pos) + 1
        cr = text.rfind("\r", 0, pos) + 1
        if cr > self.ls:
            self.ls = cr
        self.out = FragmentBuilder()

    # reader
    def peek(self, k: int = 0) -> str:
        i = self.pos + k
        return self.text[i] if i < len(self.text) else _EOF

    @property
    def column(self) -> int:
        return self.pos - self.ls

    def forward(self, n: int = 1) -> None:
        for _ in range(n):
            ch = self.peek()
            if ch == _EOF:
                return
            self.pos += 1
            if ch in "\n\x85\u2028\u2029" or (ch == "\r" and self.peek() != "\n"):
                self.ls = self.pos

    def line_break(self) -> tuple[str, int]:
        ch = self.peek()
        at = self.pos
        if ch in "\r\n\x85":
            self.forward(2 if self.text.startswith("\r\n", self.pos) else 1)
            return "\n", at
        if ch in "\u2028\u2029":
            self.forward()
            return ch, at
        return "", at

    # plain
    def plain(self, end: int) -> None:
        out = self.out
        spaces: list[tuple[str, int, bool]] = []
        while self.pos < end:
            length = 0
            while self.pos + length < end and self.peek(length) not in " \t" + _LINE_BREAKS:
                length += 1
            if length == 0:
                break
            for t, at, literal in spaces:
                if literal:
                    out.add(at, t)
                else:
                    out.put(t, at)
            out.add(self.pos, self.text[self.pos : self.pos + length])
            self.forward(length)
            spaces = self.plain_spaces()
            if not spaces or self.pos >= end:
                break

    def plain_spaces(self) -> list[tuple[str, int, bool]]:
        """Whitespace between two chunks: kept as written, or folded (a line break
        becomes a space at the break, more breaks stay line breaks)."""
        chunks: list[tuple[str, int, bool]] = []
        start = self.pos
        length = 0
        while self.peek(length) == " ":
            length += 1
        self.forward(length)
        if self.peek() in _LINE_BREAKS:
            lb, at = self.line_break()
            breaks: list[tuple[str, int]] = []
            while self.peek() in " " + _LINE_BREAKS:
                if self.peek() == " ":
                    self.forward()
                else:
                    breaks.append(self.line_break())
            if lb != "\n":
                chunks.append((lb, at, False))
            elif not breaks:
                chunks.append((" ", at, False))
            chunks.extend((t, b, False) for t, b in breaks)
        elif length:
            chunks.append((self.text[start : start + length], start, True))
        return chunks

    # quoted
    _ESCAPES: ClassVar[dict[str, str]] = {
        "0": "\0",
        "a": "\x07",
        "b": "\x08",
        "t": "\x09",
        "\t": "\x09",
        "n": "\x0a",
        "v": "\x0b",
        "f": "\x0c",
        "r": "\x0d",
        "e": "\x1b",
        " ": " ",
        '"': '"',
        "\\": "\\",
        "/": "/",
        "N": "\x85",
        "_": "\xa0",
        "L": "\u2028",
        "P": "\u2029",
    }
    _CODES: ClassVar[dict[str, int]] = {"x": 2, "u": 4, "U": 8}

    def flow(self, double: bool) -> None:
        quote = self.peek()
        self.forward()
        self.flow_non_spaces(double)
        while self.peek() != quote:
            if self.peek() == _EOF:
                raise ValueError("unterminated quoted scalar")
            self.flow_spaces()
            self.flow_non_spaces(double)
        self.forward()

    def flow_non_spaces(self, double: bool) -> None:
        out = self.out
        while True:
            length = 0
            while self.peek(length) not in "'\"\\\0 \t" + _LINE_BREAKS:
                length += 1
            if length:
                out.add(self.pos, self.text[self.pos : self.pos + length])
                self.forward(length)
            ch = self.peek()
            if not double and ch == "'" and self.peek(1) == "'":
                out.put("'", self.pos)
                self.forward(2)
            elif (double and ch == "'") or (not double and ch in '"\\'):
                out.add(self.pos, ch)
                self.forward()
            elif double and ch == "\\":
                at = self.pos
                self.forward()
                ch = self.peek()
                if ch in self._ESCAPES:
                    out.put(self._ESCAPES[ch], at)
                    self.forward()
                elif ch in self._CODES:
                    n = self._CODES[ch]
                    self.forward()
                    out.put(chr(int(self.text[self.pos : self.pos + n], 16)), at)
                    self.forward(n)
                elif ch in _LINE_BREAKS:
                    self.line_break()
                    for t, b in self.flow_breaks():
                        out.put(t, b)
                else:
                    raise ValueError(f"unknown escape {ch!r}")
            else:
                return

    def flow_spaces(self) -> None:
        out = self.out
        start = self.pos
        length = 0
        while self.peek(length) in " \t":
            length += 1
        self.forward(length)
        if self.peek() in _LINE_BREAKS:
            lb, at = self.line_break()
            breaks = self.flow_breaks()
            if lb != "\n":
                out.put(lb, at)
            elif not breaks:
                out.put(" ", at)
            for t, b in breaks:
                out.put(t, b)
        elif length:
            out.add(start, self.text[start : start + length])

    def flow_breaks(self) -> list[tuple[str, int]]:
        chunks: list[tuple[str, int]] = []
        while True:
            while self.peek() in " \t":
                self.forward()
            if self.peek() in _LINE_BREAKS:
                chunks.append(self.line_break())
            else:
                return chunks

    # block
    def block(self, folded: bool, min_indent: int) -> None:
        out = self.out
        self.forward()  # | or >
        chomping: bool | None = None
        increment: int | None = None
        ch = self.peek()
        if ch in "+-":
            chomping = ch == "+"
            self.forward()
            if self.peek().isdigit():
                increment = int(self.peek())
                self.forward()
        elif ch.isdigit():
            increment = int(ch)
            self.forward()
            if self.peek() in "+-":
                chomping = self.peek() == "+"
                self.forward()
        while self.peek() == " ":
            self.forward()
        if self.peek() == "#":
            while self.peek() not in _EOF + _LINE_BREAKS:
                self.forward()
        self.line_break()
        min_indent = max(min_indent, 1)
        breaks: list[tuple[str, int]]
        if increment is None:
            breaks, max_indent = self.block_indentation()
            indent = max(min_indent, max_indent)
        else:
            indent = min_indent + increment - 1
            breaks = self.block_breaks(indent)
        lb, lb_at = "", self.pos
        while self.column == indent and self.peek() != _EOF:
            for t, b in breaks:
                out.put(t, b)
            leading_non_space = self.peek() not in " \t"
            length = 0
            while self.peek(length) not in _EOF + _LINE_BREAKS:
                length += 1
            out.add(self.pos, self.text[self.pos : self.pos + length])
            self.forward(length)
            lb, lb_at = self.line_break()
            breaks = self.block_breaks(indent)
            if self.column == indent and self.peek() != _EOF:
                if folded and lb == "\n" and leading_non_space and self.peek() not in " \t":
                    if not breaks:
                        out.put(" ", lb_at)
                else:
                    out.put(lb, lb_at)
            else:
                break
        if chomping is not False and lb:
            out.put(lb, lb_at)
        if chomping is True:
            for t, b in breaks:
                out.put(t, b)

    def block_indentation(self) -> tuple[list[tuple[str, int]], int]:
        chunks: list[tuple[str, int]] = []
        max_indent = 0
        while self.peek() in " " + _LINE_BREAKS and self.peek() != _EOF:
            if self.peek() != " ":
                chunks.append(self.line_break())
            else:
                self.forward()
                max_indent = max(max_indent, self.column)
        return chunks, max_indent

    def block_breaks(self, indent: int) -> list[tuple[str, int]]:
        chunks: list[tuple[str, int]] = []
        while self.column < indent and self.peek() == " ":
            self.forward()
        while self.peek() in _LINE_BREAKS and self.peek() != _EOF:
            chunks.append(self.line_break())
            while self.column < indent and self.peek() == " ":
                self.forward()
        return chunks


def scalar_chars(text: str, node: Any, min_indent: int = 1) -> tuple[str, OffsetMap] | None:
    """The value of a pyyaml ``ScalarNode`` and the host offset of each character, or
    None when the host text does not reproduce the value (then nothing is guessed).

    ``min_indent`` is the indentation a block scalar's content must exceed (the
    column of the key or ``-`` that holds it, plus one); other values are tried when
    the first guess does not reproduce the value.
    """
    start = node.start_mark.index
    end = node.end_mark.index
    style = node.style or None
    value = node.value
    if not isinstance(value, str):
        return None
    candidates = (
        [min_indent]
        if style not in ("|", ">")
        else _indent_candidates(min_indent, node.start_mark.column)
    )
    for indent in candidates:
        replay = _Replay(text, start)
        try:
            if style is None:
                replay.plain(end)
            elif style in ("'", '"'):
                replay.flow(style == '"')
            else:
                replay.block(style == ">", indent)
        except (ValueError, IndexError):
            return None
        frag, omap = replay.out.build(end)
        if frag == value:
            return frag, omap
    return None


def _indent_candidates(first: int, column: int) -> list[int]:
    out = [first]
    for k in range(1, column + 2):
        if k not in out:
            out.append(k)
    return out


# -- argv words ---------------------------------------------------------------------------

_SAFE_WORD = re.compile(r"[A-Za-z0-9_@%+=:,./-]+")


def add_argv_word(b: FragmentBuilder, pieces: list[tuple[str, OffsetMap | None, bool]]) -> None:
    """Append one argv element as a single shell word.

    ``pieces`` are ``(text, omap, expansion)``: literal text (with the host offset of
    each character in ``omap``) or an expansion placeholder (``${…}``) that must stay
    an expansion. Literal text with shell-special characters is double-quoted with
    synthetic quotes and backslashes, so the shell sees the same argument.
    """
    literal = "".join(t for t, _, exp in pieces if not exp)
    plain = all(_SAFE_WORD.fullmatch(t) for t, _, exp in pieces if not exp and t)
    if not literal and not any(exp for _, _, exp in pieces):
        b.synth("''")
        return
    quote = not plain
    if quote:
        b.synth('"')
    for text, omap, exp in pieces:
        if omap is None:
            b.synth(text)
            continue
        for i, ch in enumerate(text):
            if quote and not exp and ch in '"\\$`':
                b.put("\\", omap(i))
            b.put(ch, omap(i))
    if quote:
        b.synth('"')


# -- the CI file walker ---------------------------------------------------------------------


def load_nodes(text: str) -> list[Any]:
    """Compose every document (the C loader when present). Raises ``yaml.YAMLError``."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    return [n for n in yaml.compose_all(text, Loader=loader) if n is not None]


_GH_EXPR = re.compile(r"\$\{\{.*?\}\}", re.DOTALL)
_ASSIGN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")


class _Walker:
    def __init__(
        self,
        facts: FileFacts,
        src: SourceText,
        ctx: Context,
        text: str | None = None,
        outer: OffsetMap | None = None,
    ) -> None:
        self.facts = facts
        self.src = src
        self.ctx = ctx
        self.text = src.text if text is None else text  # the YAML text
        self.outer = outer  # YAML text offsets -> host offsets (YAML inside Markdown)
        self.seen: set[int] = set()

    def host(self, i: int) -> int:
        return self.outer(i) if self.outer is not None else i

    def host_end(self, i: int) -> int:
        return self.outer.end(i) if self.outer is not None else i

    def scalar(self, node: Any, min_indent: int = 1) -> tuple[str, OffsetMap] | None:
        got = scalar_chars(self.text, node, min_indent)
        if got is None or self.outer is None:
            return got
        return got[0], self.outer.compose(got[1])

    def chars(self, node: Any, min_indent: int) -> tuple[str, OffsetMap] | None:
        got = self.scalar(node, min_indent)
        if got is None:
            problem(
                self.facts,
                self.src.path,
                self.host(node.start_mark.index),
                self.host_end(node.end_mark.index),
                "could not map this YAML string to its characters; the shell in it was not read",
            )
        return got

    def walk(self, node: Any, parent_indent: int = -1) -> None:
        import yaml

        if isinstance(node, yaml.MappingNode):
            keys = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
            shell = keys.get("shell")
            not_shell = (
                isinstance(shell, yaml.ScalarNode)
                and str(shell.value).split()[0:1] != []
                and str(shell.value).split()[0] in _NOT_SHELL
            )
            for k, v in node.value:
                if not isinstance(k, yaml.ScalarNode):
                    continue
                key = k.value
                col = k.start_mark.column
                if key in SCRIPT_KEYS or key in ENV_KEYS:
                    self.statement(k.start_mark.index, v.end_mark.index)
                if key in SCRIPT_KEYS and not (not_shell and key == "run") and self.script(v, col):
                    continue
                if key in ENV_KEYS and self.env(v, col, travis=key == "env"):
                    continue
                if key == "options" and isinstance(keys.get("image"), yaml.ScalarNode):
                    self.options(v, keys["image"], col)
                    continue
                if key == "args" and isinstance(v, yaml.SequenceNode):
                    self.cloudbuild_args(keys, v, col)
                    continue
                self.walk(v, col)
        elif isinstance(node, yaml.SequenceNode):
            col = node.start_mark.column
            for item in node.value:
                self.walk(item, col)

    def statement(self, start: int, end: int) -> None:
        """A YAML node an own-line suppression comment before it covers."""
        self.facts.statements.append(Statement(self.host(start), self.host_end(end)))

    def script(self, node: Any, parent_indent: int) -> bool:
        """Shell fragments from a script value; False if it is not a script shape."""
        import yaml

        if isinstance(node, yaml.ScalarNode):
            if node.tag != "tag:yaml.org,2002:str" or id(node) in self.seen:
                return True
            self.seen.add(id(node))
            got = self.chars(node, parent_indent + 1)
            if got is not None:
                self.fragment(*got)
            return True
        if isinstance(node, yaml.SequenceNode):
            for item in node.value:
                self.statement(item.start_mark.index, item.end_mark.index)
                if isinstance(item, (yaml.ScalarNode, yaml.SequenceNode)):
                    self.script(item, node.start_mark.column)
                else:
                    self.walk(item, node.start_mark.column)
            return True
        return False

    def fragment(self, value: str, omap: OffsetMap) -> None:
        if "${{" in value:
            value = _GH_EXPR.sub(lambda m: interpolation_placeholder(m.group()), value)
        shell_fragment(self.facts, self.src, value, omap, self.ctx)

    def env(self, node: Any, parent_indent: int, travis: bool = True) -> bool:
        import yaml

        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if not isinstance(k, yaml.ScalarNode):
                    continue
                if k.value in ("global", "matrix", "jobs") and isinstance(
                    v, (yaml.SequenceNode, yaml.MappingNode)
                ):
                    self.env(v, k.start_mark.column)
                    continue
                name = str(k.value)
                if is_unambiguous_link_var(name):
                    start = k.start_mark.index + (1 if k.style in ("'", '"') else 0)
                    span = Span(self.src.path, self.host(start), self.host_end(start + len(name)))
                    self.facts.env_sets.append(EnvSet(name, span))
                if isinstance(v, (yaml.MappingNode, yaml.SequenceNode)):
                    self.walk(v, k.start_mark.column)
            return True
        if isinstance(node, yaml.SequenceNode):
            for item in node.value:
                self.statement(item.start_mark.index, item.end_mark.index)
                if isinstance(item, yaml.ScalarNode) and isinstance(item.value, str):
                    if id(item) in self.seen:
                        continue
                    self.seen.add(id(item))
                    got = self.chars(item, node.start_mark.column + 1)
                    if got is not None:
                        self.env_entry(*got)
                else:
                    self.env(item, node.start_mark.column)
            return True
        if travis and isinstance(node, yaml.ScalarNode) and isinstance(node.value, str):
            # Travis allows one string: env: FOO=1 BAR=2
            if id(node) in self.seen:
                return True
            self.seen.add(id(node))
            got = self.chars(node, parent_indent + 1)
            if got is not None:
                self.env_entry(*got)
            return True
        return False

    def env_entry(self, value: str, omap: OffsetMap) -> None:
        """A Travis-style entry: ``NAME=value NAME2="x y"``, shell assignments."""
        pos = 0
        n = len(value)
        ran_value = False
        while pos < n:
            while pos < n and value[pos] in " \t\r\n":
                pos += 1
            m = _ASSIGN.match(value, pos)
            if m is None:
                break
            name = value[pos : m.end() - 1]
            if is_unambiguous_link_var(name):
                self.facts.env_sets.append(
                    EnvSet(name, Span(self.src.path, omap(pos), omap.end(m.end() - 1)))
                )
            pos = m.end()
            word = FragmentBuilder()
            pos = _shell_word(value, pos, omap, word)
            inner = word.text
            if re.search(r"\bdocker\b", inner):
                frag, inner_map = word.build(omap.end(pos))
                shell_fragment(self.facts, self.src, frag, inner_map, self.ctx)
                ran_value = True
        if not ran_value:
            self.fragment(value, omap)

    def options(self, node: Any, image: Any, parent_indent: int) -> None:
        """GitHub job container / service ``options:``: ``docker create`` flags."""
        import yaml

        if not isinstance(node, yaml.ScalarNode) or not isinstance(node.value, str):
            return
        got = self.chars(node, parent_indent + 1)
        img = self.scalar(image)
        if got is None:
            return
        value, omap = got
        b = FragmentBuilder()
        b.synth("docker create ")
        for i, ch in enumerate(value):
            b.put_span(ch, omap(i), omap.end(i + 1))
        if img is not None:
            b.synth(" ")
            ivalue, imap = img
            add_argv_word(
                b,
                [
                    (
                        _GH_EXPR.sub(lambda m: interpolation_placeholder(m.group()), ivalue),
                        imap,
                        "${{" in ivalue,
                    )
                ],
            )
            frag, fmap = b.build(self.host_end(image.end_mark.index))
        else:
            frag, fmap = b.build(self.host_end(node.end_mark.index))
        self.fragment(frag, fmap)

    def cloudbuild_args(self, keys: dict[Any, Any], node: Any, parent_indent: int) -> None:
        """Cloud Build: ``name: …/docker`` + ``args: [run, --link, …]`` is a docker
        argv; ``entrypoint: bash`` + ``args: [-c, script]`` runs a script."""
        import yaml

        items = [x for x in node.value if isinstance(x, yaml.ScalarNode)]
        builder = keys.get("name")
        entry = keys.get("entrypoint")
        entry_value = str(entry.value) if isinstance(entry, yaml.ScalarNode) else ""
        if entry_value.rsplit("/", 1)[-1] in ("bash", "sh"):
            for i, item in enumerate(items[:-1]):
                if item.value == "-c":
                    got = self.chars(items[i + 1], node.start_mark.column + 1)
                    if got is not None:
                        self.fragment(*got)
            return
        name = str(builder.value) if isinstance(builder, yaml.ScalarNode) else ""
        if name.rsplit("/", 1)[-1].split(":")[0] != "docker" or entry_value:
            self.walk(node, parent_indent)
            return
        b = FragmentBuilder()
        b.synth("docker")
        for item in items:
            got = self.chars(item, node.start_mark.column + 1)
            if got is None:
                return
            b.synth(" ")
            add_argv_word(b, [(got[0], got[1], False)])
        frag, fmap = b.build(self.host_end(node.end_mark.index))
        self.fragment(frag, fmap)


def _shell_word(value: str, pos: int, omap: OffsetMap, out: FragmentBuilder) -> int:
    """Read one shell word of ``value`` from ``pos`` (quote removal), appending its
    characters to ``out`` with host offsets; returns the end position."""
    n = len(value)
    while pos < n and value[pos] not in " \t\r\n;&|":
        c = value[pos]
        if c == "'":
            close = value.find("'", pos + 1)
            if close < 0:
                close = n
            for i in range(pos + 1, close):
                out.put_span(value[i], omap(i), omap.end(i + 1))
            pos = close + 1
        elif c == '"':
            pos += 1
            while pos < n and value[pos] != '"':
                if value[pos] == "\\" and pos + 1 < n and value[pos + 1] in '"\\$`\n':
                    pos += 1
                out.put_span(value[pos], omap(pos), omap.end(pos + 1))
                pos += 1
            pos += 1
        elif c == "\\" and pos + 1 < n:
            out.put_span(value[pos + 1], omap(pos + 1), omap.end(pos + 2))
            pos += 2
        else:
            out.put_span(c, omap(pos), omap.end(pos + 1))
            pos += 1
    return min(pos, n)


def looks_like_ci(text: str) -> bool:
    """Does a YAML text (a Markdown block) look like a CI file rather than Compose?"""
    return bool(_CI_SHAPE.search(text))


_CI_SHAPE = re.compile(
    r"^[ \t]*-?[ \t]*(?:script|before_script|after_script|before_install|install|run|steps"
    r"|commands|build_script|test_script):",
    re.MULTILINE,
)


def extract_fragment(
    facts: FileFacts, src: SourceText, fragment: str, omap: OffsetMap, ctx: Context
) -> None:
    """Read YAML embedded in another file (a Markdown code block) as a CI file;
    ``omap`` maps the YAML text to the host. Bad YAML becomes a Problem."""
    _read(facts, src, ctx, fragment, omap)


def _extract(facts: FileFacts, src: SourceText, ctx: Context) -> None:
    _read(facts, src, ctx, src.text, None)


def _read(
    facts: FileFacts, src: SourceText, ctx: Context, text: str, omap: OffsetMap | None
) -> None:
    """Walk every document of the YAML ``text`` (``omap``: to host offsets, None when
    ``text`` is the host text)."""
    import yaml

    try:
        docs = load_nodes(text)
    except yaml.YAMLError as exc:
        invalid_yaml(facts, src.path, exc, omap)
        return
    walker = _Walker(facts, src, ctx, text, omap)
    for doc in docs:
        walker.walk(doc)


class CiYamlSource(HostSource):
    def validate(self, before: SourceText, after: SourceText) -> str | None:
        """The fixed file must still load as YAML (when the original did), and no shell
        fragment in it may stop parsing."""
        import yaml

        try:
            load_nodes(before.text)
        except yaml.YAMLError:
            return None
        try:
            load_nodes(after.text)
        except yaml.YAMLError as exc:
            return f"the fixed file is no longer valid YAML: {exc}"
        return super().validate(before, after)


SOURCE = CiYamlSource(LANGUAGE, _extract)
