"""Jenkinsfiles and Groovy: the shell of ``sh`` steps and the docker flags of the
Docker Pipeline plugin.

A small Groovy lexer (comments, ``'…'``, ``"…"``, ``'''…'''``, ``\"\"\"…\"\"\"``, slashy and
dollar-slashy strings) finds:

* ``sh '…'``, ``sh "…"``, ``sh '''…'''``, ``sh \"\"\"…\"\"\"``, ``sh(script: "…", …)`` and
  ``sh script: '…'``: the string is a shell fragment. ``bat`` and ``powershell`` are not
  shell and are ignored. In double-quoted (GString) strings ``${expr}`` and ``$name.path``
  are Groovy's: they become a same-length shell expansion (``${c.id}`` → ``${c_id}``) so
  the shell sees a value it does not know, and ``--link ${c.id}:postgis`` keeps its alias
  ``postgis``. ``\\$`` is a literal ``$`` for the shell, other escapes and the
  backslash-newline of triple-quoted strings are decoded with exact offsets;
* ``docker.image('x').inside('--link db:db')``, ``.withRun('…')`` and ``.run('…')``: the
  argument is ``docker run`` flags. The fragment is a synthetic ``docker run `` (mapped to
  no host character), the flags, and the image when it is a literal of the receiver.
  ``sh`` steps in an ``inside { … }`` closure run in that container (their reads are its
  reads); in ``withRun { c -> … }`` a link target ``${c.id}`` is that container;
* ``environment { NAME = … }`` entries with a link-shaped NAME are shims (EnvSet);
* env reads of Groovy itself (``env.X``, ``System.getenv('X')``) via the consumer scanner.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from delink.diagnostics import Span
from delink.facts import Container, EnvSet, FileFacts, Statement
from delink.model import is_unambiguous_link_var
from delink.sources.embedded import (
    FragmentBuilder,
    HostSource,
    bracket_pairs,
    interpolation_placeholder,
    problem,
    shell_fragment,
)
from delink.text import OffsetMap

if TYPE_CHECKING:
    from delink.sources import Context
    from delink.text import SourceText

__all__ = ["SOURCE", "Token", "decode_string", "extract_range", "tokens"]

LANGUAGE = "groovy"

_IDENT_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_$")
_IDENT = _IDENT_START | frozenset("0123456789")
# after these a '/' starts a slashy string, not a division
_SLASHY_AFTER = frozenset("=(,[{:!&|?;~+-*%<>")


@dataclass(frozen=True)
class Token:
    kind: str  # "ident", "string", "punct", "number"
    start: int
    end: int
    quote: str = ""  # strings: ', ", ''', \"\"\", /, $/

    def text(self, src: str) -> str:
        return src[self.start : self.end]


def _skip_string(text: str, i: int, end: int, quote: str) -> int:
    """End of a string literal whose opening quote ends at ``i``."""
    if quote in ("'''", '"""'):
        j = i
        while j < end:
            if text[j] == "\\":
                j += 2
                continue
            if text.startswith(quote, j):
                return j + 3
            if quote == '"""' and text.startswith("${", j):
                j = _skip_braces(text, j + 1, end)
                continue
            j += 1
        return end
    if quote == "$/":
        k = text.find("/$", i, end)
        return end if k < 0 else k + 2
    j = i
    while j < end:
        c = text[j]
        if c == "\\":
            j += 2
            continue
        if c == quote:
            return j + 1
        if quote == '"' and text.startswith("${", j):
            j = _skip_braces(text, j + 1, end)
            continue
        if c == "\n" and quote in ("'", '"'):
            return j  # unterminated on this line
        j += 1
    return end


def _skip_braces(text: str, i: int, end: int) -> int:
    """``text[i]`` is ``{``: the offset after its matching ``}`` (strings skipped)."""
    depth = 0
    j = i
    while j < end:
        c = text[j]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return j + 1
        elif c in "'\"":
            q = c * 3 if text.startswith(c * 3, j) else c
            j = _skip_string(text, j + len(q), end, q)
            continue
        j += 1
    return end


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Groovy tokens of ``text[start:end]`` (comments and blanks dropped)."""
    if end is None:
        end = len(text)
    out: list[Token] = []
    i = start
    last_sig = ""
    while i < end:
        c = text[i]
        if c in " \t\r\n\f":
            i += 1
            continue
        if text.startswith("//", i):
            k = text.find("\n", i, end)
            i = end if k < 0 else k
            continue
        if text.startswith("/*", i):
            k = text.find("*/", i + 2, end)
            i = end if k < 0 else k + 2
            continue
        if i == start and text.startswith("#!", i):
            k = text.find("\n", i, end)
            i = end if k < 0 else k
            continue
        if c in "'\"":
            q = c * 3 if text.startswith(c * 3, i) else c
            j = _skip_string(text, i + len(q), end, q)
            out.append(Token("string", i, j, q))
            last_sig = "s"
            i = j
            continue
        if text.startswith("$/", i):
            j = _skip_string(text, i + 2, end, "$/")
            out.append(Token("string", i, j, "$/"))
            last_sig = "s"
            i = j
            continue
        if c == "/" and (last_sig == "" or last_sig in _SLASHY_AFTER):
            j = i + 1
            while j < end and text[j] not in "/\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, end)
            out.append(Token("string", i, j, "/"))
            last_sig = "s"
            i = j
            continue
        if c in _IDENT_START:
            j = i + 1
            while j < end and text[j] in _IDENT:
                j += 1
            out.append(Token("ident", i, j))
            last_sig = "a"
            i = j
            continue
        if c.isdigit():
            j = i + 1
            while j < end and (text[j].isalnum() or text[j] in "._"):
                j += 1
            out.append(Token("number", i, j))
            last_sig = "a"
            i = j
            continue
        out.append(Token("punct", i, i + 1))
        last_sig = c if c not in ")]}" else "a"
        i += 1
    return out


_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "b": "\b",
    "f": "\f",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "$": "$",
    "/": "/",
}


def decode_string(text: str, tok: Token) -> tuple[str, OffsetMap] | None:
    """The value of a string literal as the shell will get it, with host offsets;
    Groovy interpolation becomes a same-length ``${…}`` expansion. None for slashy."""
    q = tok.quote
    if q in ("/", "$/"):
        return None
    i = tok.start + len(q)
    end = tok.end - len(q)
    if end < i or not text.startswith(q, end):
        end = tok.end  # unterminated
    gstring = q.startswith('"')
    b = FragmentBuilder()
    while i < end:
        c = text[i]
        if c == "\\" and i + 1 < end:
            e = text[i + 1]
            if e == "\n" or (e == "\r" and len(q) == 3):
                i += 3 if text.startswith("\r\n", i + 1) else 2
                continue  # line continuation in a triple-quoted string
            if e == "u" and i + 5 < end:
                try:
                    b.put(chr(int(text[i + 2 : i + 6], 16)), i)
                    i += 6
                    continue
                except ValueError:
                    pass
            b.put(_ESCAPES.get(e, "\\" + e), i)
            i += 2
            continue
        if gstring and c == "$" and i + 1 < end:
            if text[i + 1] == "{":
                j = _skip_braces(text, i + 1, end)
                b.add(i, interpolation_placeholder(text[i:j]))
                i = j
                continue
            if text[i + 1] in _IDENT_START and text[i + 1] != "$":
                j = i + 2
                while (
                    j < end
                    and (
                        text[j] in _IDENT
                        or (text[j] == "." and j + 1 < end and text[j + 1] in _IDENT_START)
                    )
                    and text[j] != "$"
                ):
                    j += 1
                b.add(i, "$" + text[i + 1 : j].replace(".", "_"))
                i = j
                continue
        b.add(i, c)
        i += 1
    return b.build(end)


@dataclass
class _Scope:
    start: int
    end: int
    container_key: str | None
    param: str | None  # the closure parameter (withRun { c -> })
    container: object | None  # the Container of the withRun


class _Reader:
    def __init__(self, facts: FileFacts, src: SourceText, ctx: Context) -> None:
        self.facts = facts
        self.src = src
        self.ctx = ctx
        self.text = src.text
        self.scopes: list[_Scope] = []

    def run(self, start: int, end: int) -> None:
        toks = tokens(self.text, start, end)
        self.toks = toks
        self.match = bracket_pairs(toks, self.text)
        n = len(toks)
        for i, tok in enumerate(toks):
            if tok.kind != "ident":
                continue
            name = tok.text(self.text)
            prev = toks[i - 1].text(self.text) if i else ""
            if name == "sh" and prev != ".":
                self.sh_step(i)
            elif name in ("inside", "withRun", "run") and prev == "." and i + 1 < n:
                if toks[i + 1].text(self.text) == "(":
                    self.docker_call(i, name)
            elif name == "environment" and i + 1 < n and toks[i + 1].text(self.text) == "{":
                self.environment(i + 1)
            elif name == "docker" and i + 1 < n and toks[i + 1].text(self.text) == "{":
                self.agent_docker(i + 1)
        from delink.sources.consumer import profile_named, scan

        scan(self.facts, self.src, self.ctx, profile_named("groovy"), start, end)

    # -- sh steps ----------------------------------------------------------------------------

    def sh_step(self, i: int) -> None:
        toks = self.toks
        n = len(toks)
        j = i + 1
        if j >= n:
            return
        text = self.text
        if toks[j].text(text) == "(":
            close = self.match.get(j, n - 1)
            lit = self.script_arg(j + 1, close)
        else:
            # no parentheses: arguments up to the end of the line (or after a comma)
            line_end = text.find("\n", toks[i].end)
            stop = n
            for k in range(j, n):
                if line_end >= 0 and toks[k].start > line_end and toks[k - 1].text(text) != ",":
                    stop = k
                    break
            lit = self.script_arg(j, stop)
        if lit is None:
            return
        got = decode_string(text, lit)
        if got is None:
            return
        frag, omap = got
        self.facts.statements.append(Statement(toks[i].start, lit.end))
        scope = self.scope_at(lit.start)
        before = len(self.facts.links)
        shell_fragment(
            self.facts,
            self.src,
            frag,
            omap,
            self.ctx,
            container_key=scope.container_key if scope is not None else None,
        )
        self.tie_targets(before, lit.start)

    def tie_targets(self, before: int, pos: int) -> None:
        """``${c.id}`` in a ``withRun { c -> }`` closure: the link targets that container."""
        for s in self.scopes:
            if s.param and s.start <= pos < s.end and isinstance(s.container, Container):
                for link in self.facts.links[before:]:
                    raw = link.target.raw if link.target is not None else ""
                    if f"{s.param}.id" in raw or f"{s.param}.name" in raw:
                        link.target_container = s.container

    def script_arg(self, a: int, b: int) -> Token | None:
        """The script string among arguments ``toks[a:b]``: after ``script:``, else the
        first positional argument."""
        toks = self.toks
        text = self.text
        first: Token | None = None
        depth = 0
        k = a
        positional = True
        while k < b:
            t = toks[k]
            s = t.text(text)
            if t.kind == "punct" and s in "([{":
                depth += 1
            elif t.kind == "punct" and s in ")]}":
                depth -= 1
            elif depth == 0:
                if t.kind == "ident" and k + 1 < b and toks[k + 1].text(text) == ":":
                    if s == "script" and k + 2 < b and toks[k + 2].kind == "string":
                        return toks[k + 2]
                    positional = False
                    k += 2
                    continue
                if t.kind == "string" and positional and first is None:
                    first = t
                if s == ",":
                    positional = True
                elif t.kind != "string":
                    positional = False
            k += 1
        return first

    def scope_at(self, pos: int) -> _Scope | None:
        best: _Scope | None = None
        for s in self.scopes:
            if (
                s.start <= pos < s.end
                and s.container_key is not None
                and (best is None or s.start >= best.start)
            ):
                best = s
        return best

    # -- docker.image(...).inside / withRun / run ----------------------------------------------

    def docker_call(self, i: int, name: str) -> None:
        toks = self.toks
        text = self.text
        open_ = i + 1
        close = self.match.get(open_)
        if close is None:
            return
        args = self.script_arg(open_ + 1, close)
        image = self.receiver_image(i - 1)
        got = self.docker_run(args, image, toks[close].start)
        if got is None:
            return
        frag, fmap = got
        before = len(self.facts.containers)
        links_before = len(self.facts.links)
        shell_fragment(self.facts, self.src, frag, fmap, self.ctx)
        self.tie_targets(links_before, toks[i].start)
        container = self.facts.containers[before] if len(self.facts.containers) > before else None
        # the closure after the call: { c -> ... }
        if close + 1 < len(toks) and toks[close + 1].text(text) == "{":
            body_open = close + 1
            body_close = self.match.get(body_open)
            if body_close is None:
                return
            param = None
            if (
                body_open + 3 < len(toks)
                and toks[body_open + 1].kind == "ident"
                and toks[body_open + 2].text(text) == "-"
                and toks[body_open + 3].text(text) == ">"
            ):
                param = toks[body_open + 1].text(text)
            key = container.key if (container is not None and name == "inside") else None
            self.scopes.append(
                _Scope(toks[body_open].start, toks[body_close].end, key, param, container)
            )

    def receiver_image(self, dot: int) -> Token | None:
        """``docker.image('x')`` right before ``.inside``: the image literal."""
        toks = self.toks
        text = self.text
        if dot < 1 or toks[dot - 1].text(text) != ")":
            return None
        close = dot - 1
        open_ = next((k for k, v in self.match.items() if v == close), None)
        if open_ is None or open_ < 1:
            return None
        callee = toks[open_ - 1].text(text)
        if callee not in ("image", "build") or open_ + 1 >= close:
            return None
        arg = toks[open_ + 1]
        return arg if arg.kind == "string" else None

    # -- agent { docker { image 'x'; args '--link db:db' } } -------------------------------------

    def agent_docker(self, open_: int) -> None:
        """A declarative pipeline's docker agent: ``args`` are ``docker run`` flags."""
        toks = self.toks
        text = self.text
        close = self.match.get(open_)
        if close is None:
            return
        found: dict[str, Token] = {}
        depth = 0
        for k in range(open_ + 1, close):
            s = toks[k].text(text)
            if s in ("{", "(", "["):
                depth += 1
            elif s in ("}", ")", "]"):
                depth -= 1
            elif depth == 0 and toks[k].kind == "ident" and s in ("image", "args"):
                nxt = toks[k + 1] if k + 1 < close else None
                if nxt is not None and nxt.kind == "string":
                    found[s] = nxt
        args = found.get("args")
        if args is None:
            return
        got = self.docker_run(args, found.get("image"), args.end)
        if got is not None:
            shell_fragment(self.facts, self.src, *got, self.ctx)

    def docker_run(
        self, args: Token | None, image: Token | None, end: int
    ) -> tuple[str, OffsetMap] | None:
        """A synthetic ``docker run ``, the flags in the string ``args`` and the image
        literal ``image`` when it has a value; None when ``args`` is not a string with
        a value for the shell. ``end`` is where the fragment ends without ``args``."""
        b = FragmentBuilder()
        b.synth("docker run ")
        if args is not None:
            got = decode_string(self.text, args)
            if got is None:
                return None
            b.put_each(*got)
            end = args.end
        if image is not None:
            got = decode_string(self.text, image)
            if got is not None and got[0].strip():
                b.synth(" ")
                b.put_each(*got)
                end = max(end, image.end)
        return b.build(end)

    # -- environment { NAME = value } ------------------------------------------------------------

    def environment(self, open_: int) -> None:
        toks = self.toks
        text = self.text
        close = self.match.get(open_)
        if close is None:
            return
        for k in range(open_ + 1, close - 1):
            t = toks[k]
            if t.kind == "ident" and toks[k + 1].text(text) == "=":
                name = t.text(text)
                if is_unambiguous_link_var(name):
                    self.facts.env_sets.append(EnvSet(name, Span(self.src.path, t.start, t.end)))


def extract_range(facts: FileFacts, src: SourceText, ctx: Context, start: int, end: int) -> None:
    """Facts of the Groovy code in ``src.text[start:end]`` (a file or a Markdown block)."""
    try:
        _Reader(facts, src, ctx).run(start, end)
    except RecursionError:
        problem(facts, src.path, start, start, "Groovy code nested too deeply; not read")


def _extract(facts: FileFacts, src: SourceText, ctx: Context) -> None:
    extract_range(facts, src, ctx, 0, len(src.text))


# Groovy syntax is not checked: validate reports an ``sh`` script that parsed as
# shell before and no longer does.
SOURCE = HostSource(LANGUAGE, _extract)
