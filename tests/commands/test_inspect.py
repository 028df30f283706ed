"""``delink inspect`` on a recorded daemon (``fixtures/inspect/daemon-20.10.json``: the
``docker version`` and ``docker inspect`` of a real 20.10 daemon, trimmed to the keys
delink reads), through a fake docker client: exact output per engine era, masking,
Compose grouping, and the error when no daemon answers."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from typing import Any

import jsonschema
import pytest

from delink.commands import inspect as inspect_cmd

from .golden import ROOT, check

RECORDED = json.loads((ROOT / "fixtures/inspect/daemon-20.10.json").read_text(encoding="utf-8"))
SCHEMA = json.loads((ROOT / "delink/data/inspect.schema.json").read_text(encoding="utf-8"))


class _Container:
    def __init__(self, attrs: dict[str, Any]) -> None:
        self.attrs = attrs


class _Containers:
    def __init__(self, attrs: list[dict[str, Any]]) -> None:
        self._attrs = attrs

    def list(self, *, all: bool) -> list[_Container]:
        assert all
        return [_Container(a) for a in self._attrs]


class FakeClient:
    def __init__(self, version: str | None = None) -> None:
        data = copy.deepcopy(RECORDED)
        if version is not None:
            data["version"]["Version"] = version
        self._version = data["version"]
        self.containers = _Containers(data["containers"])

    def version(self) -> dict[str, Any]:
        return dict(self._version)


@pytest.fixture
def daemon(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    def use(version: str | None = None) -> None:
        client = FakeClient(version)
        monkeypatch.setattr(
            inspect_cmd, "connect", lambda host: (client, host or "unix:///var/run/docker.sock")
        )

    return use


@pytest.mark.parametrize(
    ("golden", "version", "args"),
    [
        ("inspect-20.10.txt", None, []),
        ("inspect-20.10.json", None, ["--format", "json"]),
        ("inspect-28.txt", "28.5.1", []),
        ("inspect-29.txt", "29.0.2", []),
        ("inspect-29-keep.txt", "29.0.2", ["--keep-legacy-env"]),
        ("inspect-30.json", "30.0.0", ["--format", "json"]),
    ],
)
def test_inspect_recorded_daemon(
    run_cli, daemon, golden: str, version: str | None, args: list[str]
) -> None:
    daemon(version)
    code, out, err = run_cli(["inspect", *args])
    assert (code, err) == (0, "")
    check(golden, out)
    if golden.endswith(".json"):
        jsonschema.validate(json.loads(out), SCHEMA)
    assert "s3cret" not in out and "example-secret" not in out


def test_inspect_lists_linked_containers_only(daemon) -> None:
    client = FakeClient()
    audit = inspect_cmd.audit(client, "test")
    assert [c.name for c in audit.containers] == ["explain-job", "explain-web", "explaindemo_web_1"]
    assert audit.unlinked == 3
    web = audit.containers[1]
    assert [(x.target, x.alias, x.link_name) for x in web.links] == [
        ("explain-db", "db", "/explain-web/db")
    ]
    # the real values are there for tests; only the output masks them
    assert web.env["DB_ENV_POSTGRES_PASSWORD"] == "s3cret"
    assert web.overridden == ["DB_NAME"] and "DB_NAME" not in web.env
    assert web.env["DB_PORT"] == "udp://172.17.0.2:53"  # the old algorithm's default port
    assert web.change_29.changed["DB_PORT"] == ("udp://172.17.0.2:53", "tcp://172.17.0.2:5432")


def test_compose_v1_prefixes_and_grouping(daemon) -> None:
    audit = inspect_cmd.audit(FakeClient(), "test")
    groups = inspect_cmd.compose_groups(audit)
    assert list(groups) == ["explaindemo"]
    assert [c.name for c in groups["explaindemo"]["web"]] == ["explaindemo_web_1"]
    web = groups["explaindemo"]["web"][0]
    prefixes = sorted({k.split("_PORT", 1)[0] for k in web.env if "_PORT" in k})
    assert prefixes == ["DATABASE", "DB", "DB_1", "EXPLAINDEMO_DB_1"]
    assert web.compose is not None and web.compose.version == "1.29.2"


def test_no_daemon_is_a_clear_error(run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    code, out, err = run_cli(["inspect", "--host", "unix:///nonexistent/docker.sock"])
    assert (code, out) == (2, "")
    assert err.startswith(
        "delink: error: cannot reach a Docker daemon at unix:///nonexistent/docker.sock: "
    )
    assert "Traceback" not in err and err.count("\n") == 1


def test_missing_sdk_is_a_clear_error(run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_docker(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "docker" or name.startswith("docker."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_docker)
    code, out, err = run_cli(["inspect"])
    assert (code, out) == (2, "")
    assert err == (
        "delink: error: delink inspect needs the docker SDK for Python: "
        "pip install 'delink[inspect]'\n"
    )


_IMPORTS = """\
import contextlib, io, sys
from delink.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    code = main(sys.argv[1:])
print(code, "docker" in sys.modules, "rich" in sys.modules)
"""


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["check", "fixtures/sdk-app", "--format", "json", "--no-cache"], "1 False False"),
        (["explain", "fixtures/sdk-app", "--format", "json"], "0 False False"),
        (["report", "fixtures/sdk-app", "--format", "json"], "0 False False"),
        (["inspect", "--host", "unix:///nonexistent/docker.sock"], "2 True False"),
    ],
)
def test_only_inspect_imports_the_docker_sdk(args: list[str], expected: str) -> None:
    """The SDK (the extra ``delink[inspect]``) is imported by ``inspect`` alone, and
    rich by none of these (JSON, and text that is not at a terminal)."""
    proc = subprocess.run(
        [sys.executable, "-c", _IMPORTS, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (proc.stdout.strip(), proc.stderr) == (expected, "")
