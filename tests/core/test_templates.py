"""Templates are never rewritten into names, and variables in generated commands are
quoted."""

from __future__ import annotations

from pathlib import Path

import pytest

from delink.fixer import run_fix
from delink.lint import Linter
from delink.settings import Settings
from tests.conftest import MakeProject


def _fix(root: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.chdir(root)
    outcome = run_fix(["."], Settings(root=root), None, unsafe=True, write=False)
    assert outcome.errors == []
    return {p: c.after for p, c in outcome.changes.items()}


def test_docker_library_placeholders_stay_in_the_network_name(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(
        {
            "content.md": (
                "```console\n"
                "$ docker run --name some-%%REPO%% -d %%IMAGE%%:tag\n"
                "$ docker run --name some-app --link some-%%REPO%%:mysql -d app-that-uses-it\n"
                "```\n"
            )
        }
    )
    assert _fix(root, monkeypatch)["content.md"] == (
        "```console\n"
        "$ docker network create some-%%REPO%%-net\n"
        "$ docker run --network some-%%REPO%%-net --network-alias mysql --name some-%%REPO%% "
        "-d %%IMAGE%%:tag\n"
        "$ docker run --name some-app --network some-%%REPO%%-net -d app-that-uses-it\n"
        "```\n"
    )


def test_a_link_written_with_template_placeholders_is_fixed_by_hand(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(
        {
            "deploy.sh.j2": (
                "#!/bin/sh\n"
                "docker run -d --name {{ db_name }} postgres:16\n"
                "docker run -d --link {{ db_name }}:db myorg/web\n"
            )
        }
    )
    assert _fix(root, monkeypatch) == {}
    monkeypatch.chdir(root)
    diags = Linter(Settings(root=root), ["DLK301"]).lint(["."]).diagnostics
    (d,) = diags
    assert d.fix is not None and d.fix.applicability.value == "display-only"
    assert "By hand: `{{` is written with a template's placeholders" in d.fix.message


def test_a_target_name_with_a_variable_is_quoted_where_it_is_connected(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project({"run.sh": "docker run -d --link pg-$APP:pg myorg/web\n"})
    assert _fix(root, monkeypatch)["run.sh"] == (
        'docker network inspect "pg-$APP-net" >/dev/null 2>&1 || '
        'docker network create "pg-$APP-net"\n'
        'docker network connect --alias pg "pg-$APP-net" "pg-$APP" 2>/dev/null || true\n'
        'docker run -d --network "pg-$APP-net" myorg/web\n'
    )


def test_a_link_to_a_name_a_command_prints_is_fixed_by_hand(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(
        {
            "env.sh": (
                "#!/bin/bash\n"
                "name=$(shyaml get-value db.name < services.yml)\n"
                'docker run -d --name "$name" postgres:16\n'
                'links=$(echo "--link ${name}:db")\n'
                "docker run -d $links myorg/web\n"
            )
        }
    )
    assert _fix(root, monkeypatch) == {}
    monkeypatch.chdir(root)
    (d,) = Linter(Settings(root=root), ["DLK301"]).lint(["."]).diagnostics
    assert d.fix is not None and d.fix.applicability.value == "display-only"
    assert (
        "By hand: `$(shyaml get-value db.name < services.yml)` is the output of a command, "
        "which delink cannot name a network after: move the containers to a network by hand; "
    ) in d.fix.message
