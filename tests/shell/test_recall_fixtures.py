"""The shell-recall fixture projects (issue 8): exact findings (code, row, column,
message start) and exact fixed text, and a second fix that changes nothing.

The fixtures' ``expected-lines.txt`` (checked for every fixture by
``tests/test_fixture_expectations.py``) say which lines are findings; these tests pin
what a user sees on them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from delink.fixer import run_fix
from delink.lint import Linter
from delink.report import position
from delink.settings import Settings

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures" / "realworld"


def _copy(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / name
    shutil.copytree(FIXTURES / name, copy)
    monkeypatch.chdir(copy)
    return copy


def findings(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """``path:row:col: CODE message`` of every finding, the message cut at its first
    ``:`` after the subject (the rest is pinned by the rule tests)."""
    copy = _copy(name, tmp_path, monkeypatch)
    result = Linter(Settings(root=copy)).lint(["."])
    out = []
    for d in result.diagnostics:
        row, col = position(result.files, d.path, d.span.start)
        out.append(f"{d.path}:{row}:{col}: {d.code} {d.message}")
    return out


def fixed(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The files ``delink fix --unsafe-fixes`` changes, with their new text; a second
    fix must change nothing."""
    copy = _copy(name, tmp_path, monkeypatch)
    settings = Settings(root=copy)
    outcome = run_fix(["."], settings, None, unsafe=True)
    assert outcome.errors == []
    texts = {path: (copy / path).read_text() for path in outcome.changes}
    again = run_fix(["."], settings, None, unsafe=True)
    assert again.changes == {}
    return texts


def test_link_variables_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    got = findings("shell-link-variables", tmp_path, monkeypatch)
    assert [line for line in got if "DLK308" in line] == [
        "Makefile:7:13: DLK308 `$(RUN_OPTS)` passes 1 link to this command "
        "(`--link billing-db:db` on line 1)",
        "bin/start.sh:9:34: DLK308 `$DB_LINKS` passes 1 link to this command "
        "(`--link billing-db:db` on line 8)",
        "bin/start.sh:13:13: DLK308 `${WORKER_ARGS[@]}` passes 1 link to this command "
        '(`"--link" "billing-cache:cache"` on line 12)',
        "bin/start.sh:19:37: DLK308 `$REPORT_LINKS` passes 1 link to this command "
        "(`--link $svc:$svc` on line 17)",
        "bin/start.sh:22:41: DLK308 `$ADMIN_LINKS` passes 1 link to this command "
        "(`--link billing-db:db` on line 21)",
    ]
    assert [line.split(" on the default")[0] for line in got if "DLK301" in line] == [
        "Makefile:1:11: DLK301 legacy link `billing-db:db`",
        "bin/start.sh:8:11: DLK301 legacy link `billing-db:db`",
        "bin/start.sh:12:15: DLK301 legacy link `billing-cache:cache`",
        "bin/start.sh:17:31: DLK301 legacy link `$svc:$svc`",
        "bin/start.sh:21:14: DLK301 legacy link `billing-db:db`",
    ]


def test_link_variables_related_locations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The link points at the expansion that carries it; the expansion at the link."""
    copy = _copy("shell-link-variables", tmp_path, monkeypatch)
    result = Linter(Settings(root=copy)).lint(["Makefile"])
    out = []
    for d in result.diagnostics:
        for r in d.related:
            row, col = position(result.files, r.span.path, r.span.start)
            out.append(f"{d.code} -> {row}:{col} {r.message}")
    assert out == [
        "DLK301 -> 6:2 the link target `billing-db` is started here",
        "DLK301 -> 7:13 the link reaches the command through this expansion",
        "DLK308 -> 1:11 the link is written here",
    ]


def test_link_variables_fixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = fixed("shell-link-variables", tmp_path, monkeypatch)
    assert texts["Makefile"] == (
        "LINKING =\n"
        "RUN_OPTS = -d $(LINKING)\n"
        "\n"
        ".PHONY: up\n"
        "up:\n"
        "\tdocker network inspect billing-db-net >/dev/null 2>&1"
        " || docker network create billing-db-net\n"
        "\tdocker run --network billing-db-net --network-alias db -d --name billing-db"
        " postgres:9.6\n"
        "\tdocker run --network billing-db-net $(RUN_OPTS) --name billing-api billing/api\n"
    )
    assert texts["bin/start.sh"].splitlines()[7:25] == [
        'DB_LINKS=""',
        "docker network inspect billing-db-net >/dev/null 2>&1"
        " || docker network create billing-db-net",
        "docker network connect --alias db billing-db-net billing-db 2>/dev/null || true",
        "docker run --network billing-db-net -d --name billing-api $DB_LINKS billing/api",
        "",
        "WORKER_ARGS=(-d --name billing-worker)",
        "WORKER_ARGS+=()",
        "docker network inspect billing-cache-net >/dev/null 2>&1"
        " || docker network create billing-cache-net",
        "docker network connect --alias cache billing-cache-net billing-cache 2>/dev/null || true",
        'docker run --network billing-cache-net "${WORKER_ARGS[@]}" billing/worker',
        "",
        'REPORT_LINKS=""',
        "for svc in billing-db billing-cache; do",
        '  REPORT_LINKS="$REPORT_LINKS --link $svc:$svc"',
        "done",
        "docker run -d --name billing-report $REPORT_LINKS billing/report",
        "",
        'ADMIN_LINKS=""',
    ]


def test_docs_prompts_and_markup_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    got = findings("docs-prompts-and-markup", tmp_path, monkeypatch)
    assert [line.split(" legacy link")[0] for line in got] == [
        "README.md:7:35: DLK301",
        "README.md:13:38: DLK301",
        "README.md:14:36: DLK301",
        "README.md:20:55: DLK301",
        "README.md:23:40: DLK301",
        "docs/install.rst:10:40: DLK301",
        "docs/install.rst:14:25: DLK301",
        "docs/upgrade.adoc:5:19: DLK301",
        "docs/upgrade.adoc:9:17: DLK301",
    ]
    assert "`ledger` reaches `ledger-db`" in got[0]


def test_docs_prompts_and_markup_fixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reStructuredText blocks are rewritten in place; the Markdown group is only
    displayed (one of its commands is inline code in a sentence)."""
    texts = fixed("docs-prompts-and-markup", tmp_path, monkeypatch)
    assert sorted(texts) == ["docs/install.rst"]
    assert texts["docs/install.rst"].splitlines()[8:14] == [
        "   $ docker network create ledger-db-net",
        "   $ docker run --network ledger-db-net --network-alias db -d --name ledger-db"
        " postgres:9.5",
        "   $ docker run -d --name ledger-admin --network ledger-db-net ledger/admin",
        "",
        "To check the tables from a throw-away client::",
        "",
    ]
    assert texts["docs/install.rst"].splitlines()[14] == (
        "    docker run -it --rm --network ledger-db-net postgres:9.5 psql -h db -U postgres"
    )


def test_vagrant_docker_provider_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    got = findings("vagrant-docker-provider", tmp_path, monkeypatch)
    assert [line.split(" on the default")[0].split(", which")[0] for line in got] == [
        "Vagrantfile:14:19: DLK301 legacy link `node1:seed`",
        "Vagrantfile:16:47: DLK501 reads `SEED_PORT_7946_TCP_ADDR`",
        "Vagrantfile:25:15: DLK301 legacy link `node1:api`",
    ]
    assert fixed("vagrant-docker-provider", tmp_path / "again", monkeypatch) == {}


def test_link_after_image_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert findings("link-after-image", tmp_path, monkeypatch) == [
        "scripts/nightly.sh:9:3: DLK309 `--link export-db:db` is not a link: it comes after the "
        "image `example/exporter:2`, so docker passes it to the container's command, not to "
        "`docker run`",
        "scripts/nightly.sh:13:3: DLK309 `--link export-db:db` is not a link: the line before "
        "ends with `\\ ` (a backslash and a blank), which ends the docker command instead of "
        "continuing it",
        "scripts/nightly.sh:15:35: DLK309 `\\ --link export-db:db` is not a link: the `\\ ` "
        "before it is an escaped blank, so docker takes ` --link` as the image name",
    ]


def test_dokku_option_store_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    got = findings("dokku-option-store", tmp_path, monkeypatch)
    assert got == [
        "plugin/docker-args-deploy:7:16: DLK310 this hook prints the legacy link "
        '`dokku.memcached.$(cat "$DOKKU_ROOT/$APP/MEMCACHED"):cache` as a docker option: '
        "dokku gives it to the app's `docker run` on the default bridge network",
        "plugin/functions:10:41: DLK310 `add_passed_docker_option` stores the legacy link "
        "`$SERVICE_NAME:cache` for the app's containers: dokku gives it to their `docker run` "
        "on the default bridge network",
        "plugin/functions:12:49: DLK310 `dokku docker-options:add` stores the legacy link "
        "`$SERVICE_NAME:cache` for the app's containers: dokku gives it to their `docker run` "
        "on the default bridge network",
        "plugin/functions:20:50: DLK310 `dokku docker-options:remove` removes the stored legacy "
        "link `$SERVICE_NAME:cache`: once the app is on a network, remove that network option "
        "instead",
    ]
    # a suggestion only: the options live in dokku's store
    assert fixed("dokku-option-store", tmp_path / "again", monkeypatch) == {}


def test_shell_wrappers_fixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Calls of wrapper functions are fixed at the call; xargs' `{}` target and the
    command run through ssh keep their links (the fix is only shown)."""
    got = findings("shell-wrappers", tmp_path / "check", monkeypatch)
    assert [line.split(" on the default")[0] for line in got] == [
        "scripts/deploy.sh:15:27: DLK301 legacy link `shop-db:db`",
        "scripts/deploy.sh:16:33: DLK301 legacy link `shop-db:db`",
        "scripts/deploy.sh:17:39: DLK301 legacy link `shop-db:db`",
        "scripts/deploy.sh:18:43: DLK301 legacy link `shop-db:db`",
        "scripts/deploy.sh:19:45: DLK301 legacy link `shop-db:db`",
        "scripts/deploy.sh:20:59: DLK301 legacy link `{}:db`",
        "scripts/remote.sh:4:49: DLK301 legacy link `shop-replica:db`",
    ]
    texts = fixed("shell-wrappers", tmp_path, monkeypatch)
    assert sorted(texts) == ["scripts/deploy.sh"]
    assert texts["scripts/deploy.sh"].splitlines()[13:] == [
        "docker network inspect shop-db-net >/dev/null 2>&1 || docker network create shop-db-net",
        "dk run --network shop-db-net --network-alias db -d --name shop-db postgres:9.6",
        "dk run -d --name shop-web --network shop-db-net shop/web",
        "run_detached --name shop-worker --network shop-db-net shop/worker",
        '"$DOCKER_BIN" run -d --name shop-cron --network shop-db-net shop/cron',
        "${DOCKER:-docker} run -d --name shop-mail --network shop-db-net shop/mail",
        'eval "sudo docker run -d --name shop-search --network shop-db-net shop/search"',
        "echo shop-db | xargs -I{} docker run -d --name shop-stats --link {}:db shop/stats",
    ]


def test_rm_short_flag_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert [
        line.split(" removes")[0] for line in findings("rm-short-flag", tmp_path, monkeypatch)
    ] == [
        "bin/teardown.sh:4:1: DLK307 `docker rm --link /review-web/db`",
        "bin/teardown.sh:5:1: DLK307 `docker rm --link /review-web/cache`",
    ]


def test_link_text_from_echo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    got = findings("link-text-from-echo", tmp_path, monkeypatch)
    assert [line.split(" on the default")[0] for line in got] == [
        "start.sh:4:44: DLK301 legacy link `${svc}:${svc}`",
        "start.sh:11:3: DLK308 `$LINK_ARGS` passes 1 link to this command "
        "(`--link ${svc}:${svc}` on line 4)",
    ]
    assert fixed("link-text-from-echo", tmp_path / "again", monkeypatch) == {}


def test_systemd_units(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    got = findings("systemd-units", tmp_path, monkeypatch)
    assert [line.split(" on the default")[0] for line in got] == [
        "ledger-web@.service:11:5: DLK301 legacy link `ledger-db:db`"
    ]
    # unit files are not rewritten: a new ExecStartPre= is the unit author's call
    assert fixed("systemd-units", tmp_path / "again", monkeypatch) == {}


def test_runners_and_text_docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Runners (a sourced file's function that runs "$@", bats's `run`), a Make variable
    grown inside ifdef, a plain-text README, and documentation blocks read by content."""
    got = findings("shell-runners-and-text-docs", tmp_path / "check", monkeypatch)
    assert [line.split(" on the ")[0].split(" in a v1")[0] for line in got] == [
        "Makefile:5:15: DLK301 legacy link `$(DB_CONTAINER):db`",
        "Makefile:10:32: DLK308 `$(run_flags)` passes 1 link to this command "
        "(`--link $(DB_CONTAINER):db` on line 5)",
        "README:7:26: DLK301 legacy link `farm-db:db`",
        "README:9:20: DLK301 legacy link `farm-db`",
        "docs/compose.md:5:1: DLK201 Compose file in the v1 format (no `services:` key): "
        "its links are legacy links, and Compose v2 cannot load it; upgrade it to the "
        "Compose spec format",
        "docs/compose.md:8:7: DLK202 legacy link `db`",
        "docs/compose.md:21:9: DLK203 `links` entry `db:database` of `web` is only a DNS alias",
        "docs/compose.md:28:3: DLK301 legacy link `farm-db:db`",
        "docs/compose.md:32:1: DLK201 Compose file in the v1 format (no `services:` key): "
        "its links are legacy links, and Compose v2 cannot load it; upgrade it to the "
        "Compose spec format",
        "docs/compose.md:35:7: DLK202 legacy link `db`",
        "docs/guide.adoc:5:17: DLK302 `--link farm-db:db`",
        "scripts/cluster-functions:15:52: DLK301 legacy link `$FARM_DB:db`",
        "test/web.bats:4:23: DLK301 legacy link `farm-db:db`",
        "test/web.bats:9:26: DLK301 legacy link `farm-db:db`",
    ]
    texts = fixed("shell-runners-and-text-docs", tmp_path, monkeypatch)
    assert sorted(texts) == ["Makefile", "scripts/cluster-functions"]
    assert texts["scripts/cluster-functions"].splitlines()[12:] == [
        "cluster-start() {",
        '  docker network inspect "$FARM_DB-net" >/dev/null 2>&1'
        ' || docker network create "$FARM_DB-net"',
        '  run-unless-dry-run docker run --network "$FARM_DB-net" --network-alias db -d'
        ' --name "$FARM_DB" postgres:9.6',
        '  run-unless-dry-run docker run -d --name farm-web --network "$FARM_DB-net" farm/web',
        "}",
    ]
    assert texts["Makefile"].splitlines()[3:] == [
        "ifdef DB_CONTAINER",
        "\trun_flags +=",
        "endif",
        "",
        ".PHONY: run",
        "run:",
        "\tdocker network inspect '$(DB_CONTAINER)-net' >/dev/null 2>&1"
        " || docker network create '$(DB_CONTAINER)-net'",
        "\tdocker network connect --alias db '$(DB_CONTAINER)-net' \"$(DB_CONTAINER)\""
        " 2>/dev/null || true",
        "\tdocker run --network '$(DB_CONTAINER)-net' --name farm-worker $(run_flags) $(NAME)",
    ]
