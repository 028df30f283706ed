"""``delink server``: the Language Server Protocol over stdio, with pygls.

Diagnostics are published for the open documents after ``didOpen`` and ``didSave`` at
once, and after ``didChange`` once the typing pauses (:data:`DEBOUNCE`). Each lint reads
the document's whole project (its workspace folder) for cross-file facts, with every
open buffer's unsaved text winning over the disk. Code actions: a ``quickfix`` for each
fixable finding (its edit may span files) and ``source.fixAll.delink`` for the safe
fixes of one document. The configuration is the document's own (``pyproject.toml`` /
``.delink.toml`` found from it upwards), read at every lint.
"""

from __future__ import annotations

import asyncio
import os
import time

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from delink.config import ConfigError
from delink.server.engine import FIX_ALL, Engine, warm_up

DEBOUNCE = 0.05  # seconds of quiet after a change before linting


class DelinkServer(LanguageServer):
    def __init__(self) -> None:
        from delink import __version__

        super().__init__(
            "delink", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental
        )
        self.engine = Engine()
        self.pending: asyncio.TimerHandle | None = None
        self.published: set[str] = set()  # paths that have diagnostics on the client
        self.versions: dict[str, int] = {}  # path -> version of the client's text
        self.shown_error: str | None = None  # the configuration error last shown

    # -- documents ----------------------------------------------------------------------

    def path_of(self, uri: str) -> str | None:
        path = to_fs_path(uri)
        return os.path.abspath(path) if path else None

    def sync(self, uri: str) -> str | None:
        """Copy the client's text of ``uri`` into the engine; its path."""
        path = self.path_of(uri)
        if path is None:
            return None
        document = self.workspace.get_text_document(uri)
        self.engine.documents[path] = document.source
        if document.version is not None:
            self.versions[path] = document.version
        return path

    def lint_and_publish(self, paths: list[str]) -> None:
        self.pending = None
        started = time.perf_counter()
        versions = dict(self.versions)
        try:
            results = self.engine.lint(paths or list(self.engine.documents))
        except ConfigError as exc:
            self.config_error(str(exc))
            return
        except Exception as exc:  # a bug must not take the editor's server down
            self.window_log_message(
                types.LogMessageParams(
                    types.MessageType.Error, f"delink: internal error: {type(exc).__name__}: {exc}"
                )
            )
            return
        for linted in results.values():
            for path in list(self.engine.documents):
                if self.engine.linted_for(path) is not linted:
                    continue
                self.text_document_publish_diagnostics(
                    types.PublishDiagnosticsParams(
                        uri=_uri(path),
                        diagnostics=self.engine.diagnostics_for(path, linted),
                        version=versions.get(path),
                    )
                )
                self.published.add(path)
        self.shown_error = None
        elapsed = (time.perf_counter() - started) * 1000
        self.window_log_message(
            types.LogMessageParams(
                types.MessageType.Log,
                f"delink: linted in {elapsed:.0f} ms; {_files(self.engine.extracted)} read anew",
            )
        )

    def config_error(self, message: str) -> None:
        """Tell the user once about a configuration delink cannot use (until it can)."""
        self.window_log_message(types.LogMessageParams(types.MessageType.Error, message))
        if message != self.shown_error:
            self.shown_error = message
            self.window_show_message(
                types.ShowMessageParams(types.MessageType.Error, f"delink: {message}")
            )

    def schedule(self, path: str) -> None:
        if self.pending is not None:
            self.pending.cancel()
        loop = asyncio.get_running_loop()
        self.pending = loop.call_later(DEBOUNCE, self.lint_and_publish, [path])

    def forget(self, path: str) -> None:
        self.engine.documents.pop(path, None)
        self.versions.pop(path, None)
        if path in self.published:
            self.published.discard(path)
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=_uri(path), diagnostics=[])
            )


def _files(n: int) -> str:
    return f"{n} file" if n == 1 else f"{n} files"


def _uri(path: str) -> str:
    from pathlib import Path

    return Path(path).as_uri()


def build() -> DelinkServer:
    server = DelinkServer()

    @server.feature(types.INITIALIZED)
    def initialized(ls: DelinkServer, params: types.InitializedParams) -> None:
        folders = [to_fs_path(f.uri) for f in ls.workspace.folders.values()]
        if not folders and ls.workspace.root_path:
            folders = [ls.workspace.root_path]
        ls.engine.folders = [os.path.abspath(f) for f in folders if f]
        # right after this notification: an editor usually opens a file a moment later
        asyncio.get_running_loop().call_soon(warm_up)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: DelinkServer, params: types.DidOpenTextDocumentParams) -> None:
        path = ls.sync(params.text_document.uri)
        if path is not None:
            ls.lint_and_publish([path])

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: DelinkServer, params: types.DidChangeTextDocumentParams) -> None:
        path = ls.sync(params.text_document.uri)
        if path is not None:
            ls.schedule(path)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: DelinkServer, params: types.DidSaveTextDocumentParams) -> None:
        path = ls.sync(params.text_document.uri)
        if path is not None:
            if ls.pending is not None:
                ls.pending.cancel()
            ls.lint_and_publish([path])

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: DelinkServer, params: types.DidCloseTextDocumentParams) -> None:
        path = ls.path_of(params.text_document.uri)
        if path is not None:
            ls.forget(path)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]),
    )
    def code_action(
        ls: DelinkServer, params: types.CodeActionParams
    ) -> list[types.CodeAction] | None:
        path = ls.path_of(params.text_document.uri)
        if path is None:
            return None
        only = params.context.only
        actions: list[types.CodeAction] = []
        kinds = [str(getattr(k, "value", k)) for k in only or ()]
        if not kinds or types.CodeActionKind.QuickFix.value in kinds:
            actions.extend(ls.engine.quick_fixes(path, params.range))
        if not kinds or any(FIX_ALL.startswith(k) for k in kinds):
            if ls.pending is not None:  # typing just stopped: lint the newest text first
                ls.pending.cancel()
                ls.lint_and_publish([path])
            try:
                fix_all = ls.engine.fix_all(path)
            except ConfigError as exc:
                ls.config_error(str(exc))
                fix_all = None
            if fix_all is not None:
                actions.append(fix_all)
        return actions

    return server


def main() -> int:
    build().start_io()
    return 0
