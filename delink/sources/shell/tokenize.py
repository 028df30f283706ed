"""Splitting a command into words: bashlex first, checked, and a tokenizer of our own.

bashlex reads almost every single command but its positions drift (backslash-newlines
inside ``$( )``, CRLF), so every word span it gives is checked against the scanner of
:mod:`delink.sources.shell.words`: the span must hold exactly one word and the gaps
between words only blanks, line continuations and redirections. When bashlex fails or
a check fails, the tokenizer here reads the command (quotes, escapes, ``$( )``,
backticks, ``${ }`` nesting, backslash-newline, redirections, heredocs).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from delink.sources.shell.words import BLANKS, Unterminated, paren_end, word_end

_REDIR_CHARS = frozenset("<>")
_BASHLEX_MAX_CHARS = 8000
_BASHLEX_MAX_SUBSTITUTIONS = 8
_SEPARATORS = frozenset(";&|()\n")
RESERVED = frozenset(
    {
        "if",
        "then",
        "else",
        "elif",
        "fi",
        "do",
        "done",
        "while",
        "until",
        "for",
        "in",
        "case",
        "esac",
        "function",
        "select",
        "!",
        "{",
        "}",
        "time",
        "[[",
        "]]",
    }
)


@dataclass
class SimpleCommand:
    """One simple command in a fragment: word spans (fragment offsets) and its end."""

    words: list[tuple[int, int]]
    start: int
    end: int
    redirects: list[tuple[int, int]] = field(default_factory=list)
    heredocs: list[tuple[str, bool]] = field(default_factory=list)  # (delimiter, strip tabs)


def skip_blanks(s: str, i: int, n: int) -> int:
    """Skip blanks and backslash-newline continuations."""
    while i < n:
        c = s[i]
        if c in BLANKS:
            i += 1
        elif c == "\\" and i + 1 < n and s[i + 1] == "\n":
            i += 2
        else:
            break
    return i


def _redirect_end(s: str, i: int, n: int) -> tuple[int, str | None, bool] | None:
    """A redirection at ``i`` (``2>&1``, ``>>f``, ``<<EOF``, ``&>f``): its end, and the
    heredoc delimiter when it is one. None when there is no redirection at ``i``."""
    j = i
    while j < n and s[j].isdigit():
        j += 1
    if j < n and s[j] == "{" and j == i:  # {fd}>file
        k = s.find("}", j, min(n, j + 40))
        if k > 0 and k + 1 < n and s[k + 1] in _REDIR_CHARS:
            j = k + 1
    if j >= n:
        return None
    if s[j] == "&" and j + 1 < n and s[j + 1] == ">":
        j += 2
        if j < n and s[j] == ">":
            j += 1
    elif s[j] in _REDIR_CHARS:
        op_start = j
        j += 1
        heredoc = False
        strip = False
        if s[op_start] == "<" and j < n and s[j] == "<":
            j += 1
            if j < n and s[j] == "<":
                j += 1  # here-string
            else:
                heredoc = True
                if j < n and s[j] == "-":
                    strip = True
                    j += 1
        elif (j < n and s[j] in ">&|") or (s[op_start] == "<" and j < n and s[j] == ">"):
            j += 1
        j = skip_blanks(s, j, n)
        end = word_end(s, j, n)
        if heredoc:
            delim = s[j:end].replace("'", "").replace('"', "").replace("\\", "")
            return end, delim, strip
        return end, None, False
    else:
        return None
    j = skip_blanks(s, j, n)
    return word_end(s, j, n), None, False


def read_simple(s: str, i: int, n: int) -> SimpleCommand:
    """Read one simple command from ``i``; stops before ``;``, ``&``, ``|``, ``(``,
    ``)``, a newline or a comment. Raises :class:`Unterminated`."""
    words: list[tuple[int, int]] = []
    redirects: list[tuple[int, int]] = []
    heredocs: list[tuple[str, bool]] = []
    j = skip_blanks(s, i, n)
    start = j
    while j < n:
        c = s[j]
        if c == "#" and (j == 0 or s[j - 1] in " \t\n;&|()"):
            k = s.find("\n", j, n)
            j = n if k < 0 else k
            break
        if c in _SEPARATORS:
            if (c == "&" and j + 1 < n and s[j + 1] == ">") or (
                c == "(" and j > start and s[j - 1] == "="
            ):
                pass
            else:
                break
        if c in "<>" and j + 1 < n and s[j + 1] == "(":  # process substitution
            end = paren_end(s, j + 1, n)
            words.append((j, end))
            j = skip_blanks(s, end, n)
            continue
        if c in "<>&" or (c.isdigit() or c == "{"):
            r = _redirect_end(s, j, n)
            if r is not None:
                end, delim, strip = r
                redirects.append((j, end))
                if delim is not None:
                    heredocs.append((delim, strip))
                j = skip_blanks(s, end, n)
                continue
        end = word_end(s, j, n)
        if end == j:  # a lone metacharacter we do not read (should not happen)
            j += 1
            continue
        words.append((j, end))
        j = skip_blanks(s, end, n)
    end = j
    while end > start and s[end - 1] in " \t":
        end -= 1
    return SimpleCommand(words, start, max(start, end), redirects, heredocs)


def _skip_heredocs(s: str, i: int, n: int, heredocs: list[tuple[str, bool]]) -> int:
    """``s[i]`` is the newline after a command with heredocs: index after their bodies."""
    j = i + 1
    for delim, strip in heredocs:
        while j < n:
            k = s.find("\n", j, n)
            line_end = n if k < 0 else k
            line = s[j:line_end]
            if strip:
                line = line.lstrip("\t")
            j = line_end + 1
            if line == delim:
                break
    return min(j, n)


def read_commands(s: str, i: int, n: int) -> tuple[list[SimpleCommand], tuple[int, str] | None]:
    """Every simple command in ``s[i:n]`` (for regions tree-sitter could not parse).

    Returns the commands and, when the text cannot be read to its end, the offset and
    reason where reading stopped."""
    out: list[SimpleCommand] = []
    j = i
    while j < n:
        c = s[j]
        if c in " \t;&|(){}!" or c == "\n":
            j += 1
            continue
        if c == "\\" and j + 1 < n and s[j + 1] == "\n":
            j += 2
            continue
        if c == "#":
            k = s.find("\n", j, n)
            j = n if k < 0 else k
            continue
        try:
            cmd = read_simple(s, j, n)
        except Unterminated as exc:
            return out, (j, str(exc))
        if cmd.words or cmd.redirects:
            out.append(cmd)
        nxt = max(cmd.end, j + 1)
        while nxt < n and s[nxt] in " \t":
            nxt += 1
        if cmd.heredocs and nxt < n and s[nxt] == "\n":
            nxt = _skip_heredocs(s, nxt, n, cmd.heredocs)
        elif cmd.heredocs:
            k = s.find("\n", nxt, n)
            if k >= 0:
                nxt = _skip_heredocs(s, k, n, cmd.heredocs)
        j = nxt
    return out, None


# -- bashlex --------------------------------------------------------------------------


def _gap_ok(s: str, a: int, b: int, redirects: list[tuple[int, int]]) -> bool:
    j = a
    while j < b:
        j = skip_blanks(s, j, b)
        if j >= b:
            return True
        for r0, r1 in redirects:
            if r0 == j:
                j = r1
                break
        else:
            return False
    return True


def bashlex_words(s: str, i: int, n: int) -> list[tuple[int, int]] | None:
    """Word spans of the single command ``s[i:n]`` as bashlex reads them, each checked
    against our scanner; None when bashlex fails or any check fails."""
    from delink.sources.shell.bashlex_fast import import_bashlex

    bashlex = import_bashlex()

    text = s[i:n]
    try:
        nodes = bashlex.parse(text)
    except Exception:  # bashlex raises its own errors and assorted bugs
        return None
    if len(nodes) != 1 or nodes[0].kind != "command":
        return None
    spans: list[tuple[int, int]] = []
    redirects: list[tuple[int, int]] = []
    for part in nodes[0].parts:
        kind = part.kind
        a, b = part.pos
        if kind in ("word", "assignment"):
            spans.append((a + i, b + i))
        elif kind == "redirect":
            redirects.append((a + i, b + i))
        else:
            return None
    # check: each span is exactly one word; gaps hold blanks and redirections only
    prev = i
    for a, b in spans:
        if a < prev or b > n or b <= a:
            return None
        try:
            if word_end(s, a, n) != b:
                return None
        except Unterminated:
            return None
        if not _gap_ok(s, prev, a, redirects):
            return None
        prev = b
    if not _gap_ok(s, prev, n, redirects):
        return None
    return spans


def command_words(s: str, i: int, n: int) -> tuple[list[tuple[int, int]], str]:
    """Word spans of the single command at ``s[i:n]`` and how they were read
    ("bashlex" or "tokenizer"). Raises :class:`Unterminated` when neither can read it."""
    # bashlex re-parses every nested substitution: slow on big, deeply nested commands
    if n - i <= _BASHLEX_MAX_CHARS and s.count("$(", i, n) <= _BASHLEX_MAX_SUBSTITUTIONS:
        spans = bashlex_words(s, i, n)
        if spans is not None:
            return spans, "bashlex"
    cmd = read_simple(s, i, n)
    rest = skip_blanks(s, cmd.end, n)
    if rest < n and s[rest] not in "\n;&|":
        # the tokenizer stopped early: something it does not understand
        raise Unterminated(rest, f"command (stopped at {s[rest]!r})")
    return cmd.words, "tokenizer"
