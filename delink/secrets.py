"""Secrets: which names and values are secret, and masking them in what delink prints.

One classification serves reporting and fixing: :func:`is_secret` (a secret name such
as ``DB_PASSWORD``, ``APP_KEY``, ``ADMIN_PW``, or a value that carries a credential such
as ``postgres://u:pw@db``) decides both what the reporters mask and which values the
fixes never copy into another container.

Masking works on whole units, never on a regex match inside a line: a shell word
(quotes and backslash escapes join it: ``"POSTGRES_PASSWORD=a b"``, ``PW=a\\ b``,
``PW='a'"b"``), a YAML scalar with its continuation lines (plain, quoted or block), the
value after a secret flag (``--password x``, ``docker login -p x``, ``mysql -px``,
``curl -u a:x``), the credential of an ``Authorization``/``Bearer`` header, a URL's user
information (``https://token@host``, ``redis://:pw@db``) and a secret-named
``getenv`` default. A value that is only a variable reference (``$X``, ``${X}``,
``$(cat f)``, ``{{ x }}``) is no secret and stays; ``${X}secret`` or ``${X:-secret}`` is
masked. Masking keeps quotes around a value that is one quoted string
(``PASSWORD="****"``) and the line structure of the text.

Every scan here is linear in the length of the text: words come from one regex pass,
names are found by walking back from a separator, and no pattern can backtrack over a
line. :func:`secret_spans` is cached per text, so the frames of one file share one scan.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Protocol

__all__ = [
    "MASK",
    "is_secret",
    "is_secret_name",
    "is_secret_value",
    "mask",
    "mask_edits",
    "mask_line",
    "masked_line",
    "secret_spans",
]

MASK = "****"

_SECRET_WORDS = frozenset(
    {
        "PASSWORD",
        "PASSWORDS",
        "PASSWD",
        "PASS",
        "PWD",
        "PW",
        "PASSPHRASE",
        "SECRET",
        "SECRETS",
        "TOKEN",
        "TOKENS",
        "CREDENTIAL",
        "CREDENTIALS",
        "CREDS",
        "AUTH",
        "AUTHORIZATION",
        "APIKEY",
        "PRIVATEKEY",
        "SECRETKEY",
        "ACCESSKEY",
        "SALT",
        "COOKIE",
        "SESSIONKEY",
        "DSN",
    }
)

_SPLIT = re.compile(r"[_\-.\s]+|(?<=[a-z0-9])(?=[A-Z])")


@lru_cache(maxsize=4096)
def is_secret_name(name: str) -> bool:
    """Whether a variable, key or flag name looks like it holds a secret: a secret word
    (``DB_PASSWORD``, ``GITHUB_TOKEN``, ``ADMIN_PW``) or a key (``APP_KEY``, ``apiKey``,
    ``JWT_KEY``; ``KEY`` alone and ``KEYBOARD`` are not)."""
    words = [w.upper() for w in _SPLIT.split(name.strip("\"'-$[]{}")) if w]
    if not words:
        return False
    for i, w in enumerate(words):
        if w in _SECRET_WORDS:
            return True
        if w in ("KEY", "KEYS") and i > 0:
            return True
    joined = "".join(words)
    return any(s in joined for s in ("PASSWORD", "PASSWD", "APIKEY", "PRIVATEKEY", "SECRET"))


# user information in a URL: scheme://user:password@ or scheme://token@
_URL_USERINFO = re.compile(r"://([^\s/@\"'`<>]*)@")
_AUTH_VALUE = re.compile(r"(?i)^(?:bearer|basic|token|digest)\s+\S")
_PEM = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")


def _url_secret(userinfo: str) -> tuple[int, int] | None:
    """The part of a URL's user information to mask (relative), or None."""
    colon = userinfo.find(":")
    part = (colon + 1, len(userinfo)) if colon >= 0 else (0, len(userinfo))
    value = userinfo[part[0] : part[1]]
    if not value or _is_reference(value):
        return None
    return part


def is_secret_value(value: str) -> bool:
    """Whether a value carries a credential whatever its name: a URL with a password
    or a token as its user, an ``Authorization`` scheme, a private key."""
    for m in _URL_USERINFO.finditer(value):
        if _url_secret(m.group(1)) is not None:
            return True
    return bool(_AUTH_VALUE.match(value.strip("\"'")) or _PEM.search(value))


def is_secret(name: str, value: str | None = None) -> bool:
    """The one classification for reporting and fixing: a secret name, or a value that
    carries a credential. A fix never copies the value of such a variable."""
    return is_secret_name(name) or (value is not None and is_secret_value(value))


# -- references -------------------------------------------------------------------------

# ``${X:?message}`` (a required variable) is a reference too: its message is no value
_REF_PIECE = re.compile(
    r"\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-=?+])?\}|\$[A-Za-z_][A-Za-z0-9_]*"
    r"|\$\{[A-Za-z_][A-Za-z0-9_]*:?\?[^{}$`\\]{0,256}\}"
    r"|\$\([^()]{0,4096}\)|\{\{[^{}]{0,4096}\}\}|%\([^()]{0,256}\)s"
)


def _is_reference(value: str) -> bool:
    """Only references: ``$X``, ``${X}``, ``${X:-$Y}``, ``${X:?message}``, ``$(cmd)``,
    ``{{ x }}``. A literal
    part anywhere (``${X}secret``, ``${X:-secret}``) makes it a value."""
    v = value.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
        v = v[1:-1]
    if "$" not in v and "{{" not in v and "%(" not in v:
        return False
    for _ in range(8):  # nested defaults ${A:-${B}}: innermost first, a few levels
        inner = _REF_PIECE.sub("", v)
        if inner == "":
            return True
        if inner == v:
            return False
        v = inner
    return False


# -- scanning ---------------------------------------------------------------------------

# One shell-like word: quotes and escapes join it; blanks and command separators end
# it. The alternatives start with different characters, so no input backtracks; a
# quote that never closes is an ordinary character (the last alternative). A quoted
# string ends with its line (a backslash-newline continues a double-quoted one): an
# apostrophe of prose in a README must not open a quote that runs over later lines.
_WORD = re.compile(
    r"""(?:[^\s"'\\;&|()<>`$]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|\\.|\$\([^()\n]{0,4096}\)|["'\\$])+""",
    re.S,
)
_SEGMENT = re.compile(r"""[^"'\\]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|\\.|["'\\]""", re.S)
_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")
_SEPARATORS = re.compile(r"[;&|()\n\r`]")
# ``key: value`` / ``- key: value`` / ``- KEY=value`` at the start of a line (YAML).
_YAML_LINE = re.compile(
    r"""[ \t]*(?P<dash>(?:-[ \t]+)*)"""
    r"""(?P<name>"[^"\n\r]{1,256}"|'[^'\n\r]{1,256}'|[A-Za-z_$][\w.\-]{0,256})"""
    r"""(?:(?P<colon>[ \t]*:)(?=[ \t]|$)|(?P<eq>=))"""
)
_AUTH = re.compile(
    r"(?i)(?:\bauthorization[ \t]*[:=][ \t]*[\"']?(?:(?:bearer|basic|token|digest)[ \t]+)?"
    r"|\b(?:bearer|basic)[ \t]+)"
    r"(?P<cred>[^\s\"'`,;]+)"
)
_SCHEMES = frozenset({"bearer", "basic", "token", "digest"})
_LONG_FLAG_SKIP = ("STDIN", "FILE", "PATH", "ENV", "FROM")
_MYSQL = re.compile(r"(?:^|/)(?:mysql\w*|mariadb\w*)$")
_CURL = re.compile(r"(?:^|/)curl$")
_CURL_USER_FLAGS = frozenset({"-u", "--user", "-U", "--proxy-user"})
_COMPACT_KEY = re.compile(r"""["']:""")
_COMPACT_NEXT = re.compile(r"""[,{]["'][^"'\s]{1,256}["']:""")
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")


@lru_cache(maxsize=1024)
def _secret_flag(name: str) -> bool:
    """``--password``, ``--db-token``: a long flag whose value is a secret (not
    ``--password-stdin`` or ``--token-file``, which take none or a path)."""
    words = [w.upper() for w in _SPLIT.split(name) if w]
    return bool(words) and words[-1] not in _LONG_FLAG_SKIP and is_secret_name(name)


def _name_before(text: str, end: int, start: int) -> str:
    """The name that ends just before ``end`` (quotes, brackets and a ``$`` skipped),
    not reaching back before ``start``."""
    i = end
    while i > start and text[i - 1] in "\"']}":
        i -= 1
    j = i
    while j > start and text[j - 1] in _NAME_CHARS:
        j -= 1
    return text[j:i]


def _value_span(text: str, start: int, end: int, *, flow: bool = False) -> tuple[int, int] | None:
    """What to mask of the value ``text[start:end]``: inside its quotes when it is one
    quoted string, else all of it; None for an empty value or a reference."""
    while end > start and text[end - 1] in ",;":
        end -= 1
    for opening, closing in ("{}", "[]") if flow else ():  # the end of a flow collection
        excess = text.count(closing, start, end) - text.count(opening, start, end)
        while excess > 0 and end > start and text[end - 1] == closing:
            end -= 1
            excess -= 1
    if end <= start:
        return None
    value = text[start:end]
    if _is_reference(value):
        return None
    if len(value) >= 2 and value[0] in "\"'" and value[-1] == value[0]:
        m = _SEGMENT.match(value)
        if m is not None and m.end() == len(value):
            return (start + 1, end - 1) if end - start > 2 else None
    if value[0] in "\"'" and value.find(value[0], 1) < 0:
        start += 1  # a quote closed on a later line: the value is inside it
    return (start, end) if end > start else None


class _Scanner:
    def __init__(self, text: str, depth: int = 0) -> None:
        self.text = text
        self.depth = depth  # quoted strings scanned inside quoted strings
        self.spans: list[tuple[int, int]] = []

    def add(self, span: tuple[int, int] | None) -> None:
        if span is not None and span[1] > span[0]:
            self.spans.append(span)

    # -- YAML lines: a secret key's whole scalar, continuation lines included ----------

    def yaml_lines(self) -> None:
        text = self.text
        n = len(text)
        pos = 0
        cont_indent = -1  # mask the lines indented deeper than this
        cont_any = False  # ... whatever they hold (False: only scalar lines)
        cont_quote = ""  # the quote that closes a quoted scalar continued on them
        while pos < n:
            nl = text.find("\n", pos)
            end = n if nl < 0 else nl
            line_end = end - 1 if end > pos and text[end - 1] == "\r" else end
            first = pos
            while first < line_end and text[first] in " \t":
                first += 1
            indent = first - pos
            if cont_indent >= 0:
                if first == line_end:  # a blank line inside the scalar
                    pos = end + 1
                    continue
                if indent > cont_indent and (cont_any or not self._is_node(first, line_end)):
                    closes = cont_quote != "" and text[line_end - 1] == cont_quote
                    self.add((first, line_end - 1 if closes else line_end))
                    cont_any = True
                    if closes:
                        cont_indent, cont_quote = -1, ""
                    pos = end + 1
                    continue
                cont_indent, cont_quote = -1, ""
            m = _YAML_LINE.match(text, pos, line_end)
            if (
                m is not None
                and (m.group("colon") is not None or m.group("dash"))
                and is_secret_name(m.group("name"))
            ):
                vstart = m.end()
                while vstart < line_end and text[vstart] in " \t":
                    vstart += 1
                vend = line_end
                hash_at = text.find(" #", vstart, line_end)
                if hash_at >= 0 and text[vstart : vstart + 1] not in ("\"'"):
                    vend = hash_at
                while vend > vstart and text[vend - 1] in " \t":
                    vend -= 1
                value = text[vstart:vend]
                if value[:1] in ("|", ">") and set(value[1:]) <= set("+-0123456789"):
                    cont_indent, cont_any = m.start("name") - pos, True
                elif value == "":
                    cont_indent, cont_any = m.start("name") - pos, False
                elif value[:1] in "\"'" and m.group("colon") is not None:
                    if len(value) == 1 or value[-1] != value[0]:  # continued on deeper lines
                        self.add(None if _is_reference(value[1:]) else (vstart + 1, vend))
                        cont_indent, cont_any = m.start("name") - pos, True
                        cont_quote = value[0]
                    # else one line: a word of its own (words() masks inside its quotes)
                else:
                    self.add(None if _is_reference(value) else (vstart, vend))
                    cont_indent, cont_any = m.start("name") - pos, True  # may go on below
            pos = end + 1

    def _is_node(self, first: int, end: int) -> bool:
        """A line that starts a YAML node of its own (``- x``, ``key: v``)."""
        text = self.text
        if text.startswith("-", first) and (first + 1 == end or text[first + 1] in " \t"):
            return True
        if text.startswith("#", first):
            return True
        m = _YAML_LINE.match(text, first, end)
        return m is not None and m.group("colon") is not None

    # -- words -------------------------------------------------------------------------

    def words(self) -> None:
        text = self.text
        words = [m.span() for m in _WORD.finditer(text)]
        seps = [m.start() for m in _SEPARATORS.finditer(text)]
        count = len(words)
        sp = 0  # the next separator not yet passed
        head = 0  # the first word of the current command
        login = False  # a ``login`` subcommand seen in it
        commands: dict[int, str] = {}
        prev_end = 0
        for i, (s, e) in enumerate(words):
            crossed = False
            while sp < len(seps) and seps[sp] < s:
                crossed = crossed or seps[sp] >= prev_end
                sp += 1
            if crossed:
                head = i
                login = False
            prev_end = e
            raw = text[s:e]
            if raw == "login":
                login = True  # docker [--config d] login -p x: a login wherever it stands
            if "=" in raw:
                self._assignment(s, e)
            if self.depth < 2 and ('"' in raw or "'" in raw):
                self._quoted(s, e)
                if '":' in raw or "':" in raw:
                    self._compact(s, e)
            if i + 1 == count:
                break
            nxt = words[i + 1]
            if raw[-1] in ":=," or text[nxt[0] : nxt[1]] in ("=", ":"):
                self._pair(raw, e, nxt, words[i + 2] if i + 2 < count else None)
            if raw[0] == "-" or raw[1:2] == "-":
                command = commands.get(head)
                if command is None:
                    command = commands[head] = self._command(words, head)
                self._flag(raw, s, e, command or ("login" if login else ""), nxt)

    def _command(self, words: list[tuple[int, int]], head: int) -> str:
        """The kind of the command that starts at word ``head``: ``mysql``, ``curl`` or
        empty (a ``login`` subcommand is noticed as the words go by)."""
        out: list[str] = []
        for s, e in words[head : head + 8]:
            raw = self.text[s:e].strip("\"'")
            if out or not _ASSIGNMENT.match(raw):
                out.append(raw)
            if len(out) == 3:
                break
        if not out:
            return ""
        if _MYSQL.search(out[0]):
            return "mysql"
        if _CURL.search(out[0]):
            return "curl"
        return ""

    def _quoted(self, s: int, e: int) -> None:
        """A quoted string that holds blanks is code of its own (``system("docker login
        -p x")``, ``sh "… {PASSWORD: x}"``): its words are scanned too, one level deeper."""
        text = self.text
        for seg in _SEGMENT.finditer(text, s, e):
            a, b = seg.span()
            if b - a < 4 or text[a] not in "\"'" or text[b - 1] != text[a]:
                continue
            inner = text[a + 1 : b - 1]
            if not any(c in inner for c in " \t\n"):
                continue
            sub = _Scanner(inner, self.depth + 1)
            sub.words()
            self.spans += [(x + a + 1, y + a + 1) for x, y in sub.spans]

    def _compact(self, s: int, e: int) -> None:
        """``"password":"x"`` (compact JSON, a Python dict without blanks) in one word."""
        text = self.text
        covered = s  # masked up to here already
        for m in _COMPACT_KEY.finditer(text, s, e):
            k = m.start()
            if k < covered:
                continue
            name = _name_before(text, k + 1, s)
            if name and is_secret_name(name):
                end = e
                nxt = _COMPACT_NEXT.search(text, k + 2, min(e, k + 2 + 4096))
                if nxt is not None:  # the next "key": of the object ends the value
                    end = nxt.start() + 1
                span = _value_span(text, k + 2, end, flow=True)
                self.add(span)
                covered = span[1] if span is not None else covered

    def _same_line(self, a: int, b: int) -> bool:
        return self.text.find("\n", a, b) < 0

    def _assignment(self, s: int, e: int) -> None:
        """``NAME=value`` inside one word (quoted or not): mask the value to the end of
        the word, or to the closing quote when the ``=`` is inside quotes."""
        text = self.text
        for seg in _SEGMENT.finditer(text, s, e):
            a, b = seg.span()
            quoted = text[a] in "\"'" and b - a >= 2 and text[b - 1] == text[a]
            k = text.find("=", a, b)
            while k >= 0:
                name = _name_before(text, k, s)
                if name and text[k - 1 : k] not in ("=", "!", "<", ">") and is_secret_name(name):
                    if quoted:
                        self.add(_value_span(text, k + 1, b - 1))
                        break
                    self.add(_value_span(text, k + 1, e))
                    return
                k = text.find("=", k + 1, b)

    def _pair(
        self,
        raw: str,
        end: int,
        nxt: tuple[int, int] | None,
        after: tuple[int, int] | None,
    ) -> None:
        """``"name": value`` / ``name = value`` / ``getenv("NAME", default)`` across
        words on one line."""
        if nxt is None:
            return
        text = self.text
        value = nxt
        if raw.endswith(":") or (raw.endswith("=") and len(raw) > 1):
            name = _name_before(raw, len(raw) - 1, 0)
        elif raw.endswith(",") and raw[:1] in "\"'" and raw[-2:-1] == raw[:1]:
            name = raw[1:-2]  # getenv("NAME", "default")
            if text[nxt[0]] not in "\"'":
                return
        elif text[nxt[0] : nxt[1]] in ("=", ":") and after is not None:
            name = _name_before(raw, len(raw), 0)
            value = after
        else:
            return
        if text[value[0] : value[1]].lower() in _SCHEMES:
            return  # ``Authorization: Bearer x``: the credential is masked by _AUTH
        if name and is_secret_name(name) and self._same_line(end, value[0]):
            self.add(_value_span(text, value[0], value[1], flow=True))

    def _flag(self, raw: str, s: int, e: int, kind: str, nxt: tuple[int, int]) -> None:
        """The value of a secret flag: ``--password x``, ``docker login -p x``,
        ``mysql -px``, ``curl -u a:x`` / ``--user=a:x``. ``kind`` is the command's
        kind (``login``, ``mysql``, ``curl`` or empty)."""
        text = self.text
        flag = raw.strip("\"'")
        if kind == "mysql":
            if flag.startswith("-p") and len(flag) > 2:
                self.add(_value_span(text, s + raw.index("-p") + 2, e))
            if flag in ("-p", "--password"):
                return  # mysql -p prompts; the next word is a database name
        elif kind == "curl":
            name, eq, _ = flag.partition("=")
            if flag in _CURL_USER_FLAGS:
                self._userpass(nxt[0], nxt[1])
            elif eq and name in _CURL_USER_FLAGS:
                self._userpass(s + raw.index("=") + 1, e)
            elif flag.startswith("-u") and len(flag) > 2:
                self._userpass(s + raw.index("-u") + 2, e)
            else:
                name = ""
            if name:
                return
        secret = flag.startswith("--") and "=" not in flag and _secret_flag(flag[2:])
        if (secret or (kind == "login" and flag == "-p")) and self._same_line(e, nxt[0]):
            self.add(_value_span(text, nxt[0], nxt[1]))

    def _userpass(self, start: int, end: int) -> None:
        colon = self.text.find(":", start, end)
        if colon >= 0:
            self.add(_value_span(self.text, colon + 1, end))

    # -- patterns that need no word context ----------------------------------------------

    def patterns(self) -> None:
        text = self.text
        for m in _URL_USERINFO.finditer(text):
            part = _url_secret(m.group(1))
            if part is not None:
                self.add((m.start(1) + part[0], m.start(1) + part[1]))
        for m in _AUTH.finditer(text):
            cred = m.group("cred")
            if not _is_reference(cred):
                self.add(m.span("cred"))
        for m in _PEM.finditer(text):
            self.add(m.span())


def _line_parts(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merged spans cut at line breaks (a masked region never swallows a newline)."""
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    out: list[tuple[int, int]] = []
    for s, e in merged:
        a = s
        while a < e:
            nl = text.find("\n", a, e)
            b = e if nl < 0 else nl
            if b > a and text[b - 1] == "\r":
                b -= 1
            while a < b and text[a] in " \t\r":
                a += 1  # a continuation line keeps its indentation
            if b > a:
                out.append((a, b))
            if nl < 0:
                break
            a = nl + 1
    return out


@lru_cache(maxsize=32)
def secret_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Sorted, disjoint ``(start, end)`` offsets of the secret values in ``text``, each
    within one line. Linear in ``len(text)``; cached per text."""
    scan = _Scanner(text)
    scan.yaml_lines()
    scan.words()
    scan.patterns()
    return tuple(_line_parts(text, scan.spans))


def _apply(line: str, regions: Sequence[tuple[int, int]]) -> tuple[str, Callable[[int], int]]:
    if not regions:
        return line, lambda i: i
    parts: list[str] = []
    pos = 0
    starts: list[int] = []
    shifts: list[tuple[int, int, int]] = []  # (start, end, masked start)
    out_len = 0
    for s, e in regions:
        parts.append(line[pos:s])
        out_len += s - pos
        starts.append(s)
        shifts.append((s, e, out_len))
        parts.append(MASK)
        out_len += len(MASK)
        pos = e
    parts.append(line[pos:])

    def remap(i: int) -> int:
        k = bisect.bisect_right(starts, i) - 1
        if k < 0:
            return i
        s, e, ms = shifts[k]
        if i < e:
            return ms + min(i - s, len(MASK))
        return i + ms + len(MASK) - e

    return "".join(parts), remap


def _regions(spans: Sequence[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The spans within ``[start, end)``, relative to ``start``."""
    i = bisect.bisect_right(spans, (start, -1))
    if i > 0 and spans[i - 1][1] > start:
        i -= 1
    out = []
    while i < len(spans) and spans[i][0] < end:
        s, e = spans[i]
        out.append((max(s, start) - start, min(e, end) - start))
        i += 1
    return out


def mask_line(line: str) -> tuple[str, Callable[[int], int]]:
    """One line with its secret values masked, and a map from each original column
    (0-based, up to ``len(line)``) to its column in the masked line."""
    return _apply(line, _regions(secret_spans(line), 0, len(line)))


def masked_line(text: str, start: int, end: int) -> tuple[str, Callable[[int], int]]:
    """``text[start:end]`` (one line of a file) masked in the context of the whole
    text, so that a continuation line of a multi-line secret is masked too."""
    return _apply(text[start:end], _regions(secret_spans(text), start, end))


def mask(text: str) -> str:
    """``text`` (one or more lines) with secret values masked; line breaks are kept."""
    return _apply(text, _regions(secret_spans(text), 0, len(text)))[0]


class _EditLike(Protocol):
    @property
    def path(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def content(self) -> str: ...


# Lines of context around an edit that decide how its content is masked (a secret key
# above a YAML continuation, a command continued with backslashes): enough for any real
# file, and a bound that keeps masking the fixes of a big file linear.
_CONTEXT_LINES = 64


def _indent(text: str, start: int) -> int | None:
    """The indentation of the line that starts at ``start``; None for a blank line."""
    i = start
    n = len(text)
    while i < n and text[i] in " \t":
        i += 1
    return None if i == n or text[i] in "\r\n" else i - start


def _continued(text: str, line_start: int) -> bool:
    """Whether the line before the one at ``line_start`` ends with a backslash."""
    i = line_start - 1  # its newline
    if i > 0 and text[i - 1] == "\r":
        i -= 1
    return i > 0 and text[i - 1] == "\\"


def _window(text: str, start: int, end: int) -> tuple[int, int]:
    """The part of ``text`` whose scan decides the masking of ``text[start:end]``: from
    the line that heads its lines (a less indented parent, an unindented line, the start
    of backslash continuations) to the end of the lines that continue them, each side
    at most :data:`_CONTEXT_LINES` lines beyond the span's own lines."""
    ws = text.rfind("\n", 0, start) + 1
    own = _indent(text, ws)
    steps = 0
    while ws > 0 and steps < _CONTEXT_LINES:
        ind = _indent(text, ws)
        if not _continued(text, ws) and ind is not None and (ind == 0 or ind < (own or 0)):
            break
        ws = text.rfind("\n", 0, ws - 1) + 1
        steps += 1
    nl = text.find("\n", end)
    we = len(text) if nl < 0 else nl + 1
    steps = 0
    while we < len(text) and steps < _CONTEXT_LINES:
        ind = _indent(text, we)
        if not _continued(text, we) and ind is not None and ind <= (own or 0):
            break
        nl = text.find("\n", we)
        we = len(text) if nl < 0 else nl + 1
        steps += 1
    return ws, we


def mask_edits(edits: Sequence[_EditLike], texts: Mapping[str, str]) -> list[str]:
    """The content of each edit as reporters may show it: secret values masked in the
    context of the file the edits produce (the file on disk gets the real text). A
    Compose v1 upgrade that rewrites a file shows ``****`` where its secrets are. The
    context of an edit is the lines around it that can make its text a secret
    (:func:`_window`), so that the fixes of a big file are masked in linear time."""
    out = [e.content for e in edits]
    by_path: dict[str, list[int]] = {}
    for i, e in enumerate(edits):
        by_path.setdefault(e.path, []).append(i)
    for path, idx in by_path.items():
        before = texts.get(path)
        order = sorted(idx, key=lambda i: (edits[i].start, edits[i].end))
        if before is None or any(
            edits[a].end > edits[b].start for a, b in itertools.pairwise(order)
        ):
            for i in idx:  # no context to mask in: the content on its own
                out[i] = mask(edits[i].content)
            continue
        for group, (ws, we) in _groups(before, [edits[i] for i in order], order):
            parts: list[str] = []
            where: dict[int, int] = {}
            pos = ws
            length = 0
            for i in group:
                e = edits[i]
                parts.append(before[pos : e.start])
                length += e.start - pos
                where[i] = length
                parts.append(e.content)
                length += len(e.content)
                pos = e.end
            parts.append(before[pos:we])
            spans = secret_spans("".join(parts))
            for i in group:
                start = where[i]
                content = edits[i].content
                out[i] = _apply(content, _regions(spans, start, start + len(content)))[0]
    return out


def _groups(
    text: str, edits: Sequence[_EditLike], order: Sequence[int]
) -> list[tuple[list[int], tuple[int, int]]]:
    """Edits (sorted, disjoint) whose context windows overlap, with their joint window."""
    out: list[tuple[list[int], tuple[int, int]]] = []
    for i, e in zip(order, edits, strict=True):
        ws, we = _window(text, e.start, e.end)
        if out and ws < out[-1][1][1]:
            group, (gs, ge) = out[-1]
            group.append(i)
            out[-1] = (group, (min(gs, ws), max(ge, we)))
        else:
            out.append(([i], (ws, we)))
    return out
