"""Ansible tasks that run containers: docker_container, community.docker, the old docker
module (also with key=value arguments), inline Compose definitions."""

from __future__ import annotations

from pathlib import Path

import pytest

from delink.fixer import run_fix
from delink.settings import Settings

from .helpers import lint, write

LEGACY = "through deprecated /etc/hosts entries and link env vars"


def test_task_forms_and_network_modes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tasks = (
        "- name: plain\n"  # 1
        "  docker_container:\n"
        "    name: web\n"
        "    image: app\n"
        "    links:\n"  # 5
        "      - db\n"
        "- name: args form\n"
        "  community.docker.docker_container:\n"
        "  args:\n"
        "    name: api\n"  # 10
        "    links: ['db:database']\n"
        "- name: networks, module default\n"
        "  community.docker.docker_container:\n"
        "    name: cli\n"
        "    networks:\n"  # 15
        "      - name: backend\n"
        "    links: [db]\n"
        "- name: networks, old module behaviour\n"
        "  community.docker.docker_container:\n"
        "    name: old\n"  # 20
        "    networks_cli_compatible: false\n"
        "    networks:\n"
        "      - name: backend\n"
        "    links: [db]\n"
        "- name: host network\n"  # 25
        "  docker_container:\n"
        "    name: probe\n"
        "    network_mode: host\n"
        "    links: [db]\n"
        "- name: removed\n"  # 30
        "  docker_container:\n"
        "    name: gone\n"
        "    state: absent\n"
        "    links: [db]\n"
        "- name: quoted free form\n"  # 35
        '  docker: "name=q image=app links=db"\n'
    )
    got = lint(tmp_path, {"tasks/main.yml": tasks}, monkeypatch)
    assert got == [
        "tasks/main.yml:6:9: DLK209 legacy link `db` of the `docker_container` task of `web` "
        f"on the default bridge: `web` reaches `db` {LEGACY}",
        "tasks/main.yml:11:13: DLK209 legacy link `db:database` of the `docker_container` task "
        f"of `api` on the default bridge: `api` reaches `db` as `database` {LEGACY}",
        "tasks/main.yml:17:13: DLK209 link `db` of the `docker_container` task of `cli` on the "
        "default bridge with community.docker before 2.0 or `networks_cli_compatible: false` "
        f"(else the engine ignores it): `cli` reaches `db` {LEGACY}",
        "tasks/main.yml:24:13: DLK209 legacy link `db` of the `docker_container` task of `old` "
        f"on the default bridge: `old` reaches `db` {LEGACY}",
        "tasks/main.yml:29:13: DLK209 `links` entry `db` of the `docker_container` task of "
        "`probe` with `network_mode: host`: the daemon refuses links together with host or "
        "container networking",
        # a task that removes the container still declares its links, ignored there
        "tasks/main.yml:34:13: DLK209 `links` entry `db` of the `docker_container` task of "
        "`gone` has no effect: the task removes the container (`state: absent`)",
        "tasks/main.yml:36:35: DLK209 legacy link `db` of the `docker` task of `q` on the "
        f"default bridge: `q` reaches `db` {LEGACY}",
    ]


def test_not_docker_tasks_and_variables_are_no_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        "roles/x/tasks/main.yml": (
            "- name: symlinks\n"
            "  ansible.builtin.file:\n"
            "    src: a\n"
            "    dest: b\n"
            "    state: link\n"
            "- name: a module of another tool with links\n"
            "  acme.portal.page:\n"
            "    links: [home, about]\n"
        ),
        "group_vars/all.yml": "links:\n  - db:db\n",
    }
    assert lint(tmp_path, files, monkeypatch) == []


def test_links_from_a_variable_and_jinja_targets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tasks = (
        "- docker_container:\n"
        "    name: web\n"
        '    links: "{{ web_links }}"\n'
        "- docker_container:\n"
        '    name: "{{ app }}-worker"\n'
        "    links:\n"
        '      - "{{ app }}-db:db"\n'
    )
    got = lint(tmp_path, {"play.yml": tasks}, monkeypatch)
    assert got == [
        "play.yml:3:12: DLK209 legacy link `{{ web_links }}` of the `docker_container` task of "
        f"`web` on the default bridge: `web` reaches `{{{{ web_links }}}}` {LEGACY}",
        "play.yml:7:9: DLK209 legacy link `{{ app }}-db:db` of the `docker_container` task of "
        f"`{{{{ app }}}}-worker` on the default bridge: `{{{{ app }}}}-worker` reaches "
        f"`{{{{ app }}}}-db` as `db` {LEGACY}",
    ]


def test_suggestion_and_no_edit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "- docker_container:\n    name: web\n    links:\n      - db:database\n"
    got = lint(tmp_path, {"play.yml": text}, monkeypatch, fixes=True)
    assert got == [
        "play.yml:4:9: DLK209 legacy link `db:database` of the `docker_container` task of `web` "
        f"on the default bridge: `web` reaches `db` as `database` {LEGACY} [display-only: "
        "create a network (`community.docker.docker_network`), attach `db` to it with "
        "`aliases: [database]` and this container with `networks: [{name: …}]`, then remove "
        "`links`; set the link env vars the app reads in `env`]"
    ]
    write(tmp_path, {"play.yml": text})
    assert run_fix(["."], Settings(root=tmp_path), None, unsafe=True).changes == {}


def test_inline_compose_definition(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tasks = (
        "- community.docker.docker_compose:\n"
        "    project_name: shop\n"
        "    definition:\n"
        "      web:\n"
        "        image: app\n"
        "        links: [db]\n"
        "      db:\n"
        "        image: postgres\n"
    )
    got = lint(tmp_path, {"deploy.yml": tasks}, monkeypatch)
    assert [g.split(" ", 2)[:2] for g in got] == [
        ["deploy.yml:4:7:", "DLK201"],
        ["deploy.yml:6:17:", "DLK202"],
    ]


def test_links_of_removed_and_stopped_containers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`state: absent` ignores the task's links (the safe fix removes them, nothing else
    moves); `state: stopped` creates a missing container with its links: legacy links."""
    text = (
        "- docker_container:\n"
        "    name: db\n"
        "    image: postgres\n"
        "- docker_container:\n"
        "    name: web\n"
        "    image: app\n"
        "    state: absent\n"
        "    links:\n"
        "      - db:db\n"
        "- docker_container:\n"
        "    name: worker\n"
        "    state: stopped\n"
        "    links: [db]\n"
    )
    got = lint(tmp_path, {"play.yml": text}, monkeypatch)
    assert got == [
        "play.yml:9:9: DLK209 `links` entry `db:db` of the `docker_container` task of `web` "
        "has no effect: the task removes the container (`state: absent`)",
        "play.yml:13:13: DLK209 legacy link `db` of the `docker_container` task of `worker` "
        f"on the default bridge: `worker` reaches `db` {LEGACY}",
    ]
    write(tmp_path, {"play.yml": text})
    changes = run_fix(["."], Settings(root=tmp_path), None, unsafe=False).changes
    assert sorted(changes) == ["play.yml"]
    fixed = (tmp_path / "play.yml").read_text()
    assert fixed == text.replace("    links:\n      - db:db\n", "")
    assert run_fix(["."], Settings(root=tmp_path), None, unsafe=False).changes == {}
