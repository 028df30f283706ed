"""The language server's incremental lint: after each edit, its result is exactly the
one of a full lint of the same texts (a fresh engine that reads and extracts every
file), and it read anew only the files that changed.

The workspace: a shell script links `web` to `db` and an entrypoint reads the link's
env var; a Compose file (v1 format) links `web` to `cache` and a script beside it reads
`CACHE_PORT_6379_TCP_ADDR`, so an edit of one file changes the findings of another.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from delink.server.engine import Engine

from .lsp_helpers import SERVER, next_diagnostics, open_document, summary

DB = "docker run -d --name db postgres:16\n"
START = "docker run -d --name web --link db:db app\n"
ENTRYPOINT = '#!/bin/sh\nexec psql -h "$DB_PORT_5432_TCP_ADDR"\n'
COMPOSE = "cache:\n  image: redis:7\nweb:\n  build: .\n  links:\n    - cache\n"
WORKER = '#!/bin/sh\nredis-cli -h "$CACHE_PORT_6379_TCP_ADDR" ping\n'
FILES = {
    "bin/db.sh": DB,
    "bin/start.sh": START,
    "app/entrypoint.sh": ENTRYPOINT,
    "svc/docker-compose.yml": COMPOSE,
    "svc/worker.sh": WORKER,
    "lib/util.py": "import os\n\nHOME = os.environ['HOME']\n",
    "README.md": "# demo\n\nRun `bin/start.sh`.\n",
}
OPEN = ("svc/docker-compose.yml", "svc/worker.sh", "bin/start.sh")

Summary = list[tuple[str, str, int, int, str]]


@pytest.fixture
def root(make_project, monkeypatch: pytest.MonkeyPatch) -> Path:  # type: ignore[no-untyped-def]
    # files written a moment ago are re-read by every run (their status proves
    # nothing within the file system's timestamp tick): make them look older here
    monkeypatch.setattr("delink.cache._RACY_NS", 0)
    root: Path = make_project(FILES)
    return root.resolve()


def _engine(root: Path, documents: dict[str, str]) -> Engine:
    return Engine(folders=[str(root)], documents=dict(documents))


def _summary(engine: Engine, root: Path) -> Summary:
    linted = engine.last[str(root)]
    out = []
    for d in linted.diagnostics:
        row, col = linted.texts[d.path].position(d.span.start)
        out.append((d.path, d.code, row, col, d.message))
    return out


class Session:
    """An engine kept across edits, and a check of each of its lints against a full
    lint of the same texts."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.engine = _engine(root, {})
        for rel in OPEN:
            self.engine.documents[self.path(rel)] = FILES[rel]
        self.engine.lint([self.path(OPEN[0])])

    def path(self, rel: str) -> str:
        return os.path.join(str(self.root), rel)

    def edit(self, rel: str, text: str) -> Summary:
        """Change an open document, lint, and compare with a full lint."""
        self.engine.documents[self.path(rel)] = text
        return self.lint(rel)

    def lint(self, rel: str) -> Summary:
        incremental = self.engine.lint([self.path(rel)])[str(self.root)]
        full_engine = _engine(self.root, self.engine.documents)
        full = full_engine.lint([self.path(rel)])[str(self.root)]
        assert incremental.diagnostics == full.diagnostics  # fixes and related included
        for rel_open in OPEN:
            path = self.path(rel_open)
            assert self.engine.diagnostics_for(path, incremental) == (
                full_engine.diagnostics_for(path, full)
            )
        return _summary(self.engine, self.root)

    def read_anew(self) -> list[str]:
        linter = self.engine.linters[str(self.root)]
        assert linter.live is not None
        return linter.live.read_anew


LINKED_DB = (
    "app/entrypoint.sh",
    "DLK501",
    2,
    16,
    "reads `DB_PORT_5432_TCP_ADDR`, which the legacy link `db:db` (bin/start.sh:1) injects:"
    " it is gone once the link is, and Engine 29+ no longer sets it",
)
START_LINK = (
    "bin/start.sh",
    "DLK301",
    1,
    26,
    "legacy link `db:db` on the default bridge network: `web` reaches `db` through"
    " deprecated /etc/hosts entries and link env vars; its consumers read"
    " `DB_PORT_5432_TCP_ADDR`",
)
V1 = (
    "svc/docker-compose.yml",
    "DLK201",
    1,
    1,
    "Compose file in the v1 format (no `services:` key): its links are legacy links, and"
    " Compose v2 cannot load it; upgrade it to the Compose spec format",
)


READS_ADDR = "; its consumers read `CACHE_PORT_6379_TCP_ADDR`"


def _cache_link(consumers: str) -> tuple[str, str, int, int, str]:
    return (
        "svc/docker-compose.yml",
        "DLK202",
        6,
        7,
        "legacy link `cache` in a v1 Compose file: `web` reaches `cache` through deprecated"
        " /etc/hosts entries and link env vars" + consumers,
    )


def _cache_read(var: str, row: int, col: int) -> tuple[str, str, int, int, str]:
    return (
        "svc/worker.sh",
        "DLK501",
        row,
        col,
        f"reads `{var}`, which the legacy link `cache` (svc/docker-compose.yml:6) injects:"
        " it is gone once the link is, and Engine 29+ no longer sets it",
    )


def test_compose_link_edits_change_the_reader_in_another_file(root: Path) -> None:
    session = Session(root)
    reads_addr = READS_ADDR
    assert session.lint("svc/docker-compose.yml") == [
        LINKED_DB,
        START_LINK,
        V1,
        _cache_link(reads_addr),
        _cache_read("CACHE_PORT_6379_TCP_ADDR", 2, 16),
    ]
    assert session.read_anew() == []  # nothing changed: nothing read again

    # remove the link: the reader in svc/worker.sh is no finding any more
    no_link = "cache:\n  image: redis:7\nweb:\n  build: .\n"
    assert session.edit("svc/docker-compose.yml", no_link) == [
        LINKED_DB,
        START_LINK,
        (
            "svc/worker.sh",
            "DLK502",
            2,
            16,
            "reads `CACHE_PORT_6379_TCP_ADDR`, a legacy link env var (alias `cache`), but no"
            " link in the project injects it; Engine 29+ no longer injects link env vars",
        ),
    ]
    assert session.read_anew() == ["svc/docker-compose.yml"]

    # add it back under an alias the reader does not use, then the one it uses
    aliased = no_link + "  links:\n    - cache:redis\n"
    summary = session.edit("svc/docker-compose.yml", aliased)
    assert [(p, c) for p, c, *_ in summary] == [
        ("app/entrypoint.sh", "DLK501"),
        ("bin/start.sh", "DLK301"),
        ("svc/docker-compose.yml", "DLK201"),
        ("svc/docker-compose.yml", "DLK202"),
        ("svc/worker.sh", "DLK502"),
    ]
    assert session.edit("svc/docker-compose.yml", COMPOSE)[-1] == _cache_read(
        "CACHE_PORT_6379_TCP_ADDR", 2, 16
    )
    assert session.read_anew() == ["svc/docker-compose.yml"]


def test_env_read_edits(root: Path) -> None:
    session = Session(root)
    # add a second read
    added = WORKER + 'echo "$CACHE_PORT_6379_TCP_PORT"\n'
    summary = session.edit("svc/worker.sh", added)
    assert summary[-3:] == [
        _cache_link(
            "; its consumers read `CACHE_PORT_6379_TCP_ADDR` and `CACHE_PORT_6379_TCP_PORT`"
        ),
        _cache_read("CACHE_PORT_6379_TCP_ADDR", 2, 16),
        _cache_read("CACHE_PORT_6379_TCP_PORT", 3, 8),
    ]
    assert session.read_anew() == ["svc/worker.sh"]
    # change it into a variable no link injects
    changed = WORKER + 'echo "$REDIS_PASSWORD"\n'
    summary = session.edit("svc/worker.sh", changed)
    assert summary[-2:] == [
        _cache_link("; its consumers read `CACHE_PORT_6379_TCP_ADDR`"),
        _cache_read("CACHE_PORT_6379_TCP_ADDR", 2, 16),
    ]
    # remove every read: the link has no consumers left
    assert session.edit("svc/worker.sh", "#!/bin/sh\nredis-cli ping\n")[-1] == _cache_link("")


def test_shell_link_edits(root: Path) -> None:
    session = Session(root)
    compose_findings = [V1, _cache_link(READS_ADDR), _cache_read("CACHE_PORT_6379_TCP_ADDR", 2, 16)]
    # a second link in the open script
    two = "docker run -d --name web --link db:db --link cache:cache app\n"
    assert session.edit("bin/start.sh", two) == [
        LINKED_DB,
        START_LINK,
        (
            "bin/start.sh",
            "DLK301",
            1,
            39,
            "legacy link `cache:cache` on the default bridge network: `web` reaches `cache`"
            " through deprecated /etc/hosts entries and link env vars",
        ),
        *compose_findings,
    ]
    assert session.read_anew() == ["bin/start.sh"]
    # change the first link's alias: the entrypoint's read is no longer the link's
    summary = session.edit("bin/start.sh", "docker run -d --name web --link db:pg app\n")
    assert summary == [
        (
            "app/entrypoint.sh",
            "DLK502",
            2,
            16,
            "reads `DB_PORT_5432_TCP_ADDR`, a legacy link env var (alias `db`), but no link in"
            " the project injects it; Engine 29+ no longer injects link env vars",
        ),
        (
            "bin/start.sh",
            "DLK301",
            1,
            26,
            "legacy link `db:pg` on the default bridge network: `web` reaches `db` through"
            " deprecated /etc/hosts entries and link env vars",
        ),
        *compose_findings,
    ]
    # remove the link
    summary = session.edit("bin/start.sh", "docker run -d --name web app\n")
    assert summary == [summary[0], *compose_findings]
    assert summary[0][:2] == ("app/entrypoint.sh", "DLK502")
    assert session.read_anew() == ["bin/start.sh"]


def test_files_on_disk_that_change_are_read_again(root: Path) -> None:
    session = Session(root)
    entry = root / "app" / "entrypoint.sh"
    # a file that is not open changes on disk: another read of the link
    entry.write_text(ENTRYPOINT + 'echo "$DB_PORT_5432_TCP_PORT"\n')
    summary = session.lint("bin/start.sh")
    assert [(p, c, r) for p, c, r, *_ in summary][:3] == [
        ("app/entrypoint.sh", "DLK501", 2),
        ("app/entrypoint.sh", "DLK501", 3),
        ("bin/start.sh", "DLK301", 1),
    ]
    assert session.read_anew() == ["app/entrypoint.sh"]
    # a new file, then a removed one
    (root / "bin" / "more.sh").write_text("docker run --link db:db2 tool\n")
    summary = session.lint("bin/start.sh")
    assert ("bin/more.sh", "DLK301") in [(p, c) for p, c, *_ in summary]
    entry.unlink()
    summary = session.lint("bin/start.sh")
    assert "app/entrypoint.sh" not in [p for p, *_ in summary]
    # the configuration changes: a new linter, the same result as a full lint
    (root / ".delink.toml").write_text('ignore = ["DLK201"]\n')
    summary = session.lint("bin/start.sh")
    assert "DLK201" not in [c for _, c, *_ in summary]


def test_code_actions_leave_the_kept_facts_as_they_were(root: Path) -> None:
    session = Session(root)
    compose = session.path("svc/docker-compose.yml")
    everything = types.Range(types.Position(0, 0), types.Position(99, 0))
    assert session.engine.quick_fixes(compose, everything)
    assert session.engine.fix_all(session.path("bin/start.sh")) is None  # only unsafe fixes
    assert session.edit("svc/worker.sh", WORKER)[-1] == _cache_read(
        "CACHE_PORT_6379_TCP_ADDR", 2, 16
    )


# -- over stdio ---------------------------------------------------------------------------


@pytest.fixture
def lsp_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("lsp-incremental").resolve()
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    # the configuration comes from the workspace's pyproject.toml
    (root / "pyproject.toml").write_text('[tool.delink]\nignore = ["DLK201"]\n')
    # the server (another process) trusts its cache only for files older than
    # delink.cache._RACY_NS: wait that long, or its lints read them anew by the clock
    time.sleep(2.1)
    return root


REGISTRATIONS: list[types.Registration] = []


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient, lsp_root: Path) -> AsyncIterator[None]:
    REGISTRATIONS.clear()

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        REGISTRATIONS.extend(params.registrations)

    watched = types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True)
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(
                workspace=types.WorkspaceClientCapabilities(did_change_watched_files=watched)
            ),
            workspace_folders=[types.WorkspaceFolder(uri=lsp_root.as_uri(), name="ws")],
        )
    )
    yield
    await lsp_client.shutdown_session()


def _full(root: Path, documents: dict[str, str], rel: str) -> object:
    """What a full lint of these texts reports in ``rel``, as the server sends it."""
    engine = _engine(root, {str(root / k): v for k, v in documents.items()})
    linted = engine.lint([str(root / rel)])[str(root)]
    return _json(engine.diagnostics_for(str(root / rel), linted))


def _json(diagnostics: list[types.Diagnostic]) -> object:
    from lsprotocol.converters import get_converter

    return get_converter().unstructure(diagnostics)


async def _settled(client: LanguageClient, uri: str, expected: object) -> list[types.Diagnostic]:
    """The diagnostics published for ``uri`` once they are ``expected`` (earlier
    publications, of texts edited since, are passed over); fails after 60 s."""
    seen: list[object] = []

    async def wait() -> list[types.Diagnostic]:
        while True:
            published = await next_diagnostics(client, uri)
            if _json(published) == expected:
                return published
            seen.append(_json(published))

    try:
        return await asyncio.wait_for(wait(), timeout=60)
    except TimeoutError:
        raise AssertionError(f"never published {expected!r}; published {seen!r}") from None


async def test_an_edit_updates_the_other_open_documents(
    client: LanguageClient, lsp_root: Path
) -> None:
    compose = open_document(client, lsp_root / "svc/docker-compose.yml", COMPOSE, "yaml")
    worker = open_document(client, lsp_root / "svc/worker.sh", WORKER)
    documents = {"svc/docker-compose.yml": COMPOSE, "svc/worker.sh": WORKER}
    # DLK201 is ignored by pyproject.toml
    assert [str(d.code) for d in await next_diagnostics(client, compose)] == ["DLK202"]
    published = await next_diagnostics(client, worker)
    assert _json(published) == _full(lsp_root, documents, "svc/worker.sh")
    assert [str(d.code) for d in published] == ["DLK501"]

    # delete the link's two lines in the Compose buffer (an incremental change)
    client.diagnostics.clear()  # what the opening published
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=compose, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(types.Position(4, 0), types.Position(6, 0)), text=""
                )
            ],
        )
    )
    documents["svc/docker-compose.yml"] = "cache:\n  image: redis:7\nweb:\n  build: .\n"
    assert await next_diagnostics(client, compose) == []
    published = await next_diagnostics(client, worker)
    assert _json(published) == _full(lsp_root, documents, "svc/worker.sh")
    assert summary(published) == [
        (
            "DLK502",
            1,
            15,
            1,
            39,
            "reads `CACHE_PORT_6379_TCP_ADDR`, a legacy link env var (alias `cache`), but no"
            " link in the project injects it; Engine 29+ no longer injects link env vars",
        )
    ]

    # type the link back in, one keystroke at a time (a lint each time the typing pauses)
    client.diagnostics.clear()
    client.log_messages.clear()
    for version, char in enumerate("  links: [cache]\n", start=3):
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=compose, version=version),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(
                            types.Position(4, version - 3), types.Position(4, version - 3)
                        ),
                        text=char,
                    )
                ],
            )
        )
    documents["svc/docker-compose.yml"] = COMPOSE.replace(
        "  links:\n    - cache\n", "  links: [cache]\n"
    )
    # a loaded machine may pause between keystrokes longer than the debounce: lints of
    # the half-typed text may come first, but the last one is the full lint's result
    expected = _full(lsp_root, documents, "svc/worker.sh")
    published = await _settled(client, worker, expected)
    assert [str(d.code) for d in published] == ["DLK501"]
    expected = _full(lsp_root, documents, "svc/docker-compose.yml")
    assert [str(d.code) for d in await _settled(client, compose, expected)] == ["DLK202"]
    while not (lints := [m for m in client.log_messages if "linted in" in m.message]):
        await client.wait_for_notification(types.WINDOW_LOG_MESSAGE)
    # each lint read and extracted only the Compose buffer again
    assert {m.message.split("; ")[-1] for m in lints} == {"1 file read anew"}


async def test_a_configuration_error_is_shown_until_it_is_mended(
    client: LanguageClient, lsp_root: Path
) -> None:
    config = lsp_root / "pyproject.toml"
    config.write_text('[tool.delink]\nignore = "DLK201"\n')
    worker = open_document(client, lsp_root / "svc/worker.sh", WORKER)
    while not client.messages:
        await client.wait_for_notification(types.WINDOW_SHOW_MESSAGE)
    assert [(m.type, m.message) for m in client.messages] == [
        (
            types.MessageType.Error,
            f"delink: {config}: `tool.delink.ignore`: expected an array of strings, got 'DLK201'",
        )
    ]
    config.write_text('[tool.delink]\nignore = ["DLK201"]\n')
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=worker))
    )
    assert [str(d.code) for d in await next_diagnostics(client, worker)] == ["DLK501"]
    assert len(client.messages) == 1


async def test_files_changed_on_disk_update_the_open_documents(
    client: LanguageClient, lsp_root: Path
) -> None:
    # the server asked to hear of files changed on disk
    while not REGISTRATIONS:
        await asyncio.sleep(0.05)
    assert [(r.method, r.register_options) for r in REGISTRATIONS] == [
        ("workspace/didChangeWatchedFiles", {"watchers": [{"globPattern": "**/*"}]})
    ]
    start = open_document(client, lsp_root / "bin/start.sh", START)
    assert [d.message for d in await next_diagnostics(client, start)] == [START_LINK[-1]]

    # another file, not open, stops reading the link's env var
    entrypoint = lsp_root / "app/entrypoint.sh"
    entrypoint.write_text("#!/bin/sh\nexec psql -h db\n")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=entrypoint.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    assert [d.message for d in await next_diagnostics(client, start)] == [
        "legacy link `db:db` on the default bridge network: `web` reaches `db` through"
        " deprecated /etc/hosts entries and link env vars"
    ]
