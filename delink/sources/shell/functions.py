"""Shell functions that wrap docker: ``dk() { docker "$@"; }``, ``run() { sudo docker run
--rm "$@"; }``. A call ``dk run --link db:db app`` is read as the docker command it runs:
the function name stands for the words before ``"$@"`` (at the name's own characters,
so a fix that adds ``--network`` after ``run`` writes it at the call, into ``"$@"``) and
the call's arguments take the place of ``"$@"``, where they are written.

Only functions whose docker command ends with ``"$@"`` / ``$@`` / ``"$*"`` are wrappers
(positional parameters and ``shift`` are not followed).

A function that runs its arguments as a command (``run_unless_dry() { …; "$@"; }``,
``retry() { … eval "$@" …; }``) is a *runner*, and so is bats's ``run``: a call
``run docker run --link db:db app`` is the docker command after the runner's name and
its options (``run -1 …``, ``run ! …``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from delink.sources.shell.tokenize import command_words
from delink.sources.shell.words import LIT, PARAM, Unit, Unterminated, Word
from delink.sources.shell.wrappers import is_assignment_word, is_docker_word, unwrap

if TYPE_CHECKING:
    from tree_sitter import Node

    from delink.sources.shell.command import Command, Fragment
    from delink.sources.shell.extract import Extractor
    from delink.sources.shell.locate import ByteChars

MAX_UNWRAP = 4  # wrappers of wrappers
# Commands known to run their arguments as a command: bats's `run` (a test helper
# that records the status and output of the command it is given).
RUNNERS = frozenset({"run"})


def find_wrappers(
    ex: Extractor, frag: Fragment, bc: ByteChars, funcs: list[Node], commands: list[Node]
) -> None:
    """Record in ``ex.wrappers`` the functions of the fragment that run docker with
    their own arguments; their docker commands go to ``ex.templates``."""
    data = bc.data
    for fn in funcs:
        name_node = fn.child_by_field_name("name")
        if name_node is None:
            continue
        name = data[name_node.start_byte : name_node.end_byte].decode("utf-8", "replace")
        for node in commands:
            if not (fn.start_byte < node.start_byte and node.end_byte <= fn.end_byte):
                continue
            chunk = data[node.start_byte : node.end_byte]
            if b"$@" not in chunk and b"$*" not in chunk and b"${@}" not in chunk:
                continue
            fs, fe = bc(node.start_byte), bc(node.end_byte)
            if _runs_arguments(ex, frag, fs, fe):
                ex.runners.add(name)
                continue
            template = _template(ex, frag, fs, fe)
            if template is not None:
                ex.wrappers[name] = template
                ex.templates.add(node.id)
                break


def _template(ex: Extractor, frag: Fragment, fs: int, fe: int) -> list[Word] | None:
    """The words before a final ``"$@"`` when they run docker (or another wrapper)."""
    try:
        spans, _ = command_words(frag.text, fs, fe)
    except Unterminated:
        return None
    words = ex.words(spans, frag)
    if len(words) < 2 or not _all_args(words[-1]):
        return None
    template = words[:-1]
    i = 0
    while i < len(template) and is_assignment_word(template[i]):
        i += 1
    i, _ = unwrap(template, i)
    if i >= len(template):
        return None
    head = template[i]
    if not (is_docker_word(head) or head.literal in ex.wrappers):
        return None
    return template


def _runs_arguments(ex: Extractor, frag: Fragment, fs: int, fe: int) -> bool:
    """The command is ``"$@"`` itself (after wrappers: ``eval "$@"``, ``sudo "$@"``)."""
    try:
        spans, _ = command_words(frag.text, fs, fe)
    except Unterminated:
        return False
    words = ex.words(spans, frag)
    i = 0
    while i < len(words) and is_assignment_word(words[i]):
        i += 1
    i, _ = unwrap(words, i)
    if i < len(words) and words[i].literal == "eval":
        i += 1
    return i == len(words) - 1 and _all_args(words[i])


def runner_end(ex: Extractor, words: list[Word], i: int) -> int | None:
    """When ``words[i]`` is a runner, the index of the command it runs (its options
    skipped); else None."""
    name = words[i].literal
    if name is None or (name not in ex.runners and name not in RUNNERS):
        return None
    j = i + 1
    while j < len(words) and (words[j].literal or "").startswith(("-", "!")):
        j += 1
    return j if j < len(words) else None


def _all_args(w: Word) -> bool:
    return (
        len(w.units) == 1
        and w.units[0].kind == PARAM
        and w.units[0].name in ("@", "*")
        and w.units[0].op in ("", "[@]")
    )


def expand_call(ex: Extractor, cmd: Command, i: int) -> bool:
    """Replace a wrapper's name at ``cmd.words[i]`` with the words it stands for; False
    when it is not a wrapper (or wrappers nest too deeply)."""
    head = cmd.words[i]
    template = ex.wrappers.get(head.literal or "")
    if template is None or cmd.unwrapped >= MAX_UNWRAP:
        return False
    cmd.unwrapped += 1
    stand_ins = [_stand_in(w, head) for w in template]
    cmd.words[i : i + 1] = stand_ins
    cmd.origin[i : i + 1] = [cmd.origin[i]] * len(stand_ins)
    cmd.stand_ins.update(id(w) for w in stand_ins)
    return True


def _stand_in(w: Word, head: Word) -> Word:
    """A template word placed at the call's function name."""
    units = [
        Unit(u.text, head.start, head.end, u.kind, u.quoted, u.name, u.op, u.prefix, head.src)
        if u.kind != LIT
        else Unit(u.text, head.start, head.end, LIT, u.quoted, src=head.src)
        for u in w.units
    ]
    return Word(units, head.start, head.end, head.host, None, head.src)
