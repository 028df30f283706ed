"""Shell text run by another command: ``sh -c SCRIPT``, ``eval …``, ``su -c``, ``ssh host
…``, ``vagrant ssh -c``, ``docker-machine ssh``, heredocs fed to a shell; and how such a
word becomes a fragment of its own (:func:`word_fragment`) with exact host offsets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from delink.sources.shell.words import (
    LIT,
    Mapper,
    Unit,
    Unterminated,
    Word,
    backtick_end,
    dollar_end,
)
from delink.text import OffsetMap

if TYPE_CHECKING:
    from tree_sitter import Node

    from delink.sources.shell.command import Command
    from delink.sources.shell.locate import ByteChars

SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox"})


def shell_script(args: list[Word]) -> Word | None:
    """``sh -c SCRIPT`` / ``bash -ec SCRIPT`` / ``/bin/sh -c`` / ``env bash -c``."""
    if not args:
        return None
    k = 0
    lit = args[0].literal
    if lit is not None and lit.rsplit("/", 1)[-1] == "env" and len(args) > 1:
        k = 1
        while k < len(args) and (args[k].literal or "").startswith("-"):
            k += 1
        lit = args[k].literal if k < len(args) else None
    if lit is None or lit.rsplit("/", 1)[-1] not in SHELLS:
        return None
    rest = args[k + 1 :]
    if lit.rsplit("/", 1)[-1] == "busybox":
        if not rest or rest[0].literal not in ("sh", "ash"):
            return None
        rest = rest[1:]
    return shell_args_script(rest)


def shell_args_script(rest: list[Word]) -> Word | None:
    """The script of the arguments of a shell: ``-c SCRIPT``, ``-ec SCRIPT``, ``-e -c S``."""
    has_c = False
    k = 0
    while k < len(rest):
        wl = rest[k].literal
        if wl is None:
            break
        if wl in ("-o", "+o", "-O", "+O"):
            k += 2
            continue
        if wl.startswith(("-", "+")) and len(wl) > 1 and not wl.startswith("--"):
            if "c" in wl[1:]:
                has_c = True
            k += 1
            continue
        if wl.startswith("--"):
            k += 1
            continue
        break
    if has_c and k < len(rest):
        return rest[k]
    return None


def executed_script(words: list[Word], i: int) -> Word | None:
    """Text the host runs as shell: ``eval ...``, ``sh -c S``, ``su -c S``, ``ssh host S``,
    ``vagrant ssh -c S``, ``docker-machine ssh NAME S``."""
    head = words[i].literal or ""
    base = head.rsplit("/", 1)[-1]
    args = words[i + 1 :]
    if base == "eval":
        return join_words(args)
    if base in SHELLS:
        return shell_script(words[i:])
    if base == "su":
        for k, w in enumerate(args):
            if w.literal in ("-c", "--command") and k + 1 < len(args):
                return args[k + 1]
        return None
    if base == "ssh":
        k = 0
        while k < len(args):
            wl = args[k].literal
            if wl is None:
                break
            if wl.startswith("-"):
                k += 2 if (len(wl) == 2 and wl[1] in "bcDEeFIiJLlmOopQRSWw") else 1
                continue
            break
        return join_words(args[k + 1 :]) if k + 1 < len(args) else None
    if base == "vagrant" and args and args[0].literal == "ssh":
        for k, w in enumerate(args):
            if w.literal in ("-c", "--command") and k + 1 < len(args):
                return args[k + 1]
            if w.literal == "--" and k + 1 < len(args):
                return join_words(args[k + 1 :])
        return None
    if base == "docker-machine" and len(args) >= 3 and args[0].literal == "ssh":
        return join_words(args[2:])
    return None


def heredoc(node: Node, bc: ByteChars) -> tuple[int, int, bool] | None:
    """The heredoc fed to a command (``ssh host <<EOF``): its body and whether the
    delimiter is quoted (no expansion by the host)."""
    parent = node.parent
    if parent is None or parent.type != "redirected_statement":
        return None
    body_of = parent.child_by_field_name("body")
    if body_of is None or body_of.id != node.id:
        return None
    for child in parent.children:
        if child.type != "heredoc_redirect":
            continue
        body = start = None
        for part in child.children:
            if part.type == "heredoc_body":
                body = part
            elif part.type == "heredoc_start":
                start = part
        if body is None:
            return None
        delim = bc.data[start.start_byte : start.end_byte] if start is not None else b""
        quoted = any(c in delim for c in b"'\"\\")
        return bc(body.start_byte), bc(body.end_byte), quoted
    return None


def reads_stdin_script(words: list[Word], i: int) -> bool:
    """A command that runs the shell text on its stdin: ``sh``, ``bash -s``, ``ssh host``
    (no remote command), ``sudo -i``... (after the wrappers)."""
    head = words[i].literal or ""
    base = head.rsplit("/", 1)[-1]
    args = [w.literal or "" for w in words[i + 1 :]]
    if base in SHELLS:
        return not any(a.startswith("-") and "c" in a[1:] and not a.startswith("--") for a in args)
    if base == "ssh":
        positional = [a for a in args if not a.startswith("-")]
        return len(positional) <= 1
    if base == "vagrant":
        return args[:1] == ["ssh"] and "-c" not in args and "--command" not in args
    return False


def expanded_heredoc(s: str, bs: int, be: int, m: Mapper) -> tuple[str, OffsetMap]:
    """What an unquoted heredoc body becomes after the host expanded it: ``\\$X`` is
    ``$X``, host expansions become placeholders that read as nothing."""
    chars: list[str] = []
    offs: list[int] = []
    i = bs
    while i < be:
        c = s[i]
        if c == "\\" and i + 1 < be and s[i + 1] in "$`\\\n":
            if s[i + 1] != "\n":
                chars.append(s[i + 1])
                offs.append(m(i + 1))
            i += 2
            continue
        if c in "$`":
            try:
                end = dollar_end(s, i, be) if c == "$" else backtick_end(s, i, be)
            except Unterminated:
                end = i + 1
            if end > i + 1:
                chars.append("0" * (end - i))
                offs.extend(m(k) for k in range(i, end))
                i = end
                continue
        chars.append(c)
        offs.append(m(i))
        i += 1
    offs.append(m.end(be))
    return "".join(chars), OffsetMap(tuple(offs))


class Offset:
    """A map for a slice of a fragment that starts at ``offset``."""

    __slots__ = ("base", "offset")

    def __init__(self, base: Mapper, offset: int) -> None:
        self.base = base
        self.offset = offset

    def __call__(self, offset: int) -> int:
        return self.base(self.offset + offset)

    def end(self, offset: int) -> int:
        return self.base.end(self.offset + offset)


def as_written(cmd: Command, script: Word) -> Word:
    """The words a host-run script came from, before variable expansion (the shell that
    runs it expands them again; keeping ``$LINKS`` lets the links carry their ``via``)."""
    idx = [k for k, w in enumerate(cmd.words) if w is script]
    if idx:
        return cmd.orig[cmd.origin[idx[0]]]
    # a joined script (``eval docker run $LINKS img``) holds the units of its words
    units = {id(u) for u in script.units}
    ks = [k for k, w in enumerate(cmd.words) if w.units and id(w.units[0]) in units]
    origs = sorted({cmd.origin[k] for k in ks})
    if not origs:
        return script
    joined = join_words([cmd.orig[o] for o in origs])
    return joined if joined is not None else script


def join_words(words: list[Word]) -> Word | None:
    """Several arguments as one word, joined by spaces (how ``eval`` and ``ssh`` see them)."""
    if not words:
        return None
    if len(words) == 1:
        return words[0]
    units: list[Unit] = []
    for k, w in enumerate(words):
        if k:
            prev = words[k - 1]
            units.append(Unit(" ", prev.end, prev.end, LIT, True))
        units.extend(w.units)
    return Word(units, words[0].start, words[-1].end, words[0].host, None, words[0].src)


def word_fragment(w: Word, host: str, *, host_side: bool) -> tuple[str, OffsetMap, str]:
    """The shell text a word gives to a shell, with the host offset of each character.

    ``host_side``: the host runs it (``eval``): expansions stay as written, to be read
    again. Otherwise (a container's ``sh -c``) the host already expanded them: they
    become placeholders that read as nothing."""
    chars: list[str] = []
    offs: list[int] = []
    for u in w.units:
        if u.kind == LIT:
            chars.append(u.text)
            offs.extend([u.start] * len(u.text))
            continue
        raw = u.text
        if host_side:
            contiguous = host[u.start : u.end] == raw
            chars.append(raw)
            offs.extend(range(u.start, u.start + len(raw)) if contiguous else [u.start] * len(raw))
        else:
            chars.append("0" * len(raw))
            offs.extend([u.start] * len(raw))
    text = "".join(chars)
    end = w.units[-1].end if w.units else w.end
    raw_word = host[w.start : w.end]
    quoting = ""
    if raw_word.startswith("'"):
        quoting = "'"
    elif raw_word.startswith('"'):
        quoting = '"'
    elif raw_word.startswith("$'"):
        quoting = "complex"
    offs.append(end)
    return text, OffsetMap(tuple(offs)), quoting
