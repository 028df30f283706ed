"""Link env var names built at run time, in any language: the line that spells the shape.

Code that consumes link env vars generically rarely writes a whole name such as
``DB_PORT_5432_TCP_ADDR``; it builds the name from the link's alias and port::

    fmt.Sprintf("%s_PORT_%d_TCP_ADDR", alias, port)         // Go
    `${alias}_PORT_${port}_TCP_ADDR`                         // JavaScript, Groovy, Kotlin
    "#{name.upcase}_PORT_#{port}_TCP_ADDR"                   # Ruby, Elixir
    alias.toUpperCase() + "_PORT_" + port + "_TCP_ADDR"      // Java, JS, Go, C#
    $alias . '_PORT_' . $port . '_TCP_ADDR'                  // PHP
    String.format("%s_PORT_%d_TCP", alias, port)             // Java
    /^(\\w+)_PORT_(\\d+)_TCP_ADDR$/                           # a regex over the environment

:func:`find` reports each such spelling once, as a *pattern* read named with ``*`` for
every part built at run time (``*_PORT_*_TCP_ADDR``, ``DB_PORT_*_TCP``), spanning the
characters that spell it. Only the exact link shape counts: ``_PORT_<port>_TCP`` or
``_UDP`` (with an optional ``_ADDR``/``_PORT``/``_PROTO``/``_START``/``_END`` field, also
as a regex group), a regex protocol only after a regex port (``_PORT_[0-9]+_(\\w+)``),
``PORT_<port>_TCP`` right after a regex anchor when the alias was cut off before
(``/^PORT_\\d+_TCP$/``), or ``<prefix>_ENV_<NAME>`` on a line that reads the
environment. Keys built for other tools
(``%s_%s_PORT``, ``DB_PORT_${env}``, ``DANGEROUS_PORT_${p}``) are not link reads. A
spelling that *sets* a variable is not a read either: ``NAME=value`` built in one string
(``"%s_PORT_%d_TCP_ADDR=%s"``), a ``Name:`` / ``name =`` / ``"name":`` field of an env
entry (Kubernetes-style ``EnvVar{Name: …}``), a dictionary key. A spelling inside a
sentence (``"no %s_PORT_%d_TCP_ADDR set"``) is a mention.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

__all__ = ["Built", "find"]

# A part of a string that is filled in at run time.
_HOLE = (
    r"%[-+ #0]*\d*(?:\.\d+)?[sdviuqxX]"  # printf
    r"|%\(\w+\)[sd]"  # Python %(name)s
    r"|\{\d*\}|\{[A-Za-z_][\w.]*(?:\(\))?(?:![rsa])?(?::[^{}\n]{0,12})?\}"  # {} {0} {port}
    r"|\$\{[^{}\n]{1,60}\}"  # ${x} (JS, Groovy, Kotlin, Scala, Terraform)
    r"|#\{[^{}\n]{1,60}\}"  # #{x} (Ruby, Elixir, CoffeeScript)
    r"|\{\$[^{}\n]{1,60}\}"  # {$x} (PHP)
    r"|\{\{[^{}\n]{1,60}\}\}"  # {{ x }} (Go templates, Jinja, Handlebars)
    r"|<%=?[^%\n]{1,60}%>"  # ERB
)
# (``$x`` is no hole here: PHP, Perl and Kotlin read ``"$x_PORT_…"`` as one longer name)
# A run-time part written as string concatenation: the literal closes, an expression,
# the next literal opens with the same quote.
_CONCAT = (
    r"(?P<q>[\"'`])[ \t]*(?:\+|\.\.?|<>|&|~|\|\|)[ \t]*[^\"'`\n;]{1,80}?"
    r"[ \t]*(?:\+|\.\.?|<>|&|~|\|\|)[ \t]*(?P=q)"
)
# A regex or glob that matches a port number
_REGEX_PORT = (
    r"\\d[+*]|\\d\{\d*,?\d*\}|\[0-9\][+*]|\[\[:digit:\]\][+*]|\\w[+*]"
    r"|\((?:\?P?<\w+>|\?:)?[^()\n]{1,24}\)|\.[+*]\??|\*|\[\^_\][+*]"
)
_PORT_PART = rf"(?:\d+|{_HOLE}|{_REGEX_PORT}|{_CONCAT})"
_FIELD_NAME = r"(?:PORT_START|PORT_END|ADDR|PORT|PROTO|START|END)"
# the field, also as a regex group: (_ADDR|_PORT|_PROTO)?
_FIELD = rf"(?:_{_FIELD_NAME}|\((?:_?{_FIELD_NAME}\|?)+\)\??)?"
# the protocol; a regex or a hole only where the port is one too (_PORT_\d+_(\w+))
# a group of the protocol, with groups nested two deep (``(?<proto>((TCP)|(UDP)))``)
_GROUP1 = r"\([^()\n]{1,12}\)"
_GROUP2 = rf"\((?:[^()\n]|{_GROUP1}){{1,30}}\)"
_PROTO = (
    rf"(?:TCP|UDP|(?<!_\d)(?:\((?:[^()\n]|{_GROUP2}){{1,40}}\)"
    rf"|\[[^\]\n]{{1,20}}\][+*]|\\w[+*]|{_HOLE}))"
)
# ``_PORT_`` with the alias before it, or ``PORT_`` right after a regex anchor or a quote
# (the alias cut off before: /^PORT_\d+_TCP$/)
_PORT_SHAPE = re.compile(
    rf"(?:_|(?<=[\^|(/\"'`]))PORT_(?P<port>{_PORT_PART})_(?P<proto>{_PROTO}){_FIELD}"
    r"(?![A-Za-z0-9_])"
)
# What may stand before ``_PORT_`` / ``_ENV_`` as the link's alias prefix.
_PREFIX_END = re.compile(
    rf"(?:{_HOLE}|\((?:\?P?<\w+>|\?:)?[^()\n]{{1,30}}\)|\.[+*]\??|\[[^\]\n]{{1,20}}\][+*]"
    r"|\\w[+*]|\*)(?P<tail>[A-Z0-9_]*)\Z"
)
_LITERAL_PREFIX_END = re.compile(r"[A-Z0-9_]*[A-Z0-9]\Z")
_ENV_SHAPE = re.compile(r"_ENV_(?P<name>[A-Z][A-Z0-9_]*|" + _HOLE + r")(?![A-Za-z0-9_])")
_ENV_ACCESS = re.compile(
    r"getenv|Getenv|LookupEnv|GetEnvironmentVariable|ENV\[|ENV\.fetch|process\.env"
    r"|System\.env|sys\.env|\$_ENV|\$_SERVER|\$ENV\{|os\.environ|\benv\(|env::var"
)
# What may stand right before / after a whole name in its literal or regex.
_OPEN_DELIM = frozenset("\"'`/^(|,[ \t")
_CLOSE_DELIM = frozenset("\"'`/$)|,]")
_CONCAT_BEFORE = re.compile(r"(?:\+|\.\.?|<>|&|~|\|\|)[ \t]*[\"'`]\Z")
# a setter field right before the literal (``Name: fmt.Sprintf(``, ``"name": `…```)
_SETTER_BEFORE = re.compile(
    r"(?:\b(?:[Nn]ame|NAME|[Kk]ey|KEY)[\"']?[ \t]*(?::|=(?!=)|=>)[ \t]*"
    r"(?:[\w.]+\([ \t]*)?[\"'`]?"
    r"|\b(?:[Ss]etenv|putenv|Setenv|SetEnvironmentVariable|setProperty)\([ \t]*(?:[\w.]+\([ \t]*)?"
    r"[\"'`]?)\Z"
)
_DICT_KEY_AFTER = re.compile(r"[\"'`][ \t]*(?::(?!:)|=>)")


@dataclass(frozen=True)
class Built:
    """One spelling of a built link env var name."""

    name: str  # the shape with ``*`` for each run-time part: ``*_PORT_*_TCP_ADDR``
    start: int
    end: int


def _line_start(text: str, pos: int) -> int:
    return max(text.rfind("\n", 0, pos), text.rfind("\r", 0, pos)) + 1


def _prefix(text: str, at: int) -> tuple[str, int] | None:
    """The alias part before ``_PORT_``/``_ENV_`` at ``at``: (glob text, start), or None
    when what stands there is no name part (a word of a sentence)."""
    ls = _line_start(text, at)
    before = text[max(ls, at - 80) : at]
    m = _PREFIX_END.search(before)
    if m is not None:
        start = at - (len(before) - m.start())
        # a Compose v1 numbered name (%s_1_PORT_…) keeps its literal tail
        return "*" + m.group("tail"), start
    m = _LITERAL_PREFIX_END.search(before)
    if m is not None and m.group():
        start = at - (len(before) - m.start())
        head = text[start - 1 : start] if start > 0 else ""
        if head and (head.isalnum() or head == "_"):
            return None  # lower-case letters before: not an env var name
        return m.group(), start
    # nothing: the literal begins with _PORT_ (a concatenation, a regex, a suffix test)
    if before[-1:] in ('"', "'", "`", "/", "^", "(", "|"):
        return "*", at
    return None


def _glob(raw: str) -> str:
    """``%s_PORT_%d_TCP_ADDR`` → ``*_PORT_*_TCP_ADDR``."""
    out = re.sub(_CONCAT, "*", raw)
    out = re.sub(_HOLE, "*", out)
    out = re.sub(r"\\d\{\d*,?\d*\}", "*", out)
    # groups, innermost first (``(?<protocol>((TCP)|(UDP)))``)
    before = None
    while before != out:
        before = out
        out = re.sub(r"\((?:\?P?<\w+>|\?:)?[^()\n]{1,30}\)[?*+]?", "*", out)
    out = re.sub(r"\[[^\]\n]{1,20}\][+*]|\\[dw][+*]|\.[+*]\??", "*", out)
    out = re.sub(r"\*+", "*", out)
    return out.strip("^$")


def _whole(text: str, start: int, end: int) -> bool:
    """The spelling is a whole name of its literal or regex, not a word of a sentence."""
    before = text[start - 1] if start > 0 else "\n"
    after = text[end] if end < len(text) else "\n"
    if before not in _OPEN_DELIM and before not in "\r\n" and before != "\\":
        return False
    if before in " \t" and not _CONCAT_BEFORE.search(text[max(0, start - 8) : start]):
        return False
    if after == "=":
        return False  # NAME=value: an entry that sets the variable
    return after in _CLOSE_DELIM or after in "\r\n\\"


def find(text: str, in_comment: Callable[[int], bool]) -> Iterator[Built]:
    """Every built spelling of a link env var name in ``text`` (module docstring)."""
    for m in _PORT_SHAPE.finditer(text):
        port = m.group("port")
        proto = m.group("proto")
        if proto not in ("TCP", "UDP") and port.isdigit():
            continue  # a literal port with a run-time protocol: no link shape
        # no "_" before PORT_: the alias and its "_" were cut off before (/^PORT_\d+/)
        got = _prefix(text, m.start()) if text[m.start()] == "_" else ("*_", m.start())
        if got is None:
            continue
        prefix, start = got
        end = m.end()
        if not prefix.startswith("*") and port.isdigit():
            continue  # a whole literal name: the plain scanner reads it
        if not _whole(text, start, end) or _setter(text, start, end) or in_comment(start):
            continue
        yield Built(_glob(prefix + text[m.start() : end]), start, end)
    for m in _ENV_SHAPE.finditer(text):
        got = _prefix(text, m.start())
        if got is None or not got[0].startswith("*"):
            continue
        start, end = got[1], m.end()
        ls = _line_start(text, start)
        le = text.find("\n", end)
        line = text[ls : le if le >= 0 else len(text)]
        if not _ENV_ACCESS.search(line):
            continue
        if not _whole(text, start, end) or _setter(text, start, end) or in_comment(start):
            continue
        yield Built(_glob(got[0] + text[m.start() : end]), start, end)


def _setter(text: str, start: int, end: int) -> bool:
    ls = _line_start(text, start)
    before = text[max(ls, start - 120) : start]
    # the opening quote of the literal that holds the spelling
    q = max(before.rfind('"'), before.rfind("'"), before.rfind("`"))
    head = before[: q + 1] if q >= 0 else before
    if _SETTER_BEFORE.search(head):
        return True
    return bool(_DICT_KEY_AFTER.match(text, end))
