"""Ruby: Rakefiles, Capistrano tasks, Vagrantfiles and other Ruby that runs docker.

A small Ruby lexer (comments, ``=begin``/``=end``, strings with ``#{…}`` interpolation,
``%q``/``%Q``/``%x``/``%w`` literals, heredocs ``<<ID``/``<<-ID``/``<<~ID`` with quoted
delimiters, regex literals, symbols) finds the shell Ruby runs:

* backtick strings, ``%x(…)`` and backtick heredocs are commands;
* ``system``, ``exec``, ``spawn``, ``sh`` (Rake), ``run``/``execute``/``capture``/``test``
  (Capistrano, SSHKit), ``IO.popen``, ``Open3.capture2``/``capture3``/``popen3``…: one
  string argument is a command line; several arguments are an argv
  (``system('docker', 'run', '--link', …)``, ``execute :docker, 'run', '--link',
  "#{container[:name]}:app"``). An argv becomes a synthetic command line: each element
  one shell word (quoted with synthetic characters when needed), ``:docker_run`` read as
  ``docker run``, other expressions as a same-length ``${…}`` expansion;
* Ruby interpolation ``#{…}`` is Ruby's: a same-length ``${…}`` expansion, so a link
  target ``#{name}:app`` keeps its alias ``app``;
* Vagrant: ``inline:`` / ``s.inline =`` provisioner scripts (strings or heredocs) are
  shell, and the docker provisioner's ``d.run "app", image: …, args: "--link db:db"``
  is a ``docker run`` with those flags; the docker provider's block (``d.image``,
  ``d.link "db:db"``, ``d.create_args``, ``d.cmd``) is one ``docker run`` per branch;
* env reads (``ENV['X']``, ``ENV.fetch('X')``) come from the consumer scanner.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from delink.facts import FileFacts, Statement
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

__all__ = ["SOURCE", "Token", "decode", "extract_range", "tokens"]

LANGUAGE = "ruby"

_IDENT_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_IDENT = _IDENT_START | frozenset("0123456789")
_PAIRS = {"(": ")", "[": "]", "{": "}", "<": ">"}
_REGEX_AFTER = frozenset("=(,[{:!&|?;~+-*%<>^")
_REGEX_AFTER_WORDS = frozenset(
    {
        "if",
        "unless",
        "when",
        "and",
        "or",
        "not",
        "return",
        "while",
        "until",
        "puts",
        "print",
        "p",
        "grep",
        "scan",
        "match",
        "sub",
        "gsub",
        "split",
        "index",
    }
)
_RUNNERS = frozenset(
    {
        "system",
        "exec",
        "spawn",
        "sh",
        "run",
        "execute",
        "capture",
        "test",
        "popen",
        "popen2",
        "popen2e",
        "popen3",
        "capture2",
        "capture2e",
        "capture3",
        "pipeline",
        "pipeline_r",
        "pipeline_w",
        "pipeline_rw",
        "run_locally",
        "ssh_exec",
    }
)
_RECEIVERS = frozenset({"Kernel", "IO", "Open3", "PTY", "Process"})
_STOP_WORDS = frozenset(
    {"do", "if", "unless", "while", "until", "rescue", "then", "end", "and", "or"}
)


@dataclass
class Token:
    kind: str  # ident, const, string, symbol, punct, number, heredoc
    start: int
    end: int
    quote: str = ""  # strings: ' " ` %q %Q %x %w / heredoc heredoc' heredoc`
    body_start: int = 0  # the characters inside the quotes (heredoc: the body)
    body_end: int = 0
    line: int = 0  # index of the line the token starts on (for paren-less calls)


def _find_close(text: str, i: int, end: int, open_: str, close: str, interp: bool) -> int:
    """Index of the closing delimiter of a literal whose content starts at ``i``."""
    depth = 0
    j = i
    while j < end:
        c = text[j]
        if c == "\\":
            j += 2
            continue
        if interp and c == "#" and text.startswith("#{", j):
            j = _skip_interp(text, j + 1, end)
            continue
        if c == close and depth == 0:
            return j
        if open_ != close:
            if c == open_:
                depth += 1
            elif c == close:
                depth -= 1
        j += 1
    return end


def _skip_interp(text: str, i: int, end: int) -> int:
    """``text[i]`` is the ``{`` of ``#{``: the offset after its ``}``."""
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
        elif c in "'\"`":
            j = _find_close(text, j + 1, end, c, c, c != "'") + 1
            continue
        j += 1
    return end


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Ruby tokens of ``text[start:end]`` (comments and blanks dropped)."""
    if end is None:
        end = len(text)
    out: list[Token] = []
    pending: list[tuple[Token, str, bool]] = []  # heredocs waiting for their body
    i = start
    line = 0
    last = ""  # last significant character class / word
    at_line_start = True
    while i < end:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
            at_line_start = True
            if pending:
                body_start = i
                i = _heredoc_bodies(text, i, end, pending)
                line += text.count("\n", body_start, i)
                pending = []
            continue
        if c in " \t\r\f":
            i += 1
            continue
        if at_line_start and text.startswith("=begin", i):
            k = text.find("\n=end", i, end)
            i = end if k < 0 else k + 5
            continue
        at_line_start = False
        if c == "#":
            k = text.find("\n", i, end)
            i = end if k < 0 else k
            continue
        if c == "\\" and text.startswith("\n", i + 1):
            i += 2
            continue
        if c in "'\"`":
            close = _find_close(text, i + 1, end, c, c, c != "'")
            out.append(Token("string", i, min(close + 1, end), c, i + 1, close, line))
            i = min(close + 1, end)
            last = "s"
            continue
        if c == "%" and i + 1 < end and _literal_context(text, i, last):
            m_type = text[i + 1]
            k = i + 1
            kind = "Q"
            if m_type in "qQwWiIxrs":
                kind = m_type
                k += 1
            if k < end and not text[k].isalnum() and text[k] not in " \t\n":
                open_ = text[k]
                close_ch = _PAIRS.get(open_, open_)
                interp = kind in "QWIxr"
                close = _find_close(text, k + 1, end, open_, close_ch, interp)
                quote = {
                    "q": "%q",
                    "Q": "%Q",
                    "x": "%x",
                    "w": "%w",
                    "W": "%w",
                    "i": "%w",
                    "I": "%w",
                    "r": "/",
                    "s": "%q",
                }[kind]
                out.append(Token("string", i, min(close + 1, end), quote, k + 1, close, line))
                i = min(close + 1, end)
                last = "s"
                continue
        if c == "<" and text.startswith("<<", i):
            hd = _heredoc_start(text, i, end)
            if hd is not None and _literal_context(text, i, last):
                tok_end, ident, quote, squiggly = hd
                tok = Token("string", i, tok_end, quote, 0, 0, line)
                out.append(tok)
                pending.append((tok, ident, squiggly))
                i = tok_end
                last = "s"
                continue
        if c == "/" and _literal_context(text, i, last):
            close = _find_close(text, i + 1, end, "/", "/", True)
            out.append(Token("string", i, min(close + 1, end), "/", i + 1, close, line))
            i = min(close + 1, end)
            while i < end and text[i] in "imxounse":
                i += 1
            last = "s"
            continue
        if c == ":" and i + 1 < end:
            if text[i + 1] in _IDENT_START and not (i and text[i - 1] == ":"):
                j = i + 2
                while j < end and text[j] in _IDENT:
                    j += 1
                if j < end and text[j] in "?!=" and not text.startswith("=>", j):
                    j += 1
                out.append(Token("symbol", i, j, line=line))
                i = j
                last = "a"
                continue
            if text[i + 1] in "\"'":
                q = text[i + 1]
                close = _find_close(text, i + 2, end, q, q, q == '"')
                out.append(Token("symbol", i, min(close + 1, end), line=line))
                i = min(close + 1, end)
                last = "a"
                continue
        if c in _IDENT_START or (
            c in "@$" and i + 1 < end and (text[i + 1] in _IDENT_START or text[i + 1] == "@")
        ):
            j = i + 1
            while j < end and (text[j] in _IDENT or (text[j] == "@" and j == i + 1)):
                j += 1
            if j < end and text[j] in "?!" and not text.startswith("!=", j):
                j += 1
            word = text[i:j]
            kind = "const" if word[0].isupper() else "ident"
            # hash key "name:" (not "name::")
            out.append(Token(kind, i, j, line=line))
            i = j
            last = "w" if word in _REGEX_AFTER_WORDS else "a"
            continue
        if c.isdigit():
            j = i + 1
            while j < end and (text[j].isalnum() or text[j] in "._"):
                j += 1
            out.append(Token("number", i, j, line=line))
            i = j
            last = "a"
            continue
        if (
            c == "?"
            and i + 1 < end
            and text[i + 1].isalpha()
            and (i + 2 >= end or not text[i + 2].isalnum())
        ):
            out.append(Token("number", i, i + 2, line=line))  # ?a character literal
            i += 2
            last = "a"
            continue
        if text.startswith("::", i) or text.startswith("=>", i) or text.startswith("->", i):
            out.append(Token("punct", i, i + 2, line=line))
            i += 2
            last = ":" if text[i - 2] == ":" else ">"
            continue
        out.append(Token("punct", i, i + 1, line=line))
        last = c if c not in ")]}" else "a"
        i += 1
    for tok, _, _ in pending:  # heredocs whose body never came
        tok.body_start = tok.body_end = end
    return out


def _literal_context(text: str, i: int, last: str) -> bool:
    """Can a ``%``, ``/`` or ``<<`` at ``i`` start a literal? After an operator or a
    keyword, or after a method name and a blank when no blank follows (``sh %{…}``,
    ``split /,/``, ``system <<~SH``), as Ruby itself guesses."""
    if last in ("", "w") or last in _REGEX_AFTER:
        return True
    if last == "a" and i > 0 and text[i - 1] in " \t":
        k = i + (2 if text.startswith("<<", i) else 1)
        return k < len(text) and text[k] not in " \t=\n"
    return False


def _heredoc_start(text: str, i: int, end: int) -> tuple[int, str, str, bool] | None:
    """``<<~ID``, ``<<-ID``, ``<<ID``, ``<<~'ID'``…: (end, ident, quote kind, squiggly)."""
    j = i + 2
    squiggly = False
    if j < end and text[j] in "~-":
        squiggly = True
        j += 1
    if j >= end:
        return None
    q = text[j]
    if q in "'\"`":
        k = text.find(q, j + 1, end)
        if k < 0 or "\n" in text[j:k]:
            return None
        ident = text[j + 1 : k]
        kind = {"'": "heredoc'", '"': "heredoc", "`": "heredoc`"}[q]
        return k + 1, ident, kind, squiggly
    if text[j] not in _IDENT_START:
        return None
    k = j
    while k < end and text[k] in _IDENT:
        k += 1
    ident = text[j:k]
    if not squiggly and not ident.isupper():
        return None  # x <<y is an append more often than a heredoc
    return k, ident, "heredoc", squiggly


def _heredoc_bodies(text: str, i: int, end: int, pending: list[tuple[Token, str, bool]]) -> int:
    for tok, ident, squiggly in pending:
        tok.body_start = i
        while i < end:
            k = text.find("\n", i, end)
            line_end = end if k < 0 else k
            line_text = text[i:line_end].rstrip("\r")
            check = line_text.strip() if squiggly else line_text
            if check == ident:
                tok.body_end = i
                i = line_end + 1 if k >= 0 else end
                break
            i = line_end + 1 if k >= 0 else end
        else:
            tok.body_end = end
    return i


_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "s": " ",
    "e": "\x1b",
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "r": "\r",
    "f": "\f",
    "v": "\v",
}


def decode(text: str, tok: Token) -> tuple[str, OffsetMap, list[tuple[int, int]]] | None:
    """A string token's value with host offsets, and the ranges of the fragment that
    stand for Ruby interpolation (``#{…}`` as a same-length ``${…}``). None for
    regexes and word lists."""
    q = tok.quote
    if q in ("/", "%w"):
        return None
    raw = q in ("'", "%q", "heredoc'")
    i, end = tok.body_start, tok.body_end
    b = FragmentBuilder()
    expansions: list[tuple[int, int]] = []
    close = {"'": "'", '"': '"', "`": "`"}.get(q, "")
    while i < end:
        c = text[i]
        if c == "\\" and i + 1 < end:
            e = text[i + 1]
            if raw:
                if e == "\\" or e == close or (q == "%q" and not e.isalnum()):
                    b.put(e, i)
                else:
                    b.add(i, c + e)
                i += 2
                continue
            if e == "\n":
                i += 2  # line continuation
                continue
            if e == "u" and i + 2 < end:
                if text[i + 2] == "{":
                    k = text.find("}", i + 3, end)
                    if k > 0:
                        try:
                            b.put("".join(chr(int(h, 16)) for h in text[i + 3 : k].split()), i)
                            i = k + 1
                            continue
                        except ValueError:
                            pass
                try:
                    b.put(chr(int(text[i + 2 : i + 6], 16)), i)
                    i += 6
                    continue
                except ValueError:
                    pass
            b.put(_ESCAPES.get(e, e), i)
            i += 2
            continue
        if not raw and c == "#" and i + 1 < end and text[i + 1] in "{@$":
            if text[i + 1] == "{":
                j = _skip_interp(text, i + 1, end)
            else:
                j = i + 2
                while j < end and (text[j] in _IDENT or text[j] == "@"):
                    j += 1
            if j - i >= 3:
                start = len(b)
                b.add(i, interpolation_placeholder(text[i:j]))
                expansions.append((start, len(b)))
                i = j
                continue
        b.add(i, c)
        i += 1
    frag, omap = b.build(end)
    return frag, omap, expansions


@dataclass
class _Arg:
    toks: list[Token]
    key: str | None = None  # a hash pair's key (key: value / :key => value)

    @property
    def start(self) -> int:
        return self.toks[0].start

    @property
    def end(self) -> int:
        return self.toks[-1].end


class _Reader:
    def __init__(self, facts: FileFacts, src: SourceText, ctx: Context) -> None:
        self.facts = facts
        self.src = src
        self.ctx = ctx
        self.text = src.text
        self.toks: list[Token] = []
        self.match: dict[int, int] = {}

    def run(self, start: int, end: int) -> None:
        self.toks = tokens(self.text, start, end)
        self.match = bracket_pairs(self.toks, self.text)
        text = self.text
        toks = self.toks
        for i, tok in enumerate(toks):
            if tok.kind == "string" and tok.quote in ("`", "%x", "heredoc`"):
                self.command_string(tok)
            elif tok.kind in ("ident", "const"):
                name = text[tok.start : tok.end]
                prev = text[toks[i - 1].start : toks[i - 1].end] if i else ""
                recv = text[toks[i - 2].start : toks[i - 2].end] if i > 1 else ""
                if name in _RUNNERS and (prev not in (".", "&.") or recv in _RECEIVERS):
                    self.call(i)
                elif name == "run" and prev == ".":
                    self.vagrant_docker_run(i)
                elif name == "provider" and prev == "." and self.docker_provider(i):
                    continue
                elif name == "inline" and i + 1 < len(toks):
                    nxt = text[toks[i + 1].start : toks[i + 1].end]
                    if nxt in (":", "=") and i + 2 < len(toks) and toks[i + 2].kind == "string":
                        self.command_string(toks[i + 2])
        from delink.sources.consumer import profile_named, scan

        scan(self.facts, self.src, self.ctx, profile_named("ruby"), start, end)

    def command_string(self, tok: Token) -> None:
        got = decode(self.text, tok)
        if got is None:
            return
        shell_fragment(self.facts, self.src, got[0], got[1], self.ctx)

    # -- calls ---------------------------------------------------------------------------------

    def args(self, i: int) -> list[_Arg]:
        """The arguments of the call whose name is ``toks[i]``."""
        toks = self.toks
        text = self.text
        n = len(toks)
        j = i + 1
        if j >= n:
            return []
        if text[toks[j].start] == "(" and toks[j].start == toks[i].end:
            close = self.match.get(j, n)
            region = toks[j + 1 : close]
        else:
            if text[toks[j].start] in ".=)]}," or text[toks[j].start : toks[j].end] in (
                "==",
                "do",
                "{",
            ):
                return []
            region = []
            k = j
            depth = 0
            while k < n:
                t = toks[k]
                s = text[t.start : t.end]
                if depth == 0:
                    if t.line != toks[k - 1].line and k > j:
                        prev = text[toks[k - 1].start : toks[k - 1].end]
                        if prev not in (",", "\\", "+", "=>", "(", "["):
                            break
                    if (
                        s in _STOP_WORDS
                        or s in (";", ")", "]", "}")
                        or (s == "{" and k > j and not region)
                    ):
                        break
                if s in ("(", "[", "{"):
                    depth += 1
                elif s in (")", "]", "}"):
                    depth -= 1
                    if depth < 0:
                        break
                region.append(t)
                k += 1
        return self.split_args(region)

    def split_args(self, region: list[Token]) -> list[_Arg]:
        text = self.text
        out: list[_Arg] = []
        cur: list[Token] = []
        depth = 0
        for t in region:
            s = text[t.start : t.end]
            if t.kind == "punct" and s in "([{":
                depth += 1
            elif t.kind == "punct" and s in ")]}":
                depth -= 1
            if depth == 0 and s == ",":
                if cur:
                    out.append(self.make_arg(cur))
                cur = []
                continue
            cur.append(t)
        if cur:
            out.append(self.make_arg(cur))
        return out

    def make_arg(self, toks: list[Token]) -> _Arg:
        text = self.text
        if len(toks) < 3:
            return _Arg(toks)
        first, sep = toks[0], text[toks[1].start : toks[1].end]
        if first.kind in ("ident", "const") and sep == ":" and toks[1].start == first.end:
            return _Arg(toks[2:], text[first.start : first.end])  # key: value
        if first.kind == "symbol" and sep == "=>":
            return _Arg(toks[2:], text[first.start + 1 : first.end].strip("\"'"))
        if first.kind == "string" and sep == "=>":
            return _Arg(toks[2:], text[first.body_start : first.body_end])
        return _Arg(toks)

    def call(self, i: int) -> None:
        args = self.args(i)
        text = self.text
        if args:
            self.facts.statements.append(Statement(self.toks[i].start, args[-1].end))
        positional = [a for a in args if a.key is None]
        if positional and text[positional[0].start] == "{":
            positional = positional[1:]  # the env hash of system/spawn/Open3
        if not positional:
            return
        if len(positional) == 1:
            a = positional[0]
            if all(t.kind == "string" for t in a.toks):
                self.string_arg(a)
            return
        if not any(t.kind in ("string", "symbol") for a in positional for t in a.toks):
            return
        b = FragmentBuilder()
        for k, a in enumerate(positional):
            if k:
                b.synth(" ")
            self.argv_word(b, a)
        frag, omap = b.build(positional[-1].end)
        shell_fragment(self.facts, self.src, frag, omap, self.ctx)

    def string_arg(self, a: _Arg) -> None:
        b = FragmentBuilder()
        if not self.put_strings(b, a):
            return
        frag, omap = b.build(a.end)
        shell_fragment(self.facts, self.src, frag, omap, self.ctx)

    def put_strings(self, b: FragmentBuilder, a: _Arg) -> bool:
        """The values of the string tokens of ``a`` (adjacent literals concatenate);
        False when one has no value for the shell (a regex, a word list)."""
        for t in a.toks:
            got = decode(self.text, t)
            if got is None:
                return False
            b.put_each(got[0], got[1])
        return True

    def argv_word(self, b: FragmentBuilder, a: _Arg) -> None:
        from delink.sources.embedded.argv import add_argv_word

        text = self.text
        pieces: list[tuple[str, OffsetMap | None, bool]] = []
        if len(a.toks) == 1 and a.toks[0].kind == "symbol":
            t = a.toks[0]
            name = text[t.start + 1 : t.end].strip("\"'")
            if name in ("docker_run", "docker_create"):
                b.add(t.start + 1, name.replace("_", " "))  # SSHKit's :docker_run
                return
            pieces.append((name, OffsetMap.identity(t.start + 1, len(name)), False))
        elif all(t.kind == "string" for t in a.toks):
            for t in a.toks:
                got = decode(text, t)
                if got is None:
                    return
                frag, omap, exps = got
                pos = 0
                for s, e in exps:
                    if s > pos:
                        pieces.append((frag[pos:s], _slice(omap, pos, s), False))
                    pieces.append((frag[s:e], _slice(omap, s, e), True))
                    pos = e
                if pos < len(frag) or not frag:
                    pieces.append((frag[pos:], _slice(omap, pos, len(frag)), False))
        else:
            raw = text[a.start : a.end]
            pieces.append(
                (interpolation_placeholder(raw), OffsetMap.identity(a.start, len(raw)), True)
            )
        add_argv_word(b, pieces)

    # -- Vagrant docker provisioner ---------------------------------------------------------------

    def vagrant_docker_run(self, i: int) -> None:
        args = self.args(i)
        by_key = {a.key: a for a in args if a.key is not None}
        flags = by_key.get("args")
        if flags is None or not all(t.kind == "string" for t in flags.toks):
            return
        positional = [a for a in args if a.key is None]
        image = by_key.get("image") or (positional[0] if positional else None)
        b = FragmentBuilder()
        b.synth("docker run ")
        if not self.put_strings(b, flags):
            return
        end = flags.end
        if image is not None and all(t.kind == "string" for t in image.toks):
            b.synth(" ")
            self.argv_word(b, image)
            end = max(end, image.end)
        frag, omap = b.build(end)
        shell_fragment(self.facts, self.src, frag, omap, self.ctx)

    # -- Vagrant docker provider ------------------------------------------------------------------

    def docker_provider(self, i: int) -> bool:
        """``config.vm.provider "docker" do |d| … end``: each branch of the block (the
        text between ``if``/``elsif``/``else``/``when``/``end``) that sets ``d.link`` or
        ``d.cmd`` is a ``docker run`` made of what the block sets before its branches and
        in that branch: ``d.name``, ``d.link "db:db"`` (each a ``--link``),
        ``d.create_args``, ``d.image`` and ``d.cmd``."""
        toks, text = self.toks, self.text
        words = [text[t.start : t.end] for t in toks[i + 1 : i + 8]]
        first = toks[i + 1] if i + 1 < len(toks) else None
        if first is None or not (
            (first.kind == "string" and text[first.body_start : first.body_end] == "docker")
            or words[0] == ":docker"
        ):
            return False
        if "do" not in words or words.count("|") < 2:
            return False
        var_at = i + 1 + words.index("|") + 1
        var = text[toks[var_at].start : toks[var_at].end]
        line_start = text.rfind("\n", 0, toks[i].start) + 1
        indent = len(text[line_start:]) - len(text[line_start:].lstrip(" \t"))
        k = var_at + 2
        segments: list[dict[str, list[_Arg]]] = [{}]
        while k < len(toks):
            t = toks[k]
            s = text[t.start : t.end]
            if t.kind == "ident" and s in _BRANCH_WORDS and self._starts_line(k):
                if s == "end" and t.start - (text.rfind("\n", 0, t.start) + 1) <= indent:
                    break
                segments.append({})
            elif s == var and k + 2 < len(toks) and text[toks[k + 1].start] == ".":
                attr = text[toks[k + 2].start : toks[k + 2].end]
                if attr in _PROVIDER_KEYS:
                    args = self._assigned(k + 3) if attr != "link" else self.args(k + 2)
                    segments[-1].setdefault(attr, []).extend(args)
            k += 1
        common, branches = segments[0], [x for x in segments[1:] if "link" in x or "cmd" in x]
        for seg in branches or ([{}] if "link" in common or "cmd" in common else []):
            merged = {key: common.get(key, []) + seg.get(key, []) for key in _PROVIDER_KEYS}
            self.provider_run(merged)
        return True

    def _assigned(self, k: int) -> list[_Arg]:
        """``= VALUE`` at ``toks[k]``: the value (to the end of its line, or of its
        brackets) as one argument."""
        toks, text = self.toks, self.text
        if k >= len(toks) or text[toks[k].start : toks[k].end] != "=" or k + 1 >= len(toks):
            return []
        first = toks[k + 1]
        if text[first.start] in "([{":
            close = self.match.get(k + 1, k + 1)
            return [_Arg(toks[k + 1 : close + 1])]
        region = [t for t in toks[k + 1 :] if t.line == first.line]
        return self.split_args(region)[:1]

    def _starts_line(self, k: int) -> bool:
        return k == 0 or self.toks[k - 1].line != self.toks[k].line

    def provider_run(self, items: dict[str, list[_Arg]]) -> None:
        b = FragmentBuilder()
        b.synth("docker run")
        end = 0
        for key, flag in (("name", "--name"), ("link", "--link")):
            for a in items[key]:
                if all(t.kind == "string" for t in a.toks):
                    b.synth(f" {flag} ")
                    self.argv_word(b, a)
                    end = max(end, a.end)
        for key in ("create_args", "image", "cmd"):
            for a in self._elements(items[key][-1:] if key != "create_args" else items[key]):
                b.synth(" ")
                self.argv_word(b, a)
                end = max(end, a.end)
        if not end:
            return
        frag, omap = b.build(end)
        shell_fragment(self.facts, self.src, frag, omap, self.ctx)

    def _elements(self, args: list[_Arg]) -> list[_Arg]:
        """The elements of array literals (``['--entrypoint', '/bin/bash']``), other
        arguments as they are."""
        out: list[_Arg] = []
        for a in args:
            if a.toks and self.text[a.toks[0].start] == "[" and self.text[a.toks[-1].start] == "]":
                out += self.split_args(a.toks[1:-1])
            else:
                out.append(a)
        return out


_BRANCH_WORDS = frozenset({"if", "elsif", "else", "when", "unless", "case", "end"})
_PROVIDER_KEYS = ("name", "link", "create_args", "image", "cmd")


def _slice(omap: OffsetMap, start: int, end: int) -> OffsetMap:
    return OffsetMap((*omap.host[start:end], omap.end(end) if end > start else omap(start)))


def extract_range(facts: FileFacts, src: SourceText, ctx: Context, start: int, end: int) -> None:
    """Facts of the Ruby code in ``src.text[start:end]`` (a file or a Markdown block)."""
    try:
        _Reader(facts, src, ctx).run(start, end)
    except RecursionError:
        problem(facts, src.path, start, start, "Ruby code nested too deeply; not read")


def _extract(facts: FileFacts, src: SourceText, ctx: Context) -> None:
    extract_range(facts, src, ctx, 0, len(src.text))


# Ruby syntax is not checked: validate reports a command string that parsed as shell
# before and no longer does.
SOURCE = HostSource(LANGUAGE, _extract)
