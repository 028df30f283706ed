"""Helpers of the tests that drive `delink server` with a real LSP client (pytest-lsp)."""

from __future__ import annotations

import sys
from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

SERVER = [sys.executable, "-m", "delink", "server"]


def open_document(
    client: LanguageClient, path: Path, text: str, language: str = "shellscript"
) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id=language, version=1, text=text
            )
        )
    )
    return uri


async def next_diagnostics(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    """The diagnostics of ``uri`` published since the last call (waits for them)."""
    while uri not in client.diagnostics:
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return list(client.diagnostics.pop(uri))


def summary(diags: list[types.Diagnostic]) -> list[tuple[str, int, int, int, int, str]]:
    return [
        (
            str(d.code),
            d.range.start.line,
            d.range.start.character,
            d.range.end.line,
            d.range.end.character,
            d.message,
        )
        for d in diags
    ]


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    from delink.text import SourceText

    src = SourceText("x", text)

    def offset(p: types.Position) -> int:
        return src.offset(p.line + 1, p.character + 1)

    out = text
    for e in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        out = out[: offset(e.range.start)] + e.new_text + out[offset(e.range.end) :]
    return out
