"""Program order: a link reaches the container that holds its target's name when the
consumer starts (``docker rm``, re-creation and ``docker rename`` included; document
order in Markdown; one block per function and per Makefile rule), and the fix is unsafe,
saying why, when that order cannot be known."""

from __future__ import annotations

from pathlib import Path

import pytest

from delink.fixer import run_fix
from delink.lint import Linter
from delink.settings import Settings
from tests.conftest import MakeProject

ORDER_REASON = (
    "several containers are started as `db`, and which one holds the name when the consumer "
    "starts depends on an order delink cannot see (a branch, a function, another file)"
)


def _fixed(root: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.chdir(root)
    outcome = run_fix(["."], Settings(root=root), None, unsafe=True, write=False)
    assert outcome.errors == []
    return {p: c.after for p, c in outcome.changes.items()}


def _helps(root: Path, monkeypatch: pytest.MonkeyPatch) -> set[str]:
    monkeypatch.chdir(root)
    diags = Linter(Settings(root=root), ["DLK301"]).lint(["."]).diagnostics
    return {d.fix.message for d in diags if d.fix is not None}


def test_a_removed_and_recreated_target_is_the_one_the_link_reaches(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(
        {
            "run.sh": (
                "docker run -d --name db postgres:9\n"
                "docker rm -f db\n"
                "docker run -d --name db postgres:16\n"
                "docker run -d --name web --link db:db myorg/web\n"
            )
        }
    )
    assert _fixed(root, monkeypatch)["run.sh"] == (
        "docker run -d --name db postgres:9\n"
        "docker rm -f db\n"
        "docker network inspect db-net >/dev/null 2>&1 || docker network create db-net\n"
        "docker run --network db-net -d --name db postgres:16\n"
        "docker run -d --name web --network db-net myorg/web\n"
    )
    assert not any("several containers" in m for m in _helps(root, monkeypatch))


def test_a_renamed_container_keeps_its_links_under_the_new_name(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(
        {
            "run.sh": (
                "docker run -d --name db postgres:9\n"
                "docker rename db db-old\n"
                "docker run -d --name db postgres:16\n"
                "docker run --rm --link db-old:old myorg/dump\n"
            )
        }
    )
    assert _fixed(root, monkeypatch)["run.sh"] == (
        "docker network inspect db-net >/dev/null 2>&1 || docker network create db-net\n"
        "docker run --network db-net --network-alias old -d --name db postgres:9\n"
        "docker rename db db-old\n"
        "docker run -d --name db postgres:16\n"
        "docker run --rm --network db-net myorg/dump\n"
    )


def test_each_readme_section_links_its_own_target(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(
        {
            "README.md": (
                "## PostgreSQL 9\n\n```sh\n"
                "docker run -d --name db postgres:9\n"
                "docker run -d --name web --link db:db myorg/web\n"
                "```\n\n## PostgreSQL 16\n\n```sh\n"
                "docker run -d --name db postgres:16\n"
                "docker run -d --name web --link db:database myorg/web\n"
                "```\n"
            )
        }
    )
    assert _fixed(root, monkeypatch)["README.md"] == (
        "## PostgreSQL 9\n\n```sh\n"
        "docker network create db-net\n"
        "docker run --network db-net -d --name db postgres:9\n"
        "docker run -d --name web --network db-net myorg/web\n"
        "```\n\n## PostgreSQL 16\n\n```sh\n"
        "docker network create db-net\n"
        "docker run --network db-net --network-alias database -d --name db postgres:16\n"
        "docker run -d --name web --network db-net myorg/web\n"
        "```\n"
    )


def test_targets_in_branches_all_move_and_the_fix_says_why_it_is_unsafe(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(
        {
            "run.sh": (
                'if [ "$OLD" ]; then\n'
                "  docker run -d --name db postgres:9\n"
                "else\n"
                "  docker run -d --name db postgres:16\n"
                "fi\n"
                "docker run -d --name web --link db:db myorg/web\n"
            )
        }
    )
    # the network is created before the `if`, so that either branch finds it
    assert _fixed(root, monkeypatch)["run.sh"] == (
        "docker network inspect db-net >/dev/null 2>&1 || docker network create db-net\n"
        'if [ "$OLD" ]; then\n'
        "  docker run --network db-net -d --name db postgres:9\n"
        "else\n"
        "  docker run --network db-net -d --name db postgres:16\n"
        "fi\n"
        "docker run -d --name web --network db-net myorg/web\n"
    )
    (message,) = _helps(root, monkeypatch)
    assert message == (
        "move 3 linked containers to the user-defined network `db-net`. Unsafe: "
        + ORDER_REASON
        + "; `myorg/web` is not built here, so delink cannot see which link vars it reads"
    )


def test_a_removal_only_on_one_branch_leaves_the_order_unknown(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(
        {
            "run.sh": (
                "docker run -d --name db postgres:9\n"
                '[ "$FRESH" ] && docker rm -f db && docker run -d --name db postgres:16\n'
                "docker run -d --name web --link db:db myorg/web\n"
            )
        }
    )
    (message,) = _helps(root, monkeypatch)
    assert ORDER_REASON in message
    # an unconditional `rm … || true` is no branch: the order is known
    root2 = make_project(
        {
            "run.sh": (
                "docker run -d --name db postgres:9\n"
                "docker rm -f db 2>/dev/null || true\n"
                "docker run -d --name db postgres:16\n"
                "docker run -d --name web --link db:db myorg/web\n"
            )
        },
        root=root / "other",
    )
    (message,) = _helps(root2, monkeypatch)
    assert ORDER_REASON not in message


def test_functions_are_blocks_of_their_own(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    # in `reset` the db is re-created before its consumer; `web` alone cannot tell
    # which of the two functions ran last
    root = make_project(
        {
            "run.sh": (
                "start_db() {\n"
                "  docker run -d --name db postgres:9\n"
                "}\n"
                "reset() {\n"
                "  docker rm -f db\n"
                "  docker run -d --name db postgres:16\n"
                "  docker run --rm --link db:db myorg/migrate\n"
                "}\n"
                "web() {\n"
                "  docker run -d --name web --link db:db myorg/web\n"
                "}\n"
            )
        }
    )
    messages = _helps(root, monkeypatch)
    assert len(messages) == 1
    assert ORDER_REASON in next(iter(messages))
    fixed = _fixed(root, monkeypatch)["run.sh"]
    # each function that starts a container of the group creates the network first
    assert fixed == (
        "start_db() {\n"
        "  docker network inspect db-net >/dev/null 2>&1 || docker network create db-net\n"
        "  docker run --network db-net -d --name db postgres:9\n"
        "}\n"
        "reset() {\n"
        "  docker rm -f db\n"
        "  docker network inspect db-net >/dev/null 2>&1 || docker network create db-net\n"
        "  docker run --network db-net -d --name db postgres:16\n"
        "  docker run --rm --network db-net myorg/migrate\n"
        "}\n"
        "web() {\n"
        "  docker network inspect db-net >/dev/null 2>&1 || docker network create db-net\n"
        "  docker run -d --name web --network db-net myorg/web\n"
        "}\n"
    )


def test_makefile_rules_are_blocks_of_their_own(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(
        {
            "Makefile": (
                "test:\n"
                "\tdocker run -d --name db postgres:16\n"
                "\tdocker run --rm --link db:db myorg/test\n"
                "\tdocker rm -f db\n"
                "\n"
                "run:\n"
                "\tdocker run -d --name db postgres:16\n"
                "\tdocker run -d --name web --link db:db myorg/web\n"
            )
        }
    )
    # each rule's consumer reaches the db its own rule started: two groups
    assert _fixed(root, monkeypatch)["Makefile"] == (
        "test:\n"
        "\tdocker network inspect db-net >/dev/null 2>&1 || docker network create db-net\n"
        "\tdocker run --network db-net -d --name db postgres:16\n"
        "\tdocker run --rm --network db-net myorg/test\n"
        "\tdocker rm -f db\n"
        "\n"
        "run:\n"
        "\tdocker network inspect db-net >/dev/null 2>&1 || docker network create db-net\n"
        "\tdocker run --network db-net -d --name db postgres:16\n"
        "\tdocker run -d --name web --network db-net myorg/web\n"
    )
    assert not any("several containers" in m for m in _helps(root, monkeypatch))


def test_a_page_of_another_directory_does_not_start_the_target_a_document_links(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    # one page per image, as in a documentation repository: the blog's page links a
    # `some-mysql` that the reader started by whatever means; the wiki's page starts one
    # for its own readers, and stays as it is
    wiki = "```console\n$ docker run -d --name some-mysql -e MYSQL_DATABASE=wiki mysql\n```\n"
    root = make_project(
        {
            "wiki/content.md": wiki,
            "blog/content.md": (
                "```console\n$ docker run --name some-blog --link some-mysql:mysql -d blog\n```\n"
            ),
        }
    )
    fixed = _fixed(root, monkeypatch)
    assert fixed == {
        "blog/content.md": (
            "```console\n"
            "$ docker network create some-mysql-net\n"
            "$ docker network connect --alias mysql some-mysql-net some-mysql\n"
            "$ docker run --name some-blog --network some-mysql-net -d blog\n"
            "```\n"
        )
    }
    (root / "blog/content.md").write_text(fixed["blog/content.md"])
    assert _fixed(root, monkeypatch) == {}


def test_a_page_of_the_readmes_docs_folder_links_the_target_the_readme_starts(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(
        {
            "README.md": "```sh\ndocker run -d --name db postgres:16\n```\n",
            "docs/web.md": "```sh\ndocker run -d --name web --link db:db myorg/web\n```\n",
        }
    )
    assert _fixed(root, monkeypatch) == {
        "README.md": (
            "```sh\n"
            "docker network create db-net\n"
            "docker run --network db-net -d --name db postgres:16\n"
            "```\n"
        ),
        "docs/web.md": (
            "```sh\n"
            "docker network create db-net\n"
            "docker run -d --name web --network db-net myorg/web\n"
            "```\n"
        ),
    }
