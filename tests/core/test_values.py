"""Where the values a fix writes come from: the target's literal, the very variable the
target's own value uses in the same file, or, for a secret, a reference to the host's
variable that stops the command when it is unset. A value nobody knows is never
invented: it is not written, and the fix says which variable it is and how to give it."""

from __future__ import annotations

from pathlib import Path

import pytest

from delink.config import load_settings
from delink.fixer import run_fix
from delink.lint import Linter
from delink.settings import Settings
from tests.conftest import MakeProject

APP = {
    "app/Dockerfile": 'FROM alpine\nCOPY entrypoint.sh /\nENTRYPOINT ["/entrypoint.sh"]\n',
    "app/entrypoint.sh": (
        '#!/bin/sh\necho "$DB_ENV_POSTGRES_USER $DB_ENV_POSTGRES_DB $DB_ENV_POSTGRES_PASSWORD"\n'
    ),
    "build.sh": "docker build -t org/app app\n",
}


def _web_line(root: Path, monkeypatch: pytest.MonkeyPatch, path: str = "run.sh") -> str:
    monkeypatch.chdir(root)
    outcome = run_fix(["."], load_settings(root), None, unsafe=True, write=False)
    assert outcome.errors == []
    (line,) = [x for x in outcome.changes[path].after.splitlines() if "org/app" in x]
    return line


def _message(root: Path, monkeypatch: pytest.MonkeyPatch, settings: Settings | None = None) -> str:
    monkeypatch.chdir(root)
    diags = Linter(settings or Settings(root=root), ["DLK301"]).lint(["."]).diagnostics
    (d,) = diags
    assert d.fix is not None
    return d.fix.message


def test_a_literal_is_copied_a_same_file_variable_is_referenced_a_secret_fails_loudly(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(
        {
            **APP,
            "run.sh": (
                'docker run -d --name db -e POSTGRES_USER=app -e POSTGRES_DB="$PGDB" '
                "-e POSTGRES_PASSWORD=hunter2 postgres:16\n"
                "docker run -d --name web --link db:db org/app\n"
            ),
        }
    )
    assert _web_line(root, monkeypatch) == (
        "docker run -d --name web --network db-net -e DB_ENV_POSTGRES_USER=app "
        '-e DB_ENV_POSTGRES_DB="$PGDB" '
        '-e DB_ENV_POSTGRES_PASSWORD="${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD to the value '
        'of db}" org/app'
    )
    assert _message(root, monkeypatch) == (
        "move 2 linked containers to the user-defined network `db-net` and set "
        "`DB_ENV_POSTGRES_USER`, `DB_ENV_POSTGRES_DB` and `DB_ENV_POSTGRES_PASSWORD` "
        "explicitly. Unsafe: `DB_ENV_POSTGRES_PASSWORD` is a secret, so it is not copied: it "
        "is read from a variable of the host, which must hold the target's value (the "
        "command stops when it is unset)"
    )


def test_a_variable_of_another_file_is_not_written(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(
        {
            **APP,
            "db.sh": 'docker run -d --name db -e POSTGRES_DB="$PGDB" postgres:16\n',
            "run.sh": "docker run -d --name web --link db:db org/app\n",
        }
    )
    assert _web_line(root, monkeypatch) == ("docker run -d --name web --network db-net org/app")
    assert _message(root, monkeypatch).endswith(
        "Unsafe: `DB_ENV_POSTGRES_DB` is not written: the target gets its value from a "
        "variable of another file"
    )


def test_what_an_official_image_does_not_set_was_never_injected(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    # postgres:16 sets none of the three (the bundled table): nothing to write, and the
    # fix stays exact about them
    root = make_project(
        {
            **APP,
            "run.sh": (
                "docker run -d --name db postgres:16\n"
                "docker run -d --name web --link db:db org/app\n"
            ),
        }
    )
    assert _web_line(root, monkeypatch) == "docker run -d --name web --network db-net org/app"
    assert _message(root, monkeypatch) == (
        "move 2 linked containers to the user-defined network `db-net`"
    )


def test_an_unknown_image_env_is_shown_not_invented_and_the_configuration_supplies_it(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(
        {
            **APP,
            "run.sh": (
                "docker run -d --name db myorg/postgres\n"
                "docker run -d --name web --link db:db org/app\n"
            ),
        }
    )
    assert _web_line(root, monkeypatch) == "docker run -d --name web --network db-net org/app"
    assert _message(root, monkeypatch).endswith(
        "Unsafe: `DB_ENV_POSTGRES_USER`, `DB_ENV_POSTGRES_DB` and `DB_ENV_POSTGRES_PASSWORD` "
        "are not written: delink does not know whether the target's image sets them (give "
        "the image's env in `image-env` of the configuration, or set them on the consumer)"
    )
    (root / ".delink.toml").write_text(
        '[image-env]\n"myorg/postgres" = { POSTGRES_USER = "ledger", PGDATA = "/data" }\n'
    )
    assert _web_line(root, monkeypatch) == (
        "docker run -d --name web --network db-net -e DB_ENV_POSTGRES_USER=ledger org/app"
    )


def test_the_login_name_of_whoever_runs_the_script_is_never_a_value(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(
        {
            "app/Dockerfile": "FROM alpine\nCOPY . /\n",
            "app/start.sh": '#!/bin/sh\necho "$X_ENV_USER"\n',
            "run.sh": (
                "docker build -t org/app app\n"
                "docker run -d --name x myorg/tool\n"
                "docker run -d --link x:x org/app\n"
            ),
        }
    )
    monkeypatch.chdir(root)
    outcome = run_fix(["."], Settings(root=root), None, unsafe=True, write=False)
    assert "USER" not in outcome.changes["run.sh"].after
