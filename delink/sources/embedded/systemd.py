"""systemd units (and fleet units, which are systemd units): the command lines of
``ExecStart=``, ``ExecStartPre=``, ``ExecStartPost=``, ``ExecReload=``, ``ExecStop=``,
``ExecStopPost=`` and ``ExecCondition=`` are shell fragments.

The prefixes systemd reads before the command (``-``, ``@``, ``:``, ``+``, ``!``) are
left out; a line that ends with a backslash continues on the next one (the shell reads
the backslash-newline the same way); ``%n`` and the other specifiers stay literal text.
systemd's quoting is close to the shell's, so the command is read as shell as written.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from delink.sources.embedded import FragmentBuilder, HostSource, shell_fragment, split_lines

if TYPE_CHECKING:
    from delink.facts import FileFacts
    from delink.sources import Context
    from delink.text import SourceText

__all__ = ["SOURCE"]

_EXEC = re.compile(
    r"[ \t]*Exec(?:Start|StartPre|StartPost|Reload|Stop|StopPost|Condition)[ \t]*=[ \t]*"
    r"[-@:+!]*[ \t]*"
)


def _extract(facts: FileFacts, src: SourceText, ctx: Context) -> None:
    lines = split_lines(src.text)
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        m = _EXEC.match(line.text)
        if m is None:
            continue
        b = FragmentBuilder()
        b.add(line.start + m.end(), line.text[m.end() :])
        last = line
        while last.text.rstrip(" \t").endswith("\\") and i < len(lines):
            b.newline(last)
            last = lines[i]
            i += 1
            b.add(last.start, last.text)
        fragment, omap = b.build()
        shell_fragment(facts, src, fragment, omap, ctx)


# Unit files are not checked: validate reports a command that parsed before and no
# longer does.
SOURCE = HostSource("systemd", _extract)
