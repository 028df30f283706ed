"""Compose-like formats: Docker Cloud stackfiles, examples in documentation with elisions."""

from __future__ import annotations

from pathlib import Path

import pytest

from delink.fixer import run_fix
from delink.settings import Settings

from .test_compose import _write
from .test_templates import lint_messages

STACK = (
    "db:\n"
    "  image: 'postgres:9.5'\n"
    "lb:\n"
    "  autoredeploy: true\n"
    "  image: 'dockercloud/haproxy:latest'\n"
    "  links:\n"
    "    - web\n"
    "  roles:\n"
    "    - global\n"
    "web:\n"
    "  image: 'shop/web:latest'\n"
    "  links:\n"
    "    - db:database\n"
    "  target_num_containers: 3\n"
)
HINT = (
    " [display-only: a Docker Cloud stackfile has no Compose upgrade: write the stack as a "
    "Compose file on a user-defined network by hand]"
)


def test_stackfile_links_are_legacy_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    got = lint_messages(tmp_path, {"dockercloud.yml": STACK}, monkeypatch)
    assert got == [
        "dockercloud.yml:1:1: DLK201 Compose file in the v1 format (no `services:` key): its "
        "links are legacy links, and Compose v2 cannot load it; upgrade it to the Compose "
        "spec format" + HINT,
        "dockercloud.yml:7:7: DLK202 legacy link `web` in a v1 Compose file: `lb` reaches "
        "`web` through deprecated /etc/hosts entries and link env vars" + HINT,
        "dockercloud.yml:13:7: DLK202 legacy link `db:database` in a v1 Compose file: `web` "
        "reaches `db` through deprecated /etc/hosts entries and link env vars" + HINT,
    ]


def test_stackfile_is_not_rewritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, {"dockercloud.yml": STACK})
    monkeypatch.chdir(tmp_path)
    assert run_fix(["."], Settings(root=tmp_path), None, unsafe=True).changes == {}
    assert (tmp_path / "dockercloud.yml").read_text() == STACK


def test_other_yaml_with_unknown_keys_is_still_not_compose(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "web:\n  image: x\n  links: [a]\n  colour: red\n"
    assert lint_messages(tmp_path, {"tool.yml": text}, monkeypatch) == []


def test_elided_lines_of_a_markdown_example_are_comments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = (
        "```yaml\n"
        "db:\n"
        "  ...\n"
        "web:\n"
        "  image: app\n"
        "  environment:\n"
        "    …\n"
        "    MODE: prod\n"
        "  links:\n"
        "    - db:database\n"
        "```\n"
    )
    got = lint_messages(tmp_path, {"README.md": doc}, monkeypatch)
    assert [g.split(" ", 2)[:2] for g in got] == [
        ["README.md:2:1:", "DLK201"],
        ["README.md:10:7:", "DLK202"],
    ]


def test_a_compose_named_file_with_keys_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fig.yml service with a key Compose does not know (`name:`) is still a service when
    it has an image or a build: the file's name says Compose."""
    text = (
        "node1:\n"
        "  image: es:1.4\n"
        "  name: node1\n"
        "node2:\n"
        "  image: es:1.4\n"
        "  name: node2\n"
        "  links:\n"
        "   - node1\n"
    )
    got = lint_messages(tmp_path, {"fig.yml": text, "tool.yml": text}, monkeypatch)
    assert [g.split(" ", 2)[:2] for g in got] == [
        ["fig.yml:1:1:", "DLK201"],
        ["fig.yml:8:6:", "DLK202"],
    ]
