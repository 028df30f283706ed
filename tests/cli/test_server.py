"""`delink server`, driven over stdio by a real LSP client (pytest-lsp), as an editor would.

The workspace is a small project: a script that declares a link, an entrypoint that
reads the link's env var, a Compose file with a link that only needs `depends_on`.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from .lsp_helpers import SERVER, apply_edits, next_diagnostics, open_document, summary

DB = "docker run -d --name db postgres:16\n"
START = 'docker run -d --name web --link db:db -v "$PWD/app:/app" app\n'
NETWORK = "docker network inspect db-net >/dev/null 2>&1 || docker network create db-net\n"
FIXED_DB = NETWORK + "docker run --network db-net -d --name db postgres:16\n"
FIXED_START = (
    NETWORK
    + "docker run -d --name web --network db-net -e DB_PORT_5432_TCP_ADDR=db"
    + ' -v "$PWD/app:/app" app\n'
)
ENTRYPOINT = '#!/bin/sh\nexec psql -h "$DB_PORT_5432_TCP_ADDR"\n'
COMPOSE = (
    "services:\n  cache:\n    image: redis:7\n  app:\n    image: app\n    links:\n      - cache\n"
)
FIXED_COMPOSE_TAIL = (
    "    depends_on:\n      cache:\n        condition: service_started\n        restart: true\n"
)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("lsp-workspace")
    (root / "bin").mkdir()
    (root / "app").mkdir()
    (root / "bin" / "db.sh").write_text(DB)
    (root / "bin" / "start.sh").write_text(START)
    (root / "app" / "entrypoint.sh").write_text(ENTRYPOINT)
    (root / "compose.yaml").write_text(COMPOSE)
    (root / ".delink.toml").write_text('per-file-ignores = { "legacy/**" = ["DLK301"] }\n')
    return root


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient, workspace: Path) -> AsyncIterator[None]:
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="ws")],
            root_uri=workspace.as_uri(),
        )
    )
    yield
    await lsp_client.shutdown_session()


async def test_unsaved_text_wins_and_other_files_come_from_disk(
    client: LanguageClient, workspace: Path
) -> None:
    # the buffer reads a second link var that the file on disk does not
    text = ENTRYPOINT + 'echo "$DB_PORT_5432_TCP_PORT"\n'
    started = time.perf_counter()
    uri = open_document(client, workspace / "app" / "entrypoint.sh", text)
    diags = await next_diagnostics(client, uri)
    elapsed = time.perf_counter() - started
    assert summary(diags) == [
        (
            "DLK501",
            1,
            15,
            1,
            36,
            "reads `DB_PORT_5432_TCP_ADDR`, which the legacy link `db:db` (bin/start.sh:1) "
            "injects: it is gone once the link is, and Engine 29+ no longer sets it",
        ),
        (
            "DLK501",
            2,
            7,
            2,
            28,
            "reads `DB_PORT_5432_TCP_PORT`, which the legacy link `db:db` (bin/start.sh:1) "
            "injects: it is gone once the link is, and Engine 29+ no longer sets it",
        ),
    ]
    first = diags[0]
    assert first.source == "delink"
    assert first.severity == types.DiagnosticSeverity.Warning
    related = first.related_information or []
    assert [(r.location.uri, r.location.range.start.line, r.message) for r in related] == [
        ((workspace / "bin" / "start.sh").as_uri(), 0, "`web` declares the link `db:db` here")
    ]
    assert elapsed < 10  # generous: the budget is measured in bench, not here

    # typing: the change is debounced, then linted; UTF-16 columns after an emoji
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangeWholeDocument(
                    text='#!/bin/sh\necho "😀 $DB_PORT_5432_TCP_ADDR"\n'
                )
            ],
        )
    )
    diags = await next_diagnostics(client, uri)
    assert [(d.range.start.character, d.range.end.character) for d in diags] == [(10, 31)]

    # saving lints at once, without waiting for the typing to pause
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert [str(d.code) for d in await next_diagnostics(client, uri)] == ["DLK501"]

    # the workspace's configuration applies: legacy/** ignores DLK301
    legacy = open_document(client, workspace / "legacy" / "run.sh", "docker run --link db:db app\n")
    assert await next_diagnostics(client, legacy) == []
    # the entrypoint's findings now name both links
    assert [len(d.related_information or ()) for d in client.diagnostics.pop(uri)] == [2]

    # closing the document clears its diagnostics
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert await next_diagnostics(client, uri) == []


async def test_quick_fix_spans_files_and_fix_all_is_safe(
    client: LanguageClient, workspace: Path
) -> None:
    compose = workspace / "compose.yaml"
    uri = open_document(client, compose, COMPOSE, "yaml")
    diags = await next_diagnostics(client, uri)
    assert summary(diags) == [
        (
            "DLK203",
            6,
            8,
            6,
            13,
            "`links` entry `cache` of `app` is only a DNS alias on the project network and an "
            "implied `depends_on`; `cache` already resolves by service name",
        )
    ]
    assert diags[0].severity == types.DiagnosticSeverity.Information
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diags[0].range,
            context=types.CodeActionContext(diagnostics=diags),
        )
    )
    assert actions is not None
    titles = [(a.title, a.kind) for a in actions if isinstance(a, types.CodeAction)]
    assert titles == [
        (
            "delink: remove the link `cache` of `app` and keep the start order with "
            "`depends_on` (`cache`)",
            types.CodeActionKind.QuickFix,
        ),
        ("delink: fix all safely fixable problems", "source.fixAll.delink"),
    ]
    quick = actions[0]
    assert isinstance(quick, types.CodeAction) and quick.edit is not None
    assert quick.is_preferred is True
    assert quick.edit.changes is not None and list(quick.edit.changes) == [uri]
    fixed = apply_edits(COMPOSE, quick.edit.changes[uri])
    assert fixed.endswith(FIXED_COMPOSE_TAIL) and "links:" not in fixed

    # the fix of a shell link moves its target too, in another file: one edit, two files
    start = workspace / "bin" / "start.sh"
    start_uri = open_document(client, start, START)
    diags = await next_diagnostics(client, start_uri)
    assert [str(d.code) for d in diags] == ["DLK301"]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=start_uri),
            range=diags[0].range,
            context=types.CodeActionContext(
                diagnostics=diags, only=[types.CodeActionKind.QuickFix]
            ),
        )
    )
    assert actions is not None and len(actions) == 1
    action = actions[0]
    assert isinstance(action, types.CodeAction) and action.edit and action.edit.changes
    assert action.title.endswith("(unsafe fix)") and action.is_preferred is False
    db_uri = (workspace / "bin" / "db.sh").as_uri()
    assert sorted(action.edit.changes) == sorted([start_uri, db_uri])
    assert apply_edits(START, action.edit.changes[start_uri]) == FIXED_START
    assert apply_edits(DB, action.edit.changes[db_uri]) == FIXED_DB

    # source.fixAll.delink alone
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(types.Position(0, 0), types.Position(0, 0)),
            context=types.CodeActionContext(diagnostics=[], only=["source.fixAll.delink"]),
        )
    )
    assert actions is not None and len(actions) == 1
    fix_all = actions[0]
    assert isinstance(fix_all, types.CodeAction) and fix_all.edit and fix_all.edit.changes
    assert apply_edits(COMPOSE, fix_all.edit.changes[uri]) == fixed
    assert compose.read_text() == COMPOSE  # the server never writes files


def test_server_without_pygls_says_how_to_install(run_cli, monkeypatch) -> None:
    import delink.server

    monkeypatch.setattr(delink.server, "available", lambda: False)
    code, out, err = run_cli(["server"])
    assert (code, out) == (2, "")
    assert err == (
        "delink: error: `delink server` needs pygls: install it with pip install 'delink[lsp]'\n"
    )
