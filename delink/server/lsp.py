"""``delink server``: the Language Server Protocol over stdio, with pygls.

Diagnostics are published for the open documents after ``didOpen`` and ``didSave`` at
once, and after ``didChange`` (and ``workspace/didChangeWatchedFiles``, which the server
asks a client that can for) once the changes pause (:data:`DEBOUNCE`). Each lint reads
the document's whole project (its workspace folder) for cross-file facts, with every
open buffer's unsaved text winning over the disk; the engine keeps each file's facts
between lints (:mod:`delink.livefacts`), so a lint extracts only what changed. Code
actions: a ``quickfix`` for each fixable finding (its edit may span files) and
``source.fixAll.delink`` for the safe fixes of one document. The configuration is the
document's own (``pyproject.toml`` / ``.delink.toml`` found from it upwards), read at
every lint; one that cannot be used is shown to the user (``window/showMessage``).
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
        self.waiting: set[str] = set()  # documents changed since their last lint
        self.waiting_all = False  # files on disk changed: every open document waits
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
        """Lint the projects of ``paths`` and of the documents waiting for a lint (all
        open documents when ``paths`` is empty); publish for their open documents."""
        if self.pending is not None:
            self.pending.cancel()
            self.pending = None
        if self.waiting_all:
            paths = []
        elif paths:
            wanted = {*paths, *self.waiting}
            paths = [p for p in self.engine.documents if p in wanted]
            if not paths:
                return  # closed meanwhile
        self.waiting, self.waiting_all = set(), False
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

    def schedule(self, path: str | None) -> None:
        """Lint the project of ``path`` (None: of every open document) once changes
        pause for :data:`DEBOUNCE`, together with whatever else is waiting."""
        if path is None:
            self.waiting_all = True
        else:
            self.waiting.add(path)
        if self.pending is not None:
            self.pending.cancel()
        loop = asyncio.get_running_loop()
        self.pending = loop.call_later(DEBOUNCE, self.lint_and_publish, [])

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


WATCHER_ID = "delink-files"


def watch(ls: DelinkServer) -> None:
    """Ask the client to tell about files changed on disk (another file's facts may
    change an open document's findings), when it can be asked."""
    workspace = ls.client_capabilities.workspace
    watched = workspace.did_change_watched_files if workspace is not None else None
    if watched is None or not watched.dynamic_registration:
        return
    options = types.DidChangeWatchedFilesRegistrationOptions(
        watchers=[types.FileSystemWatcher(glob_pattern="**/*")]
    )
    ls.client_register_capability(
        types.RegistrationParams(
            registrations=[
                types.Registration(
                    id=WATCHER_ID,
                    method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                    register_options=options,
                )
            ]
        )
    )


def build() -> DelinkServer:
    server = DelinkServer()

    @server.feature(types.INITIALIZED)
    def initialized(ls: DelinkServer, params: types.InitializedParams) -> None:
        folders = [to_fs_path(f.uri) for f in ls.workspace.folders.values()]
        if not folders and ls.workspace.root_path:
            folders = [ls.workspace.root_path]
        ls.engine.folders = [os.path.abspath(f) for f in folders if f]
        watch(ls)
        # right after this notification: an editor usually opens a file a moment later
        asyncio.get_running_loop().call_soon(warm_up)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(
        ls: DelinkServer, params: types.DidChangeWatchedFilesParams
    ) -> None:
        if ls.engine.documents:
            ls.schedule(None)

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
