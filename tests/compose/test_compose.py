"""Compose source, rules and fixes on small projects: exact diagnostics and fixed text."""

from __future__ import annotations

from pathlib import Path

import pytest

from delink.fixer import run_fix
from delink.lint import Linter
from delink.report import position
from delink.settings import Settings


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8", newline="")


def lint(root: Path, files: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    _write(root, files)
    monkeypatch.chdir(root)
    result = Linter(Settings(root=root)).lint(["."])
    out = []
    for d in result.diagnostics:
        row, col = position(result.files, d.path, d.span.start)
        out.append(f"{d.path.removeprefix('./')}:{row}:{col}: {d.code}")
    return out


def fix(
    root: Path, files: dict[str, str], monkeypatch: pytest.MonkeyPatch, unsafe: bool = True
) -> dict[str, str]:
    _write(root, files)
    monkeypatch.chdir(root)
    run_fix(["."], Settings(root=root), None, unsafe=unsafe)
    first = {rel: (root / rel).read_text("utf-8") for rel in files}
    run_fix(["."], Settings(root=root), None, unsafe=unsafe)
    second = {rel: (root / rel).read_text("utf-8") for rel in files}
    assert first == second, "a second fix changed something"
    return first


def test_v2_service_reading_link_vars_in_its_command_is_already_broken(tmp_path, monkeypatch):
    got = lint(
        tmp_path,
        {
            "compose.yaml": (
                "services:\n"
                "  app:\n"
                "    image: busybox\n"
                "    command: sh -c 'ping $$DB_PORT_5432_TCP_ADDR'\n"
                "    links: [db]\n"
                "  db:\n"
                "    image: postgres:16\n"
            )
        },
        monkeypatch,
    )
    assert "compose.yaml:4:28: DLK504" in got
    assert "compose.yaml:5:13: DLK203" in got


def test_entrypoint_script_in_the_build_context_is_tied_to_the_service(tmp_path, monkeypatch):
    got = lint(
        tmp_path,
        {
            "docker-compose.yml": (
                "version: '3'\nservices:\n  app:\n    build: ./app\n"
                "    links:\n      - db\n  db:\n    image: redis:7\n"
            ),
            "app/Dockerfile": 'FROM alpine\nCOPY run.sh /run.sh\nCMD ["/run.sh"]\n',
            "app/run.sh": "#!/bin/sh\nnc $DB_PORT_6379_TCP_ADDR 6379\n",
        },
        monkeypatch,
    )
    assert "app/run.sh:2:5: DLK504" in got


def test_override_and_compose_file_targets_resolve(tmp_path, monkeypatch):
    files = {
        "docker-compose.yml": "services:\n  db:\n    image: postgres:16\n",
        "docker-compose.override.yml": (
            "services:\n  web:\n    image: nginx\n    links:\n      - db\n      - nowhere\n"
        ),
        "other/.env": "COMPOSE_FILE=base.yml:links.yml\n",
        "other/base.yml": "services:\n  cache:\n    image: redis:7\n",
        "other/links.yml": "services:\n  web:\n    image: nginx\n    links: [cache]\n",
    }
    got = lint(tmp_path, files, monkeypatch)
    assert "docker-compose.override.yml:6:9: DLK206" in got
    assert not any(g.startswith("docker-compose.override.yml:5:") and "DLK206" in g for g in got)
    assert not any("other/links.yml" in g and "DLK206" in g for g in got)


def test_interpolated_link_from_dotenv_and_unresolved(tmp_path, monkeypatch):
    files = {
        ".env": "DB_SERVICE=db\n",
        "compose.yaml": (
            "services:\n  web:\n    image: nginx\n    links:\n"
            "      - ${DB_SERVICE}:database\n      - ${OTHER}:x\n  db:\n    image: postgres\n"
        ),
    }
    got = lint(tmp_path, files, monkeypatch)
    assert "compose.yaml:5:9: DLK203" in got
    assert "compose.yaml:6:9: DLK208" in got
    assert not any("DLK206" in g for g in got)


def test_not_compose_yaml_gives_no_link(tmp_path, monkeypatch):
    files = {
        "deploy/web.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    links: a\n",
        "vars.yml": "links:\n  - src: a\n    dest: b\n",
        "tool.yml": "web:\n  links: [a]\n  colour: red\n",
    }
    assert lint(tmp_path, files, monkeypatch) == []


def test_template_that_does_not_parse_is_a_clear_problem(tmp_path, monkeypatch):
    files = {
        "docker-compose.yml.j2": (
            "web:\n  image: x\n  links:\n{% for s in services %}\n  - {{ s }\n"
        ),
    }
    got = lint(tmp_path, files, monkeypatch)
    assert got and all("DLK101" in g for g in got)


def test_template_placeholders_are_masked(tmp_path, monkeypatch):
    files = {
        "docker-compose.yml.j2": (
            "web:\n  image: {{ image }}\n  links:\n    - db\ndb:\n  image: postgres\n"
        ),
    }
    got = lint(tmp_path, files, monkeypatch)
    assert "docker-compose.yml.j2:4:7: DLK202" in got


def test_alias_collision_and_self_link_and_network_mode(tmp_path, monkeypatch):
    files = {
        "compose.yaml": (
            "services:\n"
            "  web:\n    image: nginx\n    links:\n      - db2:db\n"
            "  worker:\n    image: nginx\n    links:\n      - db1:db\n"
            "  agent:\n    image: nginx\n    network_mode: host\n    links: [db1]\n"
            "  db1:\n    image: postgres\n"
            "  db2:\n    image: postgres\n"
        )
    }
    got = lint(tmp_path, files, monkeypatch)
    assert "compose.yaml:5:9: DLK205" in got
    assert "compose.yaml:9:9: DLK205" in got
    assert "compose.yaml:13:13: DLK207" in got


def test_anchor_links_get_no_fix(tmp_path, monkeypatch):
    text = (
        "x-links: &links\n  links:\n    - db\n"
        "services:\n  web:\n    <<: *links\n    image: nginx\n  db:\n    image: postgres\n"
    )
    out = fix(tmp_path, {"compose.yaml": text}, monkeypatch)
    assert out["compose.yaml"] == text


def test_list_networks_become_a_map_and_env_keeps_list_style(tmp_path, monkeypatch):
    files = {
        "compose.yaml": (
            "services:\n"
            "  app:\n"
            "    build: app\n"
            "    network_mode: bridge\n"
            "    environment:\n"
            "      - MODE=prod\n"
            "    links:\n"
            "      - db:database\n"
            "  db:\n"
            "    image: postgres:16\n"
            "    network_mode: bridge\n"
            "    expose:\n"
            '      - "5432"\n'
            "    environment:\n"
            "      POSTGRES_USER: app\n"
        ),
        "app/Dockerfile": 'FROM alpine\nCOPY run.sh /run.sh\nCMD ["/run.sh"]\n',
        "app/run.sh": (
            "#!/bin/sh\npsql -h $DATABASE_PORT_5432_TCP_ADDR -U $DATABASE_ENV_POSTGRES_USER\n"
        ),
    }
    out = fix(tmp_path, files, monkeypatch)
    assert out["compose.yaml"] == (
        "services:\n"
        "  app:\n"
        "    build: app\n"
        "    environment:\n"
        "      - MODE=prod\n"
        "      - DATABASE_PORT_5432_TCP_ADDR=database\n"
        "      - DATABASE_ENV_POSTGRES_USER=app\n"
        "    depends_on:\n"
        "      db:\n"
        "        condition: service_started\n"
        "        restart: true\n"
        "  db:\n"
        "    image: postgres:16\n"
        "    expose:\n"
        '      - "5432"\n'
        "    environment:\n"
        "      POSTGRES_USER: app\n"
        "    networks:\n"
        "      default:\n"
        "        aliases:\n"
        "          - database\n"
    )


def test_v21_depends_on_map_and_existing_entry(tmp_path, monkeypatch):
    files = {
        "docker-compose.yml": (
            'version: "2.1"\n'
            "services:\n"
            "  web:\n"
            "    image: nginx\n"
            "    depends_on:\n"
            "      cache:\n"
            "        condition: service_healthy\n"
            "    links:\n"
            "      - cache\n"
            "      - db\n"
            "  cache:\n    image: redis\n"
            "  db:\n    image: postgres\n"
        )
    }
    out = fix(tmp_path, files, monkeypatch)
    assert out["docker-compose.yml"] == (
        'version: "2.1"\n'
        "services:\n"
        "  web:\n"
        "    image: nginx\n"
        "    depends_on:\n"
        "      cache:\n"
        "        condition: service_healthy\n"
        "      db:\n"
        "        condition: service_started\n"
        "  cache:\n    image: redis\n"
        "  db:\n    image: postgres\n"
    )


def test_safe_fix_only_takes_the_exact_links(tmp_path, monkeypatch):
    files = {
        "compose.yaml": (
            "services:\n"
            "  web:\n"
            "    image: nginx\n"
            "    links:\n"
            "      - cache\n"
            "      - db:database\n"
            "  cache:\n    image: redis\n"
            "  db:\n    image: postgres\n"
        )
    }
    out = fix(tmp_path, files, monkeypatch, unsafe=False)
    assert out["compose.yaml"] == (
        "services:\n"
        "  web:\n"
        "    image: nginx\n"
        "    links:\n"
        "      - db:database\n"
        "    depends_on:\n"
        "      cache:\n"
        "        condition: service_started\n"
        "        restart: true\n"
        "  cache:\n    image: redis\n"
        "  db:\n    image: postgres\n"
    )


def test_v1_upgrade_moves_v1_keys(tmp_path, monkeypatch):
    files = {
        "docker-compose.yml": (
            "web:\n"
            "  build: .\n"
            "  dockerfile: Dockerfile.dev\n"
            "  net: bridge\n"
            "  log_driver: syslog\n"
            "  volumes:\n"
            "    - data:/srv\n"
            "  links:\n"
            "    - db\n"
            "db:\n"
            "  image: postgres\n"
        ),
        "Dockerfile.dev": 'FROM alpine\nCMD ["/app"]\n',
    }
    out = fix(tmp_path, files, monkeypatch)
    assert out["docker-compose.yml"] == (
        "services:\n"
        "  web:\n"
        "    build:\n"
        "      context: .\n"
        "      dockerfile: Dockerfile.dev\n"
        "    logging:\n"
        "      driver: syslog\n"
        "    volumes:\n"
        "      - data:/srv\n"
        "    depends_on:\n"
        "      db:\n"
        "        condition: service_started\n"
        "        restart: true\n"
        "  db:\n"
        "    image: postgres\n"
        "volumes:\n"
        "  data:\n"
        "    name: data\n"
    )
