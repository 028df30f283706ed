"""``delink explain``: exact output on the fixtures, filters, engines, masking, JSON schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from delink.commands.explain import explain
from delink.lint import Linter
from delink.settings import Settings

from .golden import ROOT, check

SCHEMA = json.loads((ROOT / "delink/data/explain.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("golden", "args"),
    [
        (
            "explain-legacy-shell-app.txt",
            ["fixtures/legacy-shell-app/bin", "fixtures/legacy-shell-app/app"],
        ),
        (
            "explain-compose-v1-web-20.10.txt",
            ["fixtures/compose-v1-app", "--service", "web", "--engine", "20.10"],
        ),
        ("explain-compose-v3-app.txt", ["fixtures/compose-v3-app"]),
        (
            "explain-sdk-app-29.txt",
            ["fixtures/sdk-app", "--container", "notes-web", "--engine", "29.0"],
        ),
        ("explain-sdk-app.json", ["fixtures/sdk-app", "--format", "json"]),
    ],
)
def test_explain_fixtures(run_cli, golden: str, args: list[str]) -> None:
    code, out, err = run_cli(["explain", *args], cwd=ROOT)
    assert (code, err) == (0, "")
    check(golden, out)
    if golden.endswith(".json"):
        jsonschema.validate(json.loads(out), SCHEMA)


def test_every_fixture_consumer_validates(run_cli) -> None:
    for fixture in ("legacy-shell-app", "compose-v1-app", "compose-v3-app", "sdk-app"):
        code, out, _ = run_cli(["explain", f"fixtures/{fixture}", "--format", "json"], cwd=ROOT)
        assert code == 0
        doc = json.loads(out)
        jsonschema.validate(doc, SCHEMA)
        assert doc["consumers"]
        assert "notes-secret" not in out and "ledger-secret" not in out


def test_unknown_container_is_a_usage_error(run_cli) -> None:
    code, out, err = run_cli(
        ["explain", "fixtures/legacy-shell-app/bin", "--container", "nope"], cwd=ROOT
    )
    assert (code, out) == (2, "")
    assert err == (
        "delink: error: no consumer of links is a container named `nope` (consumers: web, worker)\n"
    )
    code, _, err = run_cli(["explain", "fixtures/sdk-app", "--service", "web"], cwd=ROOT)
    assert code == 2
    assert "no consumer of links is a Compose service `web`" in err


def test_no_consumer(run_cli, make_project, tmp_path: Path) -> None:
    make_project({"run.sh": "docker run -d --name db postgres:16\n"})
    assert run_cli(["explain"], cwd=tmp_path) == (0, "No consumer of links found.\n", "")
    code, out, _ = run_cli(["explain", "--format", "json"], cwd=tmp_path)
    assert code == 0 and json.loads(out)["consumers"] == []


SCRIPT = """\
docker build -t app/db db
docker run -d --name db -e DATABASE_URL=postgres://app:hunter2@x/db -e PLAIN=ok app/db
docker run -d --name web --link db:pg -e PG_NAME=mine -h web app/web
"""
DOCKERFILE = "FROM scratch\nEXPOSE 5432 53/udp\nENV API_TOKEN=abc123 LANG=C\n"


def _consumers(root: Path, engine: str = "28.0", keep: bool = False) -> list:  # type: ignore[type-arg]
    settings = Settings(root=root, engine=engine, keep_legacy_env=keep)
    return explain(Linter(settings, []).lint([str(root)]).project)


def test_data_carries_real_values_and_output_masks(make_project, tmp_path: Path, run_cli) -> None:
    make_project({"run.sh": SCRIPT, "db/Dockerfile": DOCKERFILE})
    (web,) = _consumers(tmp_path)
    assert web.env["PG_ENV_DATABASE_URL"] == "postgres://app:hunter2@x/db"
    assert web.env["PG_ENV_API_TOKEN"] == "abc123"
    assert web.overridden == ["PG_NAME"] and "PG_NAME" not in web.env
    code, out, _ = run_cli(["explain"], cwd=tmp_path)
    assert code == 0
    assert "hunter2" not in out and "abc123" not in out
    assert "    PG_ENV_DATABASE_URL=****\n" in out
    assert "    PG_ENV_API_TOKEN=****\n" in out
    assert "    PG_ENV_PLAIN=ok\n" in out
    assert "    set by the container itself: `PG_NAME`\n" in out
    code, out, _ = run_cli(["explain", "--format", "json"], cwd=tmp_path)
    assert "hunter2" not in out and "abc123" not in out
    assert json.loads(out)["consumers"][0]["env"]["PG_ENV_DATABASE_URL"] == "****"


def test_engine_eras(make_project, tmp_path: Path) -> None:
    make_project({"run.sh": SCRIPT, "db/Dockerfile": DOCKERFILE})
    (old,) = _consumers(tmp_path, "20.10")
    (new,) = _consumers(tmp_path, "28.0")
    assert old.algorithm == "old" and new.algorithm == "new"
    # the old default port is the lowest number of any protocol, the new one tcp first
    assert old.env["PG_PORT"] == "udp://<ip of db>:53"
    assert new.env["PG_PORT"] == "tcp://<ip of db>:5432"
    assert old.change_29.changed == {"PG_PORT": ("udp://<ip of db>:53", "tcp://<ip of db>:5432")}
    assert not new.change_29
    (off,) = _consumers(tmp_path, "29.1")
    assert (off.injected, off.env) == (False, {})
    assert off.env_29 == new.env
    (kept,) = _consumers(tmp_path, "29.1", keep=True)
    assert kept.injected and kept.env == new.env
    (gone,) = _consumers(tmp_path, "30.0", keep=True)
    assert (gone.injected, gone.env) == (False, {})
    # /etc/hosts lines do not depend on the engine
    assert [(h.address, h.names) for h in gone.hosts] == [
        ("<ip of db>", ["pg", "<hostname of db>", "db"])
    ]


def test_hosts_use_the_hostname_and_name(make_project, tmp_path: Path) -> None:
    make_project(
        {
            "run.sh": "docker run -d --name db -h dbhost app/db\n"
            "docker run -d --name web --link db app/web\n"
            "docker run -d --name api --link db:data app/web\n"
        }
    )
    web, api = _consumers(tmp_path)
    assert [(h.address, h.names) for h in web.hosts] == [("<ip of db>", ["db", "dbhost"])]
    assert [(h.address, h.names) for h in api.hosts] == [("<ip of db>", ["data", "dbhost", "db"])]


def test_control_characters_are_escaped(make_project, tmp_path: Path, run_cli) -> None:
    make_project(
        {
            "run.sh": "docker run -d --name db -e 'NOTE=a\x1b[31mb' app/db\n"
            "docker run -d --name web --link db app/web\n"
        }
    )
    code, out, _ = run_cli(["explain"], cwd=tmp_path)
    assert code == 0
    assert "\x1b" not in out
    assert "    DB_ENV_NOTE=a\\033[31mb\n" in out


def test_embedded_shell_consumer(make_project, tmp_path: Path) -> None:
    make_project(
        {
            "Makefile": "up:\n"
            "\tdocker run -d --name cache --expose 6379 redis:7\n"
            "\tdocker run -d --name app --link cache:redis busybox "
            "sh -c 'echo $$REDIS_PORT_6379_TCP_ADDR'\n"
        }
    )
    (app,) = _consumers(tmp_path)
    makefile = str(tmp_path / "Makefile")
    assert (app.name, app.path, app.line, app.origin) == ("app", makefile, 3, "docker run")
    assert app.env["REDIS_PORT_6379_TCP_ADDR"] == "<ip of cache>"
    assert [(r.name, [(u.path, u.line) for u in r.at]) for r in app.reads] == [
        ("REDIS_PORT_6379_TCP_ADDR", [(makefile, 3)])
    ]
    assert app.lost_on_29 == ["REDIS_PORT_6379_TCP_ADDR"]


def test_official_image_env_from_the_table(make_project, tmp_path: Path) -> None:
    make_project(
        {
            "run.sh": "docker run -d --name db -e POSTGRES_DB=app postgres:16\n"
            "docker run -d --name web --link db app/web\n"
        }
    )
    (web,) = _consumers(tmp_path)
    assert {k: v for k, v in web.env.items() if "_ENV_" in k} == {
        "DB_ENV_LANG": "en_US.utf8",
        "DB_ENV_POSTGRES_DB": "app",
    }
    assert web.notes == [
        "the ports of `db` come from delink's table of official images",
        "`db` runs `postgres:16`, which is not built here: delink's table of official images "
        "gives `LANG` of its ENV; the `_ENV_` vars of the rest (their values depend on the "
        "tag) are not shown",
    ]


def test_unread_paths_are_warned_about(run_cli, make_project, tmp_path: Path) -> None:
    make_project({"run.sh": "docker run -d --name db postgres:16\n"})
    for command in ("explain", "report"):
        code, _out, err = run_cli([command, "run.sh", "missing.sh"], cwd=tmp_path)
        assert (code, err) == (0, "delink: warning: missing.sh: no such file; not read\n")
