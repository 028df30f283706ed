"""Output a maintainer would merge: the fix follows the command's own layout (one new
flag per continuation line, the same indent, the command's own flag and quoting style)
and writes the smallest set of values (a consumer's own setting instead of the link
vars it only falls back on)."""

from __future__ import annotations

from pathlib import Path

import pytest

from delink.fixer import run_fix
from delink.settings import Settings
from tests.conftest import MakeProject

DOCKERFILE = 'FROM alpine\nCOPY entrypoint.sh /\nENTRYPOINT ["/entrypoint.sh"]\n'


def _fixed(root: Path, monkeypatch: pytest.MonkeyPatch, path: str = "run.sh") -> str:
    monkeypatch.chdir(root)
    outcome = run_fix(["."], Settings(root=root), None, unsafe=True, write=False)
    assert outcome.errors == []
    return outcome.changes[path].after


def test_one_new_flag_per_continuation_line_in_the_commands_own_style(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(
        {
            "app/Dockerfile": DOCKERFILE,
            "app/entrypoint.sh": (
                '#!/bin/sh\nnc -z "$DATABASE_PORT_5432_TCP_ADDR" "$DATABASE_PORT_5432_TCP_PORT"\n'
            ),
            "run.sh": (
                "docker build -t org/app app\n"
                "docker run --name=db -d \\\n"
                "    --env='POSTGRES_USER=ledger' \\\n"
                "    postgres:16\n"
                "docker run --name=web -d \\\n"
                "    --link=db:database --publish=8080:80 \\\n"
                "    --env='MODE=prod' \\\n"
                "    org/app\n"
            ),
        }
    )
    assert _fixed(root, monkeypatch) == (
        "docker build -t org/app app\n"
        "docker network inspect db-net >/dev/null 2>&1 || docker network create db-net\n"
        "docker run --name=db -d \\\n"
        "    --network db-net \\\n"
        "    --network-alias database \\\n"
        "    --env='POSTGRES_USER=ledger' \\\n"
        "    postgres:16\n"
        "docker run --name=web -d \\\n"
        "    --network=db-net \\\n"
        "    --env='DATABASE_PORT_5432_TCP_ADDR=database' \\\n"
        "    --env='DATABASE_PORT_5432_TCP_PORT=5432' \\\n"
        "    --publish=8080:80 \\\n"
        "    --env='MODE=prod' \\\n"
        "    org/app\n"
    )


def test_a_link_on_the_first_line_keeps_its_place_and_the_rest_get_lines(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(
        {
            "app/Dockerfile": DOCKERFILE,
            "app/entrypoint.sh": '#!/bin/sh\nnc -z "$DB_PORT_5432_TCP_ADDR" 5432\n',
            "run.sh": (
                "docker build -t org/app app\n"
                "docker run -d --name db postgres:16\n"
                "docker run --rm -it --link db:db \\\n"
                "  -e MODE=test \\\n"
                "  org/app\n"
            ),
        }
    )
    assert _fixed(root, monkeypatch).endswith(
        "docker run --rm -it --network db-net \\\n"
        "  -e DB_PORT_5432_TCP_ADDR=db \\\n"
        "  -e MODE=test \\\n"
        "  org/app\n"
    )


def test_the_consumers_own_setting_replaces_the_link_vars_it_falls_back_on(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(
        {
            "app/Dockerfile": DOCKERFILE,
            "app/entrypoint.sh": (
                "#!/bin/sh\n"
                "DB_HOST=${DB_HOST:-$DB_PORT_5432_TCP_ADDR}\n"
                # one fallback per image the entrypoint supports: the first non-empty wins
                "DB_USER=${DB_USER:-${DB_ENV_POSTGRES_USER}}\n"
                "DB_USER=${DB_USER:-${DB_ENV_DB_USER}}\n"
                'exec app --host "$DB_HOST" --user "$DB_USER"\n'
            ),
            "run.sh": (
                "docker build -t org/app app\n"
                "docker run -d --name db -e DB_USER=ledger postgres:16\n"
                "docker run -d --name web --link db:db org/app\n"
            ),
        }
    )
    # postgres:16 sets no POSTGRES_USER, so DB_USER came from DB_ENV_DB_USER
    assert _fixed(root, monkeypatch).endswith(
        "docker run -d --name web --network db-net -e DB_HOST=db -e DB_USER=ledger org/app\n"
    )


def test_a_link_var_read_for_itself_too_is_written_and_an_unknown_first_fallback_stays(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(
        {
            "app/Dockerfile": DOCKERFILE,
            "app/entrypoint.sh": (
                "#!/bin/sh\n"
                'if [ -n "$DB_PORT_5432_TCP_ADDR" ]; then\n'
                "  DB_HOST=${DB_HOST:-$DB_PORT_5432_TCP_ADDR}\n"
                "  DB_USER=${DB_USER:-${DB_ENV_POSTGRES_USER}}\n"
                "  DB_USER=${DB_USER:-${DB_ENV_DB_USER}}\n"
                "fi\n"
            ),
            "run.sh": (
                "docker build -t org/app app\n"
                "docker run -d --name db -e DB_USER=ledger myorg/postgres\n"
                "docker run -d --name web --link db:db org/app\n"
            ),
        }
    )
    # the address is read for itself (the `if`), so it is written as it is; the image
    # of db is unknown, so which of the two users won is unknown: the link var known
    # is written, the other one is shown, and DB_USER is not guessed
    assert _fixed(root, monkeypatch).endswith(
        "docker run -d --name web --network db-net -e DB_PORT_5432_TCP_ADDR=db "
        "-e DB_ENV_DB_USER=ledger org/app\n"
    )
