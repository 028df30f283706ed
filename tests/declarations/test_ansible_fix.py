"""The Ansible writer: exact fixed text of container tasks, and a second fix changes
nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from delink.fixer import run_fix
from delink.settings import Settings

from .helpers import lint, write


def fix_twice(root: Path, files: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    write(root, files)
    monkeypatch.chdir(root)
    run_fix(["."], Settings(root=root), None, unsafe=True)
    first = {rel: (root / rel).read_text("utf-8") for rel in files}
    again = run_fix(["."], Settings(root=root), None, unsafe=True)
    assert again.changes == {}
    return first


def test_group_moves_to_a_network_with_aliases_and_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        "roles/app/tasks/main.yml": (
            "---\n"
            "- name: Start the database\n"
            "  community.docker.docker_container:\n"
            "    name: app-db\n"
            "    image: postgres:9.6\n"
            "\n"
            "- name: Start the app\n"
            "  community.docker.docker_container:\n"
            "    name: app\n"
            "    image: example/app:1\n"
            "    network_mode: bridge\n"
            "    links:\n"
            "      - app-db:db\n"
            "    env:\n"
            "      MODE: production\n"
        ),
        "app/start.sh": '#!/bin/sh\nexec app --db "$DB_PORT_5432_TCP_ADDR"\n',
    }
    got = fix_twice(tmp_path, files, monkeypatch)
    assert got["roles/app/tasks/main.yml"] == (
        "---\n"
        "- name: Create the network app-db-net\n"
        "  community.docker.docker_network:\n"
        "    name: app-db-net\n"
        "\n"
        "- name: Start the database\n"
        "  community.docker.docker_container:\n"
        "    name: app-db\n"
        "    image: postgres:9.6\n"
        "    networks:\n"
        "      - name: app-db-net\n"
        "        aliases:\n"
        "          - db\n"
        "\n"
        "- name: Start the app\n"
        "  community.docker.docker_container:\n"
        "    name: app\n"
        "    image: example/app:1\n"
        "    network_mode: app-db-net\n"
        "    env:\n"
        "      MODE: production\n"
        "      DB_PORT_5432_TCP_ADDR: db\n"
        "    networks:\n"
        "      - name: app-db-net\n"
    )
    assert got["app/start.sh"] == files["app/start.sh"]


def test_existing_networks_list_and_declared_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        "play.yml": (
            "- docker_network:\n"
            "    name: db-net\n"
            "- docker_container:\n"
            "    name: db\n"
            "    image: postgres\n"
            "    networks:\n"
            "      - name: backup\n"
            "- docker_container:\n"
            "    name: web\n"
            "    image: nginx\n"
            "    links: [db]\n"
        ),
    }
    got = fix_twice(tmp_path, files, monkeypatch)
    assert got["play.yml"] == (
        "- docker_network:\n"
        "    name: db-net\n"
        "- docker_container:\n"
        "    name: db\n"
        "    image: postgres\n"
        "    networks:\n"
        "      - name: backup\n"
        "      - name: db-net\n"
        "- docker_container:\n"
        "    name: web\n"
        "    image: nginx\n"
        "    networks:\n"
        "      - name: db-net\n"
    )


def test_what_cannot_be_written_is_a_suggestion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        "play.yml": (
            "- docker_container:\n"
            "    name: db\n"
            "    image: postgres\n"
            '    networks: "{{ db_networks }}"\n'
            "- docker: name=web image=nginx links=db\n"
        ),
    }
    got = lint(tmp_path, files, monkeypatch, fixes=True)
    assert got == [
        "play.yml:5:38: DLK209 legacy link `db` of the `docker` task of `web` on the default "
        "bridge: `web` reaches `db` through deprecated /etc/hosts entries and link env vars "
        "[display-only: create a network (`community.docker.docker_network`), attach `db` to "
        "it and this container with `networks: [{name: …}]`, then remove `links`; set the "
        "link env vars the app reads in `env`]"
    ]
    assert fix_twice(tmp_path, files, monkeypatch) == files


def test_links_the_engine_ignores_go_together(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        "tasks/main.yml": (
            "- community.docker.docker_container:\n"
            "    name: admin\n"
            "    network_mode: tools\n"
            "    links:\n"
            "      - db\n"
            "      - cache:redis\n"
            "    image: example/admin:1\n"
        ),
    }
    got = fix_twice(tmp_path, files, monkeypatch)
    assert got["tasks/main.yml"] == (
        "- community.docker.docker_container:\n"
        "    name: admin\n"
        "    network_mode: tools\n"
        "    image: example/admin:1\n"
    )


FIXTURE = (
    Path(__file__).resolve().parents[2] / "fixtures" / "realworld" / "ansible-network-migration"
)


def test_fixture_fixed_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "p"
    shutil.copytree(FIXTURE, copy)
    files = {str(p.relative_to(copy)): p.read_text("utf-8") for p in copy.rglob("*") if p.is_file()}
    got = fix_twice(copy, files, monkeypatch)
    changed = {k for k in files if got[k] != files[k]}
    assert changed == {"roles/shop/tasks/main.yml"}
    assert got["roles/shop/tasks/main.yml"] == (
        "---\n"
        "- name: Create the network shop-db-net\n"
        "  community.docker.docker_network:\n"
        "    name: shop-db-net\n"
        "\n"
        "- name: Start PostgreSQL\n"
        "  community.docker.docker_container:\n"
        "    name: shop-db\n"
        "    image: postgres:9.6\n"
        "    env:\n"
        "      POSTGRES_DB: shop\n"
        "    volumes:\n"
        "      - /srv/shop/pgdata:/var/lib/postgresql/data\n"
        "    networks:\n"
        "      - name: shop-db-net\n"
        "        aliases:\n"
        "          - db\n"
        "\n"
        "- name: Start Redis\n"
        "  community.docker.docker_container:\n"
        "    name: shop-cache\n"
        "    image: redis:3.2\n"
        "    networks:\n"
        "      - name: shop-db-net\n"
        "        aliases:\n"
        "          - redis\n"
        "\n"
        "- name: Start the shop\n"
        "  community.docker.docker_container:\n"
        "    name: shop\n"
        "    image: registry.example.com/shop:2.3\n"
        "    restart_policy: always\n"
        "    env:\n"
        "      RAILS_ENV: production\n"
        "      DB_PORT_5432_TCP_ADDR: db\n"
        '      DB_PORT_5432_TCP_PORT: "5432"\n'
        "      REDIS_PORT_6379_TCP_ADDR: redis\n"
        "    published_ports:\n"
        '      - "80:3000"\n'
        "    networks:\n"
        "      - name: shop-db-net\n"
    )
