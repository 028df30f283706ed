"""Escaping what delink prints to a terminal, as git does for file names.

A file name, a message or a source line can hold control characters (ESC starts a
terminal escape sequence, CR rewrites the line, BS erases), bidirectional overrides
(U+202E shows ``exe.txt`` for ``txt.exe``), line separators, or undecodable bytes. Text
output shows each as an escape, never raw, whatever ``--color`` says:

- :func:`escape_path` quotes a file name that needs escaping, C-style, like git's
  ``core.quotePath``: ``"a\\033[31mb.sh"``; a plain name is shown as it is.
- :func:`escape_text` escapes the same characters in free text without quoting it.
- :func:`char_escape` is the escape of one character (``None``: shown as it is); the
  text reporter uses it to keep its carets under the right columns.
- :func:`plain` says whether a text is shown as it is.

Every text-like output uses them: text, the ``delink:`` notes, GitHub annotations
(messages; a file name only when it needs it, so that an ordinary name still points at
its file), GitLab descriptions, SARIF messages and the language server's messages
(:func:`delink.report.shown`). Data that must stay exact is never escaped: file names
in JSON, GitLab locations, SARIF URIs (percent-encoded) and fix contents; the JSON
encoder escapes their control characters itself.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = ["char_escape", "escape_path", "escape_text", "plain"]

_NAMED = {
    "\a": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\v": "\\v",
    "\f": "\\f",
    "\r": "\\r",
}


@lru_cache(maxsize=1024)
def char_escape(ch: str) -> str | None:
    """How one character is shown: its escape, or None when it is shown as it is.

    Control (Cc), format (Cf: bidi overrides, zero-width characters), line and
    paragraph separators and lone surrogates (undecodable bytes of a file name) are
    escaped: C escapes for the usual ones, else git's octal bytes of the UTF-8 form.
    """
    named = _NAMED.get(ch)
    if named is not None:
        return named
    category = unicodedata.category(ch)
    if category not in ("Cc", "Cf", "Zl", "Zp", "Cs"):
        return None
    try:
        data = ch.encode("utf-8", "surrogateescape")  # a byte of an undecodable name
    except UnicodeEncodeError:
        data = ch.encode("utf-8", "surrogatepass")
    return "".join(f"\\{b:03o}" for b in data)


def escape_text(text: str) -> str:
    """``text`` with every control, format and separator character escaped (tabs and
    line breaks too: call it on one line at a time where they are meant)."""
    if text.isprintable():  # C speed; False for every character escaped here
        return text
    return "".join(char_escape(ch) or ch for ch in text)


def escape_path(path: str) -> str:
    """A file name as text output shows it: as it is when it is plain, else in double
    quotes with C escapes (``"\\\\"`` and ``"\\""`` escaped inside), as git quotes it."""
    if path.isprintable() and '"' not in path and "\\" not in path:
        return path
    out = ['"']
    for ch in path:
        if ch in '"\\':
            out.append("\\" + ch)
        else:
            out.append(char_escape(ch) or ch)
    out.append('"')
    return "".join(out)


def plain(text: str) -> bool:
    """Whether ``text`` is shown as it is: nothing in it is escaped."""
    return text.isprintable() or all(char_escape(ch) is None for ch in text)
