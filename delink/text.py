"""Source text: decoding that round-trips, and offset <-> row/column conversion.

Offsets inside delink are 0-based character offsets into the decoded text. Rows and
columns shown to users are 1-based; columns count characters (as ruff does). The
editor protocol wants 0-based UTF-16 code units: see :meth:`SourceText.utf16_position`.
"""

from __future__ import annotations

import bisect
import codecs
from dataclasses import dataclass, field

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class DecodeError(ValueError):
    """The bytes are not text delink can read and write back unchanged."""


@dataclass(frozen=True)
class Encoding:
    """How a file's bytes map to its text; :meth:`encode` restores the exact bytes."""

    codec: str = "utf-8"
    bom: bytes = b""

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.codec)


def decode(data: bytes) -> tuple[str, Encoding]:
    """Decode file bytes. Raises :class:`DecodeError` for binary or non-UTF text."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), Encoding(codec, bom)
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"not valid {codec} after its byte order mark: {exc.reason}"
                ) from exc
    if b"\x00" in data[:8192]:
        raise DecodeError("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8"), Encoding()
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from exc


def newline_style(text: str) -> str:
    """The file's dominant line ending: "\\r\\n", "\\r" or "\\n"."""
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf
    if crlf and crlf >= lf and crlf >= cr:
        return "\r\n"
    if cr > lf:
        return "\r"
    return "\n"


@dataclass
class SourceText:
    """A file's decoded text with position helpers.

    ``path`` is the path as shown to users (relative to the working directory when
    possible). ``encoding`` restores the original bytes on write.
    """

    path: str
    text: str
    encoding: Encoding = field(default_factory=Encoding)
    _line_starts: list[int] | None = field(default=None, repr=False, compare=False)
    _newline: str | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_bytes(cls, path: str, data: bytes) -> SourceText:
        text, enc = decode(data)
        return cls(path, text, enc)

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            starts = [0]
            text = self.text
            i = 0
            n = len(text)
            while i < n:
                c = text[i]
                if c == "\n":
                    starts.append(i + 1)
                elif c == "\r":
                    if i + 1 < n and text[i + 1] == "\n":
                        i += 1
                    starts.append(i + 1)
                i += 1
            self._line_starts = starts
        return self._line_starts

    @property
    def newline(self) -> str:
        """The dominant line ending, counted once (each fix of a big file asks)."""
        if self._newline is None:
            self._newline = newline_style(self.text)
        return self._newline

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (row, column) of a character offset; columns count characters."""
        offset = max(0, min(offset, len(self.text)))
        starts = self.line_starts
        row = bisect.bisect_right(starts, offset) - 1
        return row + 1, offset - starts[row] + 1

    def offset(self, row: int, column: int) -> int:
        """Inverse of :meth:`position` (1-based row and column)."""
        starts = self.line_starts
        row = max(1, min(row, len(starts)))
        return min(starts[row - 1] + column - 1, len(self.text))

    def utf16_position(self, offset: int) -> tuple[int, int]:
        """0-based (line, UTF-16 code unit) for the editor protocol."""
        row, col = self.position(offset)
        start = self.line_starts[row - 1]
        prefix = self.text[start : start + col - 1]
        units = sum(2 if ord(ch) > 0xFFFF else 1 for ch in prefix)
        return row - 1, units

    def line_text(self, row: int) -> str:
        """The text of a 1-based row without its line ending."""
        starts = self.line_starts
        if row < 1 or row > len(starts):
            return ""
        start = starts[row - 1]
        end = starts[row] if row < len(starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def line_start(self, offset: int) -> int:
        """Offset of the start of the line that holds ``offset``."""
        row, _ = self.position(offset)
        return self.line_starts[row - 1]

    def line_end(self, offset: int) -> int:
        """Offset of the line ending (or end of text) of the line holding ``offset``."""
        row, _ = self.position(offset)
        starts = self.line_starts
        end = starts[row] if row < len(starts) else len(self.text)
        while end > starts[row - 1] and self.text[end - 1] in "\r\n":
            end -= 1
        return end


@dataclass(frozen=True)
class OffsetMap:
    """Maps offsets in an extracted fragment back to offsets in its host file.

    Embedded code (shell in a Makefile recipe, a Compose ``command:``, a Python string)
    is extracted into a fragment whose characters each come from one host offset.
    ``host`` lists, for every fragment character, its host offset; the extra last
    entry is the host offset just past the fragment.
    """

    host: tuple[int, ...]

    @classmethod
    def identity(cls, start: int, length: int) -> OffsetMap:
        return cls(tuple(range(start, start + length + 1)))

    @classmethod
    def from_pieces(cls, pieces: list[tuple[int, str]], end: int | None = None) -> OffsetMap:
        """Build from (host_offset, text) pieces: each piece's characters are contiguous
        in the host. ``end`` is the host offset after the last character."""
        host: list[int] = []
        for start, text in pieces:
            host.extend(range(start, start + len(text)))
        if end is None:
            end = (pieces[-1][0] + len(pieces[-1][1])) if pieces else 0
        host.append(end)
        return cls(tuple(host))

    def __call__(self, offset: int) -> int:
        if offset < 0:
            return self.host[0]
        if offset >= len(self.host):
            return self.host[-1]
        return self.host[offset]

    def end(self, offset: int) -> int:
        """Host offset for an exclusive end: just past the previous character."""
        if offset <= 0:
            return self.host[0]
        return self(offset - 1) + 1

    def compose(self, inner: OffsetMap) -> OffsetMap:
        """A map for a fragment of this fragment (``inner`` maps into this one)."""
        return OffsetMap(tuple(self(i) for i in inner.host))
