"""Image identity: the code in a build context is run by every container of that image,
whatever the tag, through ``docker tag``, shell and Make variables, and Compose
``build:`` + ``image:``; an unlinked run of the image elsewhere is one more consumer and
takes nothing away from the linked one."""

from __future__ import annotations

from pathlib import Path

import pytest

from delink.fixer import run_fix
from delink.lint import Linter
from delink.settings import Settings
from tests.conftest import MakeProject

ENTRYPOINT = '#!/bin/sh\nexec app --db "$DB_PORT_5432_TCP_ADDR"\n'
DOCKERFILE = 'FROM alpine\nCOPY entrypoint.sh /\nENTRYPOINT ["/entrypoint.sh"]\n'


def _codes(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int, str]]:
    monkeypatch.chdir(root)
    result = Linter(Settings(root=root)).lint(["."])
    out = []
    for d in result.diagnostics:
        row, _ = result.files[d.path].position(d.span.start)
        out.append((d.path, row, d.code))
    return sorted(out)


def _fixed(root: Path, monkeypatch: pytest.MonkeyPatch, path: str) -> str:
    monkeypatch.chdir(root)
    outcome = run_fix(["."], Settings(root=root), None, unsafe=True, write=False)
    assert outcome.errors == []
    return outcome.changes[path].after


def test_a_tag_of_the_built_repository_runs_its_code_and_an_unlinked_run_cancels_nothing(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(
        {
            "app/Dockerfile": DOCKERFILE,
            "app/entrypoint.sh": ENTRYPOINT,
            "build.sh": "docker build -t org/app app\n",
            "run.sh": (
                "docker run -d --name db postgres:16\n"
                "docker run -d --name web --link db:db org/app:1.0\n"
            ),
            "Makefile": "shell:\n\tdocker run --rm -it org/app:latest sh\n",
        }
    )
    assert _codes(root, monkeypatch) == [
        ("app/entrypoint.sh", 2, "DLK501"),
        ("run.sh", 2, "DLK301"),
    ]
    assert _fixed(root, monkeypatch, "run.sh") == (
        "docker network inspect db-net >/dev/null 2>&1 || docker network create db-net\n"
        "docker run --network db-net -d --name db postgres:16\n"
        "docker run -d --name web --network db-net -e DB_PORT_5432_TCP_ADDR=db org/app:1.0\n"
    )


def test_docker_tag_names_the_same_image(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(
        {
            "app/Dockerfile": DOCKERFILE,
            "app/entrypoint.sh": ENTRYPOINT,
            "release.sh": (
                "docker build -t app app\ndocker tag app registry.example.com/org/app:1.0\n"
            ),
            "deploy.sh": (
                "docker run -d --name db postgres:16\n"
                "docker run -d --link db:db registry.example.com/org/app:1.0\n"
            ),
        }
    )
    assert ("app/entrypoint.sh", 2, "DLK501") in _codes(root, monkeypatch)


def test_shell_variables_with_a_default_and_make_variables_name_the_image(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(
        {
            "app/Dockerfile": DOCKERFILE,
            "app/entrypoint.sh": ENTRYPOINT,
            "bin/build.sh": (
                'APP_IMAGE=${APP_IMAGE:-org/app:latest}\ndocker build -t "$APP_IMAGE" app\n'
            ),
            "bin/start.sh": (
                "APP_IMAGE=${APP_IMAGE:-org/app:latest}\n"
                "docker run -d --name db postgres:16\n"
                'docker run -d --link db:db "$APP_IMAGE"\n'
            ),
        }
    )
    assert ("app/entrypoint.sh", 2, "DLK501") in _codes(root, monkeypatch)
    make = make_project(
        {
            "app/Dockerfile": DOCKERFILE,
            "app/entrypoint.sh": ENTRYPOINT,
            "Makefile": (
                "IMAGE = $(REGISTRY)/app\n"
                "build:\n\tdocker build -t $(IMAGE) app\n"
                "run:\n\tdocker run -d --name db postgres:16\n"
                "\tdocker run -d --link db:db $(IMAGE)\n"
            ),
        },
        root=root / "make",
    )
    assert ("app/entrypoint.sh", 2, "DLK501") in _codes(make, monkeypatch)


def test_compose_build_and_image_name_the_image_a_script_runs(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(
        {
            "app/Dockerfile": DOCKERFILE,
            "app/entrypoint.sh": ENTRYPOINT,
            "docker-compose.yml": "services:\n  app:\n    build: ./app\n    image: org/app\n",
            "run.sh": (
                "docker run -d --name db postgres:16\ndocker run -d --link db:db org/app:2\n"
            ),
        }
    )
    assert ("app/entrypoint.sh", 2, "DLK501") in _codes(root, monkeypatch)
